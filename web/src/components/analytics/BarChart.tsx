import { Bar, BarChart as Chart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { currentLanguage, isRtl } from '../../i18n.ts';

export type ChartSeries = { key: string; label: string; color: string; stack?: string };

export type BarChartProps = {
  title: string;
  rows: Array<Record<string, string | number>>;
  /** The field naming each bar (or group of bars). */
  categoryKey: string;
  series: ChartSeries[];
  format: (n: number) => string;
  /** Horizontal bars suit long labels (product titles). */
  horizontal?: boolean;
  /** Counts (parcels): whole-number ticks only. */
  counts?: boolean;
};

/**
 * Bars through recharts (loaded lazily with this file). The value axis and tooltip use the page's
 * number formats; in Urdu and Shahmukhi categories run right to left and the value axis sits on
 * the right, as the page reads. The chart is an image for screen readers (the table beside it
 * carries the figures), with recharts' keyboard layer for sighted keyboard users.
 */
export default function BarChart({ title, rows, categoryKey, series, format, horizontal = false, counts = false }: BarChartProps) {
  const rtl = isRtl(currentLanguage());
  const category = horizontal ? (
    <YAxis type="category" dataKey={categoryKey} width={160} orientation={rtl ? 'right' : 'left'} tick={{ fontSize: 12 }} />
  ) : (
    <XAxis type="category" dataKey={categoryKey} reversed={rtl} tick={{ fontSize: 12 }} />
  );
  const value = horizontal ? (
    <XAxis type="number" tickFormatter={format} allowDecimals={!counts} reversed={rtl} tick={{ fontSize: 12 }} />
  ) : (
    <YAxis
      type="number"
      tickFormatter={format}
      allowDecimals={!counts}
      orientation={rtl ? 'right' : 'left'}
      width={80}
      tick={{ fontSize: 12 }}
    />
  );
  const height = horizontal ? Math.max(160, rows.length * 32 + 60) : 260;
  return (
    <figure className="rapport-bar-chart" aria-label={title}>
      <ResponsiveContainer width="100%" height={height}>
        <Chart
          data={rows}
          layout={horizontal ? 'vertical' : 'horizontal'}
          margin={{ top: 8, right: 16, bottom: 8, left: 16 }}
          title={title}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={horizontal} horizontal={!horizontal} />
          {category}
          {value}
          <Tooltip formatter={(v) => format(Number(v))} />
          <Legend />
          {series.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} stackId={s.stack} isAnimationActive={false} />
          ))}
        </Chart>
      </ResponsiveContainer>
    </figure>
  );
}
