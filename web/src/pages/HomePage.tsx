import { Banner, BlockStack, Card, InlineGrid, Page, Select, SkeletonBodyText, Text } from '@shopify/polaris';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, type Kpis } from '../api.ts';
import { KpiCard } from '../components/home/KpiCard.tsx';
import { RevenueChart } from '../components/home/RevenueChart.tsx';
import { LaunchBanner } from '../components/loyalty/LaunchBanner.tsx';
import { OnboardingChecklist } from '../components/home/OnboardingChecklist.tsx';
import { formatDate, formatMoney, formatNumber, formatPercent } from '../format.ts';
import { currentLanguage, type Language } from '../i18n.ts';

const periods = [7, 30, 90, 365] as const;
const DAY_MS = 86_400_000;

/** The last `days` UTC days, today included. */
export function periodOf(days: number, now = Date.now()): { from: string; to: string } {
  return { from: new Date(now - (days - 1) * DAY_MS).toISOString().slice(0, 10), to: new Date(now).toISOString().slice(0, 10) };
}

type Row = { id: string; label: string; show: (k: Kpis) => string; value: (k: Kpis) => number | null };

function rows(t: (k: string) => string, lang: Language): Row[] {
  return [
    { id: 'revenue', label: t('home.revenue'), show: (k) => formatMoney(lang, k.revenue), value: (k) => Number(k.revenue.amount) },
    { id: 'orders', label: t('home.orders'), show: (k) => formatNumber(lang, k.orders), value: (k) => k.orders },
    { id: 'customers', label: t('home.customers'), show: (k) => formatNumber(lang, k.customers), value: (k) => k.customers },
    {
      id: 'repeat',
      label: t('home.repeatRate'),
      show: (k) => formatPercent(lang, k.repeatPurchaseRate),
      value: (k) => k.repeatPurchaseRate,
    },
    { id: 'issued', label: t('home.pointsIssued'), show: (k) => formatNumber(lang, k.pointsIssued), value: (k) => k.pointsIssued },
    { id: 'redeemed', label: t('home.pointsRedeemed'), show: (k) => formatNumber(lang, k.pointsRedeemed), value: (k) => k.pointsRedeemed },
    {
      id: 'memberShare',
      label: t('home.memberShare'),
      show: (k) => formatPercent(lang, k.memberRevenueShare),
      value: (k) => k.memberRevenueShare,
    },
  ];
}

export function HomePage() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [days, setDays] = useState('30');
  const { from, to } = periodOf(Number(days));
  const summary = useQuery({
    queryKey: ['analytics', from, to],
    queryFn: () => endpoints.analytics(from, to),
    placeholderData: keepPreviousData,
  });
  const s = summary.data;
  return (
    <Page title={t('home.title')} fullWidth>
      <BlockStack gap="400">
        <LaunchBanner reviewUrl="/loyalty" />
        <OnboardingChecklist />
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="400" alignItems="end">
          <Select
            label={t('home.period')}
            value={days}
            onChange={setDays}
            options={periods.map((d) => ({ label: t('home.lastDays', { n: formatNumber(lang, d) }), value: String(d) }))}
          />
          {s && (
            <Text as="p" tone="subdued">
              {t('home.comparedWith', {
                from: formatDate(lang, `${s.period.from}T12:00:00Z`),
                to: formatDate(lang, `${s.period.to}T12:00:00Z`),
                prevFrom: formatDate(lang, `${s.previousPeriod.from}T12:00:00Z`),
                prevTo: formatDate(lang, `${s.previousPeriod.to}T12:00:00Z`),
              })}
            </Text>
          )}
        </InlineGrid>
        {summary.isError && (
          <Banner
            tone="critical"
            title={t('errors.loadFailed')}
            action={{ content: t('errors.retry'), onAction: () => void summary.refetch() }}
          >
            <p>{summary.error.message}</p>
          </Banner>
        )}
        {!s ? (
          <Card>
            <SkeletonBodyText lines={6} />
          </Card>
        ) : (
          <>
            <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
              {rows(t, lang).map((r) => (
                <KpiCard
                  key={r.id}
                  id={r.id}
                  label={r.label}
                  value={r.show(s.current)}
                  current={r.value(s.current)}
                  previous={r.value(s.previous)}
                  previousText={r.show(s.previous)}
                />
              ))}
            </InlineGrid>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t('home.chartTitle')}
                </Text>
                <RevenueChart daily={s.daily} />
              </BlockStack>
            </Card>
          </>
        )}
      </BlockStack>
    </Page>
  );
}
