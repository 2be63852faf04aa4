import { BlockStack } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import type { ChurnReport, Money } from '../../api.ts';
import { formatMoney, formatNumber, formatPercent } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ChartWithTable } from './ChartWithTable.tsx';
import { RETURNED_COLOR } from './CodCard.tsx';
import { DataTable } from './DataTable.tsx';
import { Figures } from './Figures.tsx';
import { ModelNote } from './ModelNote.tsx';
import { ReportCard } from './ReportCard.tsx';

/** Customers per churn-risk band with what they spent and what the model still expects of them (revenue at risk). */
export function ChurnCard() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const money = (m: Money | null) => (m ? formatMoney(lang, m) : '—');
  const bandLabel = (b: string | null) => (b ? t(`insights.risk.${b}`) : t('analytics.predictions.unscored'));
  return (
    <ReportCard<ChurnReport>
      name="churn"
      title={t('analytics.churn.title')}
      period={null}
      isEmpty={(r) => r.model === null || r.totals.customers === 0}
      emptyText={t('insights.notYet')}
    >
      {(r) => {
        const high = r.bands.find((b) => b.churnRisk === 'high');
        return (
          <BlockStack gap="400">
            {r.model && <ModelNote model={r.model} />}
            <Figures
              items={[
                { id: 'atRisk', label: t('analytics.churn.atRisk'), value: money(high?.predicted ?? null) },
                { id: 'highRisk', label: t('analytics.churn.highRisk'), value: formatNumber(lang, high?.customers ?? 0) },
                {
                  id: 'highShare',
                  label: t('analytics.churn.highShare'),
                  value: formatPercent(lang, r.totals.scored ? (high?.customers ?? 0) / r.totals.scored : null),
                },
                { id: 'highHistoric', label: t('analytics.churn.highHistoric'), value: money(high?.historic ?? null) },
              ]}
            />
            <ChartWithTable
              chart={{
                title: t('analytics.churn.chartTitle'),
                categoryKey: 'band',
                rows: r.bands.map((b) => ({ band: bandLabel(b.churnRisk), customers: b.customers })),
                series: [{ key: 'customers', label: t('analytics.churn.customers'), color: RETURNED_COLOR }],
                format: (n) => formatNumber(lang, n),
                counts: true,
              }}
              table={
                <DataTable
                  caption={t('analytics.churn.chartTitle')}
                  rowKey={(b) => b.churnRisk ?? 'unscored'}
                  rows={r.bands}
                  columns={[
                    { id: 'band', label: t('analytics.churn.band'), cell: (b) => bandLabel(b.churnRisk) },
                    { id: 'customers', label: t('analytics.churn.customers'), numeric: true, cell: (b) => formatNumber(lang, b.customers) },
                    { id: 'historic', label: t('analytics.clv.historic'), numeric: true, cell: (b) => money(b.historic) },
                    { id: 'predicted', label: t('analytics.churn.predicted'), numeric: true, cell: (b) => money(b.predicted) },
                    {
                      id: 'averagePredicted',
                      label: t('analytics.clv.averagePredicted'),
                      numeric: true,
                      cell: (b) => money(b.averagePredicted),
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
