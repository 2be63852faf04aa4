import { Banner, BlockStack, Button, Card, IndexTable, InlineStack, SkeletonBodyText, Text } from '@shopify/polaris';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints } from '../../api.ts';
import { formatDate, formatNumber } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';

/** Deliveries that failed every attempt, with a retry (POST /api/inbox/retry {ids?}). */
export function DeadLettersCard() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const client = useQueryClient();
  const [requeued, setRequeued] = useState<number | null>(null);
  const q = useQuery({ queryKey: ['inbox', 'dead'], queryFn: endpoints.deadLetters });
  const retry = useMutation({
    mutationFn: (ids?: number[]) => endpoints.retry(ids),
    onSuccess: async (r) => {
      setRequeued(r.requeued);
      await Promise.all([client.invalidateQueries({ queryKey: ['inbox'] }), client.invalidateQueries({ queryKey: ['health'] })]);
    },
  });
  const rows = q.data?.deliveries ?? [];

  return (
    <Card padding="0">
      <BlockStack gap="0">
        <div className="rapport-card-heading">
          <InlineStack align="space-between" blockAlign="center" gap="200">
            <Text as="h2" variant="headingMd">{t('data.deadLetters')}</Text>
            <Button onClick={() => retry.mutate(undefined)} disabled={rows.length === 0} loading={retry.isPending && retry.variables === undefined}>
              {t('data.retryAll')}
            </Button>
          </InlineStack>
        </div>
        {requeued !== null && (
          <Banner tone="success" onDismiss={() => setRequeued(null)} title={t('data.requeued', { count: requeued, n: formatNumber(lang, requeued) })} />
        )}
        {(q.isError || retry.isError) && <Banner tone="critical" title={t('errors.loadFailed')}><p>{(q.error ?? retry.error)?.message}</p></Banner>}
        {q.isPending ? <div className="rapport-card-heading"><SkeletonBodyText lines={3} /></div> : (
          <IndexTable
            resourceName={{ singular: t('data.delivery'), plural: t('data.deliveries') }}
            itemCount={rows.length}
            selectable={false}
            headings={[{ title: t('data.topic') }, { title: t('data.received') }, { title: t('data.attempts'), alignment: 'end' }, { title: t('data.lastError') }, { title: t('data.action') }]}
            emptyState={<div className="rapport-card-heading"><Text as="p" tone="subdued">{t('data.noDeadLetters')}</Text></div>}
          >
            {rows.map((d, index) => (
              <IndexTable.Row id={String(d.id)} key={d.id} position={index}>
                <IndexTable.Cell>
                  <BlockStack gap="050">
                    <Text as="span" fontWeight="semibold"><bdi>{d.topic}</bdi></Text>
                    <Text as="span" tone="subdued" variant="bodySm">{t(`platform.${d.platform}`, { defaultValue: d.platform })} · #{d.id}</Text>
                  </BlockStack>
                </IndexTable.Cell>
                <IndexTable.Cell>{formatDate(lang, d.receivedAt, true)}</IndexTable.Cell>
                <IndexTable.Cell><Text as="span" alignment="end" numeric>{formatNumber(lang, d.attempts)}</Text></IndexTable.Cell>
                <IndexTable.Cell><Text as="span" tone="critical" breakWord><bdi>{d.lastError ?? '—'}</bdi></Text></IndexTable.Cell>
                <IndexTable.Cell>
                  <Button size="slim" onClick={() => retry.mutate([d.id])} loading={retry.isPending && retry.variables?.[0] === d.id}
                    accessibilityLabel={t('data.retryOne', { id: d.id })}>
                    {t('data.retry')}
                  </Button>
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        )}
      </BlockStack>
    </Card>
  );
}
