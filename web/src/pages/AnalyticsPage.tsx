import { BlockStack, Card, InlineGrid, Page } from '@shopify/polaris';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CodCard } from '../components/analytics/CodCard.tsx';
import { LoyaltyRoiCard } from '../components/analytics/LoyaltyRoiCard.tsx';
import { lastDays, type Period } from '../components/analytics/period.ts';
import { PeriodPicker } from '../components/analytics/PeriodPicker.tsx';
import { ProductsCard } from '../components/analytics/ProductsCard.tsx';
import { RepeatPurchaseCard } from '../components/analytics/RepeatPurchaseCard.tsx';
import { RetentionCard } from '../components/analytics/RetentionCard.tsx';

/** Every Analytics report for one period: each card asks for its own report and offers its CSV. */
export function AnalyticsPage() {
  const { t } = useTranslation();
  const [period, setPeriod] = useState<Period>(() => lastDays(90));
  return (
    <Page title={t('analytics.title')} fullWidth>
      <BlockStack gap="400">
        <Card>
          <PeriodPicker value={period} onChange={setPeriod} />
        </Card>
        <InlineGrid columns={{ xs: 1, lg: 2 }} gap="400">
          <RepeatPurchaseCard period={period} />
          <CodCard period={period} />
        </InlineGrid>
        <RetentionCard period={period} />
        <LoyaltyRoiCard period={period} />
        <ProductsCard period={period} />
      </BlockStack>
    </Page>
  );
}
