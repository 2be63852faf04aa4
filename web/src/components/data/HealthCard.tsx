import { Badge, Banner, BlockStack, Card, InlineGrid, InlineStack, SkeletonBodyText, Text } from '@shopify/polaris';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { endpoints } from '../../api.ts';
import { formatDate, formatNumber } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';

/** The account's webhook inbox health (GET /api/health/inbox), refreshed while the page is open. */
export function HealthCard() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const q = useQuery({ queryKey: ['health'], queryFn: endpoints.health, refetchInterval: 10_000 });
  const counts = q.data?.inbox;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">{t('data.health')}</Text>
          {q.data && <Badge tone={q.data.status === 'ok' ? 'success' : 'attention'}>{t(`data.healthStatus.${q.data.status}`)}</Badge>}
        </InlineStack>
        {q.isError && <Banner tone="critical" title={t('errors.loadFailed')}><p>{q.error.message}</p></Banner>}
        {q.isPending ? <SkeletonBodyText lines={2} /> : counts && (
          <>
            <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
              {(['pending', 'done', 'ignored', 'dead'] as const).map((k) => (
                <BlockStack gap="050" key={k}>
                  <Text as="p" tone="subdued" variant="bodySm">{t(`data.inbox.${k}`)}</Text>
                  <Text as="p" variant="headingLg" numeric tone={k === 'dead' && counts.dead > 0 ? 'critical' : undefined}>
                    <span data-testid={`inbox-${k}`}>{formatNumber(lang, counts[k])}</span>
                  </Text>
                </BlockStack>
              ))}
            </InlineGrid>
            <Text as="p" tone="subdued">
              {counts.oldestPendingAt ? t('data.oldestPending', { date: formatDate(lang, counts.oldestPendingAt, true) }) : t('data.noBacklog')}
            </Text>
          </>
        )}
      </BlockStack>
    </Card>
  );
}
