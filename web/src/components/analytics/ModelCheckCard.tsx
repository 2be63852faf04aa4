import { BlockStack, Text } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import type { ModelCheckReport } from '../../api.ts';
import { formatDate, formatDecimal, formatNumber } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ChartWithTable } from './ChartWithTable.tsx';
import { HISTORIC_COLOR, PREDICTED_COLOR } from './ClvCard.tsx';
import { DataTable } from './DataTable.tsx';
import { Figures } from './Figures.tsx';
import { ModelNote } from './ModelNote.tsx';
import { ReportCard } from './ReportCard.tsx';

type Row = NonNullable<ModelCheckReport['check']>['rows'][number];

/** The model check: repeat orders the model predicted for the last weeks (fitted without them) beside those that came. */
export function ModelCheckCard() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const rowLabel = (r: Row) =>
    r.orMore ? t('analytics.modelCheck.orMore', { n: formatNumber(lang, r.repeatOrders) }) : formatNumber(lang, r.repeatOrders);
  const day = (d: string) => formatDate(lang, `${d}T12:00:00.000Z`);
  return (
    <ReportCard<ModelCheckReport>
      name="model-check"
      title={t('analytics.modelCheck.title')}
      period={null}
      isEmpty={(r) => r.check === null}
      emptyText={(r) => (r.model === null ? t('insights.notYet') : t('analytics.modelCheck.tooLittle'))}
    >
      {(r) => {
        const c = r.check!;
        return (
          <BlockStack gap="400">
            {r.model && <ModelNote model={r.model} />}
            <Text as="p" tone="subdued">
              {t('analytics.modelCheck.help', {
                weeks: formatNumber(lang, c.holdoutWeeks),
                from: day(c.calibrationEnd),
                to: day(c.holdoutEnd),
              })}
            </Text>
            <Figures
              items={[
                { id: 'predicted', label: t('analytics.modelCheck.predicted'), value: formatDecimal(lang, c.predicted, 1) },
                { id: 'actual', label: t('analytics.modelCheck.actual'), value: formatNumber(lang, c.actual) },
                { id: 'customers', label: t('analytics.modelCheck.customers'), value: formatNumber(lang, c.customers) },
              ]}
            />
            <ChartWithTable
              chart={{
                title: t('analytics.modelCheck.chartTitle'),
                categoryKey: 'row',
                rows: c.rows.map((x) => ({ row: rowLabel(x), predicted: x.meanPredicted ?? 0, actual: x.meanActual ?? 0 })),
                series: [
                  { key: 'predicted', label: t('analytics.modelCheck.meanPredicted'), color: PREDICTED_COLOR },
                  { key: 'actual', label: t('analytics.modelCheck.meanActual'), color: HISTORIC_COLOR },
                ],
                format: (n) => formatDecimal(lang, n, 2),
              }}
              table={
                <DataTable
                  caption={t('analytics.modelCheck.chartTitle')}
                  rowKey={(x) => String(x.repeatOrders)}
                  rows={c.rows}
                  columns={[
                    { id: 'row', label: t('analytics.modelCheck.row'), cell: rowLabel },
                    {
                      id: 'customers',
                      label: t('analytics.modelCheck.customers'),
                      numeric: true,
                      cell: (x) => formatNumber(lang, x.customers),
                    },
                    {
                      id: 'meanPredicted',
                      label: t('analytics.modelCheck.meanPredicted'),
                      numeric: true,
                      cell: (x) => formatDecimal(lang, x.meanPredicted, 2),
                    },
                    {
                      id: 'meanActual',
                      label: t('analytics.modelCheck.meanActual'),
                      numeric: true,
                      cell: (x) => formatDecimal(lang, x.meanActual, 2),
                    },
                    {
                      id: 'predicted',
                      label: t('analytics.modelCheck.predicted'),
                      numeric: true,
                      cell: (x) => formatDecimal(lang, x.predicted, 1),
                    },
                    { id: 'actual', label: t('analytics.modelCheck.actual'), numeric: true, cell: (x) => formatNumber(lang, x.actual) },
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
