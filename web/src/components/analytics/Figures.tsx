/** A few labelled figures as a description list (label above value), laid out as a grid. */
export function Figures({ items }: { items: Array<{ id: string; label: string; value: string }> }) {
  return (
    <dl className="rapport-figures">
      {items.map((i) => (
        <div key={i.id} className="rapport-figures__item" data-figure={i.id}>
          <dt>{i.label}</dt>
          <dd>{i.value}</dd>
        </div>
      ))}
    </dl>
  );
}
