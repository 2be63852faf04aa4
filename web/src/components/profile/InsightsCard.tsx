import { Badge, BlockStack, Card, InlineStack, Text } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import type { CustomerProfile } from '../../api.ts';
import { formatDate, formatMoney, formatNumber, formatPercent } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';

type Tone = 'success' | 'attention' | 'critical' | 'info' | undefined;
const riskTone: Record<string, Tone> = { low: 'success', medium: 'attention', high: 'critical' };

/** Predictions and RFM scores (crm/insights), with how sure the account's model is. */
export function InsightsCard({ insights }: { insights: CustomerProfile['insights'] }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t('insights.title')}
        </Text>
        {!insights ? (
          <Text as="p" tone="subdued">
            {t('insights.notYet')}
          </Text>
        ) : (
          <>
            <InlineStack gap="200" blockAlign="center">
              <Badge tone="info">{t(`insights.segment.${insights.rfm.segment}`)}</Badge>
              <Text as="span" tone="subdued" variant="bodySm">
                {t('insights.rfmScore', { score: insights.rfm.score })}
              </Text>
            </InlineStack>
            <Field label={t('insights.predictedClv')} value={formatMoney(lang, insights.predictedClv)} testId="insight-clv" />
            <Field label={t('insights.probabilityAlive')} value={formatPercent(lang, insights.probabilityAlive)} />
            <Field label={t('insights.expectedOrders90d')} value={formatNumber(lang, Math.round(insights.expectedOrders90d * 10) / 10)} />
            <BlockStack gap="050">
              <Text as="p" tone="subdued" variant="bodySm">
                {t('insights.churnRisk')}
              </Text>
              <span>
                <Badge tone={riskTone[insights.churnRisk]}>{t(`insights.risk.${insights.churnRisk}`)}</Badge>
              </span>
            </BlockStack>
            <Field label={t('insights.nextOrder')} value={formatDate(lang, insights.nextOrderExpectedAt)} />
            <Text as="p" tone="subdued" variant="bodySm">
              {t(`insights.confidence.${insights.model.confidence}`, {
                customers: formatNumber(lang, insights.model.customers),
                date: formatDate(lang, insights.model.fittedAt),
              })}
            </Text>
          </>
        )}
      </BlockStack>
    </Card>
  );
}

function Field({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <BlockStack gap="050">
      <Text as="p" tone="subdued" variant="bodySm">
        {label}
      </Text>
      <Text as="p" numeric>
        <span data-testid={testId}>{value}</span>
      </Text>
    </BlockStack>
  );
}
