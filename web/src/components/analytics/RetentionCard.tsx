import { BlockStack, Text } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import type { RetentionReport } from '../../api.ts';
import { formatMonth, formatNumber, formatPercent } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import type { Period } from './period.ts';
import { heat } from './heatmap.ts';
import { ReportCard } from './ReportCard.tsx';

/** Cohorts by first-order month as a heatmap table: the table is the chart, so screen readers read it as it is. */
export function RetentionCard({ period }: { period: Period }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <ReportCard<RetentionReport>
      name="retention"
      title={t('analytics.retention.title')}
      period={period}
      isEmpty={(r) => r.cohorts.every((c) => c.customers === 0)}
    >
      {(r) => (
        <BlockStack gap="200">
          <Text as="p" tone="subdued">
            {t('analytics.retention.help')}
          </Text>
          <div className="rapport-table-scroll" role="region" aria-label={t('analytics.retention.title')} tabIndex={0}>
            <table className="rapport-table rapport-heatmap">
              <caption className="rapport-visually-hidden">{t('analytics.retention.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('analytics.retention.cohort')}</th>
                  <th scope="col" className="rapport-table__num">
                    {t('analytics.retention.customers')}
                  </th>
                  {r.cohorts[0]?.retention.map((m) => (
                    <th key={m.offset} scope="col" className="rapport-table__num">
                      {t('analytics.retention.monthN', { n: formatNumber(lang, m.offset) })}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {r.cohorts.map((c) => (
                  <tr key={c.month} data-cohort={c.month}>
                    <th scope="row">{formatMonth(lang, c.month)}</th>
                    <td className="rapport-table__num" data-cell="customers">
                      {formatNumber(lang, c.customers)}
                    </td>
                    {c.retention.map((m) => (
                      <td
                        key={m.offset}
                        className="rapport-table__num"
                        style={{ background: heat(m.rate) }}
                        title={
                          m.customers === null
                            ? t('analytics.retention.notYet')
                            : t('analytics.customersN', { n: formatNumber(lang, m.customers) })
                        }
                      >
                        {m.customers === null ? <span aria-label={t('analytics.retention.notYet')}>—</span> : formatPercent(lang, m.rate)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </BlockStack>
      )}
    </ReportCard>
  );
}
