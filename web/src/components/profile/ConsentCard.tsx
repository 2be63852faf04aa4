import { Badge, BlockStack, Card, InlineStack, Text } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import type { CustomerProfile } from '../../api.ts';
import { formatDate } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';

const CHANNELS = ['email', 'sms', 'whatsapp'] as const;

/** Marketing consent per channel: what the sender checks before every marketing message. A channel with no decision reads "unknown". */
export function ConsentCard({ customer }: { customer: CustomerProfile }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t('consent.title')}
        </Text>
        {CHANNELS.map((channel) => {
          const c = customer.consents.find((x) => x.channel === channel);
          const state = c?.state ?? 'unknown';
          return (
            <BlockStack key={channel} gap="050">
              <InlineStack align="space-between" blockAlign="center" gap="200">
                <Text as="span">{t(`messages.channel.${channel}`)}</Text>
                <Badge tone={state === 'subscribed' ? 'success' : state === 'unsubscribed' ? 'critical' : undefined}>
                  {t(`consent.state.${state}`)}
                </Badge>
              </InlineStack>
              {c && (
                <Text as="p" tone="subdued" variant="bodySm">
                  {t('consent.since', {
                    source: t(`consent.source.${c.source}`, { defaultValue: c.source }),
                    date: formatDate(lang, c.decidedAt),
                  })}
                </Text>
              )}
            </BlockStack>
          );
        })}
      </BlockStack>
    </Card>
  );
}
