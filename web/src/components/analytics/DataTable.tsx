import type { ReactNode } from 'react';

export type Column<R> = { id: string; label: string; numeric?: boolean; cell: (row: R) => ReactNode };

/**
 * A plain, captioned table (the data behind a chart, or a report that is a list). Wide tables
 * scroll inside a focusable region so keyboard users can scroll them too.
 */
export function DataTable<R>({
  caption,
  columns,
  rows,
  rowKey,
}: {
  caption: string;
  columns: Column<R>[];
  rows: R[];
  rowKey: (r: R) => string;
}) {
  return (
    <div className="rapport-table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table className="rapport-table">
        <caption className="rapport-visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.id} scope="col" className={c.numeric ? 'rapport-table__num' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={rowKey(r)}>
              {columns.map((c, i) =>
                i === 0 ? (
                  <th key={c.id} scope="row">
                    {c.cell(r)}
                  </th>
                ) : (
                  <td key={c.id} className={c.numeric ? 'rapport-table__num' : undefined}>
                    {c.cell(r)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
