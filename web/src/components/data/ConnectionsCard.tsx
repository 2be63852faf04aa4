import { Badge, Banner, BlockStack, Card, InlineStack, SkeletonBodyText, Text } from '@shopify/polaris';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { endpoints } from '../../api.ts';
import { formatDate } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { ConnectionSync } from './ConnectionSync.tsx';
import { DisconnectStore } from './DisconnectStore.tsx';

// A wrapping list rather than a table: a shop has a handful of stores, and long webhook
// addresses would otherwise force a horizontal scroll area.
export function ConnectionsCard() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const q = useQuery({ queryKey: ['connections'], queryFn: endpoints.connections });
  const rows = q.data?.connections ?? [];
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">{t('data.connections')}</Text>
        {q.isError && <Banner tone="critical" title={t('errors.loadFailed')}><p>{q.error.message}</p></Banner>}
        {q.isPending ? <SkeletonBodyText lines={3} /> : rows.length === 0 ? (
          <Text as="p" tone="subdued">{t('data.noConnections')}</Text>
        ) : (
          <ul className="rapport-plain-list">
            {rows.map((c) => (
              <li key={c.id}>
                <BlockStack gap="100">
                  <InlineStack gap="200" blockAlign="center">
                    <Text as="h3" variant="headingSm">{c.name}</Text>
                    <Badge>{t(`platform.${c.platform}`, { defaultValue: c.platform })}</Badge>
                    <Badge tone={c.status === 'active' ? 'success' : 'attention'}>{t(`data.connectionStatus.${c.status}`, { defaultValue: c.status })}</Badge>
                  </InlineStack>
                  <Text as="p" tone="subdued" variant="bodySm" breakWord>
                    <bdi>{c.domain}</bdi> · {t('data.currency')}: {c.currency} · {t('data.connected')}: {formatDate(lang, c.createdAt)}
                  </Text>
                  <Text as="p" variant="bodySm" breakWord>
                    {t('data.webhookUrl')}: <bdi><code>{c.webhookUrl}</code></bdi>
                  </Text>
                  <ConnectionSync connection={c} />
                  <DisconnectStore connection={c} />
                </BlockStack>
              </li>
            ))}
          </ul>
        )}
      </BlockStack>
    </Card>
  );
}
