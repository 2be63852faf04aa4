import { useTranslation } from 'react-i18next';
import type { AnalyticsSummary } from '../../api.ts';
import { formatDate, formatMoney, formatNumber } from '../../format.ts';
import { currentLanguage, isRtl } from '../../i18n.ts';

const W = 640;
const H = 180;
const PAD = 8;

/**
 * Daily revenue (bars) and orders (line) as one small inline SVG: no chart library in the
 * bundle. The numbers are also in a visually hidden table for screen readers.
 */
export function RevenueChart({ daily }: { daily: AnalyticsSummary['daily'] }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const rtl = isRtl(lang);
  const n = daily.length || 1;
  const maxRevenue = Math.max(1, ...daily.map((d) => Number(d.revenue.amount)));
  const maxOrders = Math.max(1, ...daily.map((d) => d.orders));
  const slot = (W - PAD * 2) / n;
  // Time runs with the reading direction: right to left in Urdu and Shahmukhi.
  const x = (i: number) => PAD + (rtl ? n - 1 - i : i) * slot;
  const y = (v: number, max: number) => H - PAD - (v / max) * (H - PAD * 2);
  const line = daily.map((d, i) => `${i ? 'L' : 'M'}${(x(i) + slot / 2).toFixed(1)},${y(d.orders, maxOrders).toFixed(1)}`).join(' ');
  return (
    <figure className="rapport-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="rapport-chart-title" preserveAspectRatio="none">
        <title id="rapport-chart-title">{t('home.chartTitle')}</title>
        {daily.map((d, i) => {
          const top = y(Number(d.revenue.amount), maxRevenue);
          return (
            <rect key={d.date} x={x(i) + slot * 0.15} y={top} width={slot * 0.7} height={H - PAD - top} className="rapport-chart__bar">
              <title>{`${formatDate(lang, `${d.date}T12:00:00Z`)}: ${formatMoney(lang, d.revenue)}, ${t('home.ordersN', { n: formatNumber(lang, d.orders) })}`}</title>
            </rect>
          );
        })}
        <path d={line} className="rapport-chart__line" fill="none" />
      </svg>
      <figcaption className="rapport-chart__legend">
        <span className="rapport-chart__key rapport-chart__key--bar" aria-hidden="true" /> {t('home.revenue')}
        <span className="rapport-chart__key rapport-chart__key--line" aria-hidden="true" /> {t('home.orders')}
      </figcaption>
      <table className="rapport-visually-hidden">
        <caption>{t('home.chartTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('home.date')}</th>
            <th scope="col">{t('home.revenue')}</th>
            <th scope="col">{t('home.orders')}</th>
          </tr>
        </thead>
        <tbody>
          {daily.map((d) => (
            <tr key={d.date}>
              <td>{formatDate(lang, `${d.date}T12:00:00Z`)}</td>
              <td>{formatMoney(lang, d.revenue)}</td>
              <td>{formatNumber(lang, d.orders)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
