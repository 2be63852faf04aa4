import { BlockStack, Card, InlineGrid, Page, Text } from '@shopify/polaris';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChurnCard } from '../components/analytics/ChurnCard.tsx';
import { ClvCard } from '../components/analytics/ClvCard.tsx';
import { CodCard } from '../components/analytics/CodCard.tsx';
import { LoyaltyRoiCard } from '../components/analytics/LoyaltyRoiCard.tsx';
import { ModelCheckCard } from '../components/analytics/ModelCheckCard.tsx';
import { lastDays, type Period } from '../components/analytics/period.ts';
import { PeriodPicker } from '../components/analytics/PeriodPicker.tsx';
import { ProductsCard } from '../components/analytics/ProductsCard.tsx';
import { RepeatPurchaseCard } from '../components/analytics/RepeatPurchaseCard.tsx';
import { RetentionCard } from '../components/analytics/RetentionCard.tsx';

/**
 * Every Analytics report for one period, each card asking for its own report and offering its CSV;
 * then the predictions (as of the last insights fit, not the period).
 */
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
        <Text as="h2" variant="headingLg">
          {t('analytics.predictions.title')}
        </Text>
        <ClvCard />
        <InlineGrid columns={{ xs: 1, lg: 2 }} gap="400">
          <ChurnCard />
          <ModelCheckCard />
        </InlineGrid>
      </BlockStack>
    </Page>
  );
}
