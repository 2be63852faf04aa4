import { Banner, BlockStack, Link, Text } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import type { LoyaltyRoiReport, Money } from '../../api.ts';
import { formatDecimal, formatMoney, formatNumber, formatPercent } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ChartWithTable } from './ChartWithTable.tsx';
import { DataTable } from './DataTable.tsx';
import { Figures } from './Figures.tsx';
import type { Period } from './period.ts';
import { ReportCard } from './ReportCard.tsx';

type Group = LoyaltyRoiReport['members'];

export const MEMBER_COLOR = '#2c6ecb';
export const NON_MEMBER_COLOR = '#8a8a8a';

/** Loyalty ROI: members against the other buyers, what the points held are worth, redemptions and referrals. */
export function LoyaltyRoiCard({ period }: { period: Period }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const money = (m: Money | null) => (m ? formatMoney(lang, m) : '—');
  const metrics: Array<{ id: string; label: string; show: (g: Group) => string; value: (g: Group) => number }> = [
    {
      id: 'aov',
      label: t('analytics.loyalty.aov'),
      show: (g) => money(g.averageOrderValue),
      value: (g) => Number(g.averageOrderValue?.amount ?? 0),
    },
    {
      id: 'revenuePerCustomer',
      label: t('analytics.loyalty.revenuePerCustomer'),
      show: (g) => money(g.revenuePerCustomer),
      value: (g) => Number(g.revenuePerCustomer?.amount ?? 0),
    },
    {
      id: 'frequency',
      label: t('analytics.loyalty.frequency'),
      show: (g) => formatDecimal(lang, g.ordersPerCustomer, 2),
      value: (g) => g.ordersPerCustomer ?? 0,
    },
    {
      id: 'repeatRate',
      label: t('analytics.loyalty.repeatRate'),
      show: (g) => formatPercent(lang, g.repeatRate),
      value: (g) => g.repeatRate ?? 0,
    },
    { id: 'customers', label: t('analytics.loyalty.customers'), show: (g) => formatNumber(lang, g.customers), value: (g) => g.customers },
    { id: 'orders', label: t('analytics.loyalty.orders'), show: (g) => formatNumber(lang, g.orders), value: (g) => g.orders },
    { id: 'revenue', label: t('analytics.loyalty.revenue'), show: (g) => money(g.revenue), value: (g) => Number(g.revenue.amount) },
  ];
  return (
    <ReportCard<LoyaltyRoiReport>
      name="loyalty"
      title={t('analytics.loyalty.title')}
      period={period}
      isEmpty={(r) => r.members.customers + r.nonMembers.customers === 0 && r.points.issued === 0 && r.points.outstanding === 0}
    >
      {(r) => (
        <BlockStack gap="500">
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">
              {t('analytics.loyalty.membersVsOthers')}
            </Text>
            <ChartWithTable
              chart={{
                title: t('analytics.loyalty.chartTitle', { currency: r.currency }),
                categoryKey: 'metric',
                rows: metrics.slice(0, 2).map((m) => ({ metric: m.label, members: m.value(r.members), nonMembers: m.value(r.nonMembers) })),
                series: [
                  { key: 'members', label: t('analytics.loyalty.members'), color: MEMBER_COLOR },
                  { key: 'nonMembers', label: t('analytics.loyalty.nonMembers'), color: NON_MEMBER_COLOR },
                ],
                format: (n) => formatMoney(lang, { amount: String(n), currencyCode: r.currency }),
              }}
              tableOpen
              table={
                <DataTable
                  caption={t('analytics.loyalty.membersVsOthers')}
                  rowKey={(m) => m.id}
                  rows={metrics}
                  columns={[
                    { id: 'metric', label: t('analytics.loyalty.metric'), cell: (m) => m.label },
                    { id: 'members', label: t('analytics.loyalty.members'), numeric: true, cell: (m) => m.show(r.members) },
                    { id: 'nonMembers', label: t('analytics.loyalty.nonMembers'), numeric: true, cell: (m) => m.show(r.nonMembers) },
                  ]}
                />
              }
            />
          </BlockStack>
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">
              {t('analytics.loyalty.points')}
            </Text>
            {r.points.liability === null && (
              <Banner tone="info">
                <p>
                  {t('analytics.loyalty.setPointCost')} <Link url="/loyalty">{t('analytics.loyalty.openLoyalty')}</Link>
                </p>
              </Banner>
            )}
            <Figures
              items={[
                { id: 'liability', label: t('analytics.loyalty.liability'), value: money(r.points.liability) },
                { id: 'outstanding', label: t('analytics.loyalty.outstanding'), value: formatNumber(lang, r.points.outstanding) },
                { id: 'holders', label: t('analytics.loyalty.holders'), value: formatNumber(lang, r.points.holders) },
                { id: 'pointCost', label: t('analytics.loyalty.pointCost'), value: money(r.points.pointCost) },
                { id: 'issued', label: t('analytics.loyalty.issued'), value: formatNumber(lang, r.points.issued) },
                { id: 'redeemed', label: t('analytics.loyalty.redeemed'), value: formatNumber(lang, r.points.redeemed) },
                { id: 'redemptionRate', label: t('analytics.loyalty.redemptionRate'), value: formatPercent(lang, r.points.redemptionRate) },
              ]}
            />
          </BlockStack>
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">
              {t('analytics.loyalty.referrals')}
            </Text>
            <Figures
              items={[
                { id: 'referralRate', label: t('analytics.loyalty.referralRate'), value: formatPercent(lang, r.referrals.referralRate) },
                {
                  id: 'referredCustomers',
                  label: t('analytics.loyalty.referredCustomers'),
                  value: formatNumber(lang, r.referrals.referredCustomers),
                },
                { id: 'newCustomers', label: t('analytics.loyalty.newCustomers'), value: formatNumber(lang, r.referrals.newCustomers) },
                {
                  id: 'referralOrders',
                  label: t('analytics.loyalty.referralOrders'),
                  value: formatNumber(lang, r.referrals.referralOrders),
                },
                { id: 'referralRevenue', label: t('analytics.loyalty.referralRevenue'), value: money(r.referrals.referralRevenue) },
                {
                  id: 'referredCustomersRevenue',
                  label: t('analytics.loyalty.referredCustomersRevenue'),
                  value: money(r.referrals.referredCustomersRevenue),
                },
              ]}
            />
          </BlockStack>
        </BlockStack>
      )}
    </ReportCard>
  );
}
