import { BlockStack, Select } from '@shopify/polaris';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CodReport } from '../../api.ts';
import { formatMonth, formatNumber, formatPercent, isolate } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ChartWithTable } from './ChartWithTable.tsx';
import { DataTable } from './DataTable.tsx';
import { Figures } from './Figures.tsx';
import type { Period } from './period.ts';
import { ReportCard } from './ReportCard.tsx';

type Figures = CodReport['totals'];
type Row = Figures & { key: string; label: string };
const groupings = ['city', 'store', 'month', 'segment', 'confirmation'] as const;
type Grouping = (typeof groupings)[number];
// The chart shows the busiest groups; the table below it lists every one.
const CHART_GROUPS = 12;

export const DELIVERED_COLOR = '#29845a';
export const RETURNED_COLOR = '#c5280c';

/** Cash on delivery: parcels delivered against returned to sender, by city, store, month, saved segment (its current members) or COD confirmation answer. */
export function CodCard({ period }: { period: Period }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [by, setBy] = useState<Grouping>('city');
  const rowsOf = (r: CodReport): Row[] =>
    by === 'city'
      ? r.cities.map((c) => ({ ...c, key: c.city ?? '', label: c.city ? isolate(c.city) : t('analytics.cod.noCity') }))
      : by === 'store'
        ? r.stores.map((s) => ({ ...s, key: s.connectionId, label: isolate(s.name || s.domain) }))
        : by === 'segment'
          ? r.segments.map((s) => ({ ...s, key: s.segmentId, label: isolate(s.name) }))
          : by === 'confirmation'
            ? // The answer to the WhatsApp COD confirmation: the RTO rate of confirmed vs unanswered vs never asked.
              r.confirmation.map((c) => ({ ...c, key: c.answer, label: t(`analytics.cod.answer.${c.answer}`) }))
            : r.months.map((m) => ({ ...m, key: m.month, label: formatMonth(lang, m.month) }));
  return (
    <ReportCard<CodReport>
      name="cod"
      title={t('analytics.cod.title')}
      period={period}
      isEmpty={(r) => r.totals.parcels === 0}
      // The file holds the breakdown on screen.
      csvParams={{ by }}
    >
      {(r) => {
        const rows = rowsOf(r);
        const chartRows = by === 'month' ? rows : rows.slice(0, CHART_GROUPS);
        return (
          <BlockStack gap="400">
            <Figures
              items={[
                { id: 'deliveredRate', label: t('analytics.cod.deliveredRate'), value: formatPercent(lang, r.totals.deliveredRate) },
                { id: 'returnRate', label: t('analytics.cod.returnRate'), value: formatPercent(lang, r.totals.returnRate) },
                { id: 'parcels', label: t('analytics.cod.parcels'), value: formatNumber(lang, r.totals.parcels) },
                { id: 'delivered', label: t('analytics.cod.delivered'), value: formatNumber(lang, r.totals.delivered) },
                { id: 'returned', label: t('analytics.cod.returned'), value: formatNumber(lang, r.totals.returned) },
                { id: 'open', label: t('analytics.cod.open'), value: formatNumber(lang, r.totals.open) },
              ]}
            />
            <div className="rapport-narrow">
              <Select
                label={t('analytics.cod.by')}
                value={by}
                onChange={(v) => setBy(v as Grouping)}
                options={groupings.map((g) => ({ label: t(`analytics.cod.group.${g}`), value: g }))}
              />
            </div>
            <ChartWithTable
              chart={{
                title: t('analytics.cod.chartTitle', { by: t(`analytics.cod.group.${by}`) }),
                categoryKey: 'label',
                rows: chartRows.map((x) => ({ label: x.label, delivered: x.delivered, returned: x.returned })),
                series: [
                  { key: 'delivered', label: t('analytics.cod.delivered'), color: DELIVERED_COLOR, stack: 'parcels' },
                  { key: 'returned', label: t('analytics.cod.returned'), color: RETURNED_COLOR, stack: 'parcels' },
                ],
                format: (n) => formatNumber(lang, n),
                horizontal: by !== 'month',
                counts: true,
              }}
              table={
                <DataTable
                  caption={t('analytics.cod.chartTitle', { by: t(`analytics.cod.group.${by}`) })}
                  rowKey={(x) => x.key}
                  rows={rows}
                  columns={[
                    { id: 'label', label: t(`analytics.cod.group.${by}`), cell: (x) => x.label },
                    { id: 'parcels', label: t('analytics.cod.parcels'), numeric: true, cell: (x) => formatNumber(lang, x.parcels) },
                    { id: 'delivered', label: t('analytics.cod.delivered'), numeric: true, cell: (x) => formatNumber(lang, x.delivered) },
                    { id: 'returned', label: t('analytics.cod.returned'), numeric: true, cell: (x) => formatNumber(lang, x.returned) },
                    { id: 'open', label: t('analytics.cod.open'), numeric: true, cell: (x) => formatNumber(lang, x.open) },
                    {
                      id: 'deliveredRate',
                      label: t('analytics.cod.deliveredRate'),
                      numeric: true,
                      cell: (x) => formatPercent(lang, x.deliveredRate),
                    },
                    {
                      id: 'returnRate',
                      label: t('analytics.cod.returnRate'),
                      numeric: true,
                      cell: (x) => formatPercent(lang, x.returnRate),
                    },
                  ]}
                />
              }
            />
          </BlockStack>
        );
      }}
    </ReportCard>
  );
}
