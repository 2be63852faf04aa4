import { BlockStack } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import type { ClvReport, Money } from '../../api.ts';
import { formatMoney, formatNumber } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ChartWithTable } from './ChartWithTable.tsx';
import { DataTable } from './DataTable.tsx';
import { Figures } from './Figures.tsx';
import { ModelNote } from './ModelNote.tsx';
import { ReportCard } from './ReportCard.tsx';

export const HISTORIC_COLOR = '#8a8a8a';
export const PREDICTED_COLOR = '#2c6ecb';

/** Historic vs predicted customer value: what customers have spent to date beside what the model expects over 12 months, by RFM segment. */
export function ClvCard() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const money = (m: Money | null) => (m ? formatMoney(lang, m) : '—');
  const segmentLabel = (s: string | null) => (s ? t(`insights.segment.${s}`) : t('analytics.predictions.unscored'));
  return (
    <ReportCard<ClvReport>
      name="clv"
      title={t('analytics.clv.title')}
      period={null}
      isEmpty={(r) => r.model === null || r.totals.customers === 0}
      emptyText={t('insights.notYet')}
    >
      {(r) => (
        <BlockStack gap="400">
          {r.model && <ModelNote model={r.model} />}
          <Figures
            items={[
              { id: 'historic', label: t('analytics.clv.historic'), value: money(r.totals.historic) },
              { id: 'predicted', label: t('analytics.clv.predicted'), value: money(r.totals.predicted) },
              { id: 'averageHistoric', label: t('analytics.clv.averageHistoric'), value: money(r.totals.averageHistoric) },
              { id: 'averagePredicted', label: t('analytics.clv.averagePredicted'), value: money(r.totals.averagePredicted) },
              { id: 'customers', label: t('analytics.clv.customers'), value: formatNumber(lang, r.totals.customers) },
              { id: 'scored', label: t('analytics.clv.scored'), value: formatNumber(lang, r.totals.scored) },
            ]}
          />
          <ChartWithTable
            chart={{
              title: t('analytics.clv.chartTitle', { currency: r.currency }),
              categoryKey: 'segment',
              rows: r.segments
                .filter((s) => s.customers > 0)
                .map((s) => ({
                  segment: segmentLabel(s.segment),
                  historic: Number(s.historic.amount),
                  predicted: Number(s.predicted.amount),
                })),
              series: [
                { key: 'historic', label: t('analytics.clv.historic'), color: HISTORIC_COLOR },
                { key: 'predicted', label: t('analytics.clv.predicted'), color: PREDICTED_COLOR },
              ],
              format: (n) => formatMoney(lang, { amount: String(n), currencyCode: r.currency }),
              horizontal: true,
            }}
            table={
              <DataTable
                caption={t('analytics.clv.chartTitle', { currency: r.currency })}
                rowKey={(s) => s.segment ?? 'unscored'}
                rows={r.segments}
                columns={[
                  { id: 'segment', label: t('analytics.clv.segment'), cell: (s) => segmentLabel(s.segment) },
                  { id: 'customers', label: t('analytics.clv.customers'), numeric: true, cell: (s) => formatNumber(lang, s.customers) },
                  { id: 'historic', label: t('analytics.clv.historic'), numeric: true, cell: (s) => money(s.historic) },
                  { id: 'predicted', label: t('analytics.clv.predicted'), numeric: true, cell: (s) => money(s.predicted) },
                  {
                    id: 'averageHistoric',
                    label: t('analytics.clv.averageHistoric'),
                    numeric: true,
                    cell: (s) => money(s.averageHistoric),
                  },
                  {
                    id: 'averagePredicted',
                    label: t('analytics.clv.averagePredicted'),
                    numeric: true,
                    cell: (s) => money(s.averagePredicted),
                  },
                ]}
              />
            }
          />
        </BlockStack>
      )}
    </ReportCard>
  );
}
