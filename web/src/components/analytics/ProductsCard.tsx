import { BlockStack, InlineStack, Text } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import type { ProductsReport } from '../../api.ts';
import { formatMoney, formatNumber, formatPercent, isolate } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ChartWithTable } from './ChartWithTable.tsx';
import { CsvButton } from './CsvButton.tsx';
import { DataTable } from './DataTable.tsx';
import type { Period } from './period.ts';
import { ReportCard } from './ReportCard.tsx';

const CHART_PRODUCTS = 10;
export const PRODUCT_COLOR = '#2c6ecb';

const keyOf = (p: { productId: string | null; title: string }) => p.productId ?? `title:${p.title}`;

/** Top products by revenue, the products whose first-time buyers came back, and products bought together. */
export function ProductsCard({ period }: { period: Period }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <ReportCard<ProductsReport>
      name="products"
      title={t('analytics.products.title')}
      period={period}
      isEmpty={(r) => r.top.length === 0}
      csvParams={null}
    >
      {(r) => (
        <BlockStack gap="500">
          <BlockStack gap="200">
            <InlineStack align="space-between" blockAlign="center" gap="200">
              <Text as="h3" variant="headingSm">
                {t('analytics.products.top')}
              </Text>
              <CsvButton name="products" period={period} params={{ table: 'top' }} what={t('analytics.products.top')} />
            </InlineStack>
            <ChartWithTable
              chart={{
                title: t('analytics.products.top'),
                categoryKey: 'title',
                rows: r.top.slice(0, CHART_PRODUCTS).map((p) => ({ title: p.title, revenue: Number(p.revenue.amount) })),
                series: [{ key: 'revenue', label: t('analytics.products.revenue'), color: PRODUCT_COLOR }],
                format: (n) => formatMoney(lang, { amount: String(n), currencyCode: r.currency }),
                horizontal: true,
              }}
              table={
                <DataTable
                  caption={t('analytics.products.top')}
                  rowKey={keyOf}
                  rows={r.top}
                  columns={[
                    { id: 'title', label: t('analytics.products.product'), cell: (p) => isolate(p.title) },
                    { id: 'revenue', label: t('analytics.products.revenue'), numeric: true, cell: (p) => formatMoney(lang, p.revenue) },
                    { id: 'units', label: t('analytics.products.units'), numeric: true, cell: (p) => formatNumber(lang, p.units) },
                    { id: 'orders', label: t('analytics.products.orders'), numeric: true, cell: (p) => formatNumber(lang, p.orders) },
                    {
                      id: 'customers',
                      label: t('analytics.products.customers'),
                      numeric: true,
                      cell: (p) => formatNumber(lang, p.customers),
                    },
                  ]}
                />
              }
            />
          </BlockStack>
          <BlockStack gap="200">
            <InlineStack align="space-between" blockAlign="center" gap="200">
              <Text as="h3" variant="headingSm">
                {t('analytics.products.returning')}
              </Text>
              <CsvButton name="products" period={period} params={{ table: 'returning' }} what={t('analytics.products.returning')} />
            </InlineStack>
            <Text as="p" tone="subdued">
              {t('analytics.products.returningHelp')}
            </Text>
            {r.returning.length === 0 ? (
              <Text as="p" tone="subdued">
                {t('analytics.empty')}
              </Text>
            ) : (
              <DataTable
                caption={t('analytics.products.returning')}
                rowKey={keyOf}
                rows={r.returning}
                columns={[
                  { id: 'title', label: t('analytics.products.product'), cell: (p) => isolate(p.title) },
                  {
                    id: 'firstOrderBuyers',
                    label: t('analytics.products.firstOrderBuyers'),
                    numeric: true,
                    cell: (p) => formatNumber(lang, p.firstOrderBuyers),
                  },
                  { id: 'cameBack', label: t('analytics.products.cameBack'), numeric: true, cell: (p) => formatNumber(lang, p.cameBack) },
                  { id: 'rate', label: t('analytics.products.cameBackRate'), numeric: true, cell: (p) => formatPercent(lang, p.rate) },
                ]}
              />
            )}
          </BlockStack>
          <BlockStack gap="200">
            <InlineStack align="space-between" blockAlign="center" gap="200">
              <Text as="h3" variant="headingSm">
                {t('analytics.products.boughtTogether')}
              </Text>
              <CsvButton name="products" period={period} params={{ table: 'pairs' }} what={t('analytics.products.boughtTogether')} />
            </InlineStack>
            <Text as="p" tone="subdued">
              {t('analytics.products.basketsN', { n: formatNumber(lang, r.boughtTogether.baskets) })}
            </Text>
            {r.boughtTogether.pairs.length === 0 ? (
              <Text as="p" tone="subdued">
                {t('analytics.empty')}
              </Text>
            ) : (
              <DataTable
                caption={t('analytics.products.boughtTogether')}
                rowKey={(p) => `${keyOf(p.a)}|${keyOf(p.b)}`}
                rows={r.boughtTogether.pairs}
                columns={[
                  {
                    id: 'pair',
                    label: t('analytics.products.pair'),
                    cell: (p) => t('analytics.products.pairOf', { a: isolate(p.a.title), b: isolate(p.b.title) }),
                  },
                  { id: 'orders', label: t('analytics.products.orders'), numeric: true, cell: (p) => formatNumber(lang, p.orders) },
                  { id: 'support', label: t('analytics.products.support'), numeric: true, cell: (p) => formatPercent(lang, p.support) },
                ]}
              />
            )}
          </BlockStack>
        </BlockStack>
      )}
    </ReportCard>
  );
}
