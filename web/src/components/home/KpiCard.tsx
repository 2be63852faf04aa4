import { Badge, BlockStack, Card, InlineStack, Text } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import { formatPercent } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';

/** One KPI with its change against the previous period (none when the previous value is 0 or unknown). */
export function KpiCard(p: {
  id: string;
  label: string;
  value: string;
  current: number | null;
  previous: number | null;
  previousText: string;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const change = p.current !== null && p.previous ? (p.current - p.previous) / Math.abs(p.previous) : null;
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm" tone="subdued">
          {p.label}
        </Text>
        <InlineStack gap="200" blockAlign="center">
          <Text as="p" variant="headingLg" numeric>
            <span data-testid={`kpi-${p.id}`}>{p.value}</span>
          </Text>
          {change !== null && (
            <Badge tone={change > 0 ? 'success' : change < 0 ? 'critical' : undefined}>
              {t(change > 0 ? 'home.up' : change < 0 ? 'home.down' : 'home.same', { change: formatPercent(lang, Math.abs(change)) })}
            </Badge>
          )}
        </InlineStack>
        <Text as="p" tone="subdued" variant="bodySm">
          {t('home.previous', { value: p.previousText })}
        </Text>
      </BlockStack>
    </Card>
  );
}
