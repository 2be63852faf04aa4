import { Badge, BlockStack, Card, InlineStack, Text } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import type { CustomerProfile } from '../../api.ts';
import { formatDate } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';

/** One row per store identity, with how it was linked to this profile; then merged profiles. */
export function IdentitiesCard({ customer }: { customer: CustomerProfile }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t('profile.identities')}
        </Text>
        <ul className="rapport-plain-list">
          {customer.identities.map((i) => (
            <li key={`${i.connectionId}:${i.externalId}`}>
              <BlockStack gap="050">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="span" fontWeight="semibold">
                    {i.store}
                  </Text>
                  <Badge>{t(`platform.${i.platform}`, { defaultValue: i.platform })}</Badge>
                  {i.deleted && <Badge tone="critical">{t('profile.deleted')}</Badge>}
                </InlineStack>
                <Text as="p" tone="subdued" variant="bodySm">
                  {t(`profile.linkedBy.${i.linkedBy}`, { defaultValue: i.linkedBy })} · {formatDate(lang, i.linkedAt)} ·{' '}
                  <bdi>#{i.externalId}</bdi>
                </Text>
                {i.phoneRaw && (
                  <Text as="p" variant="bodySm">
                    {t('profile.phoneRaw', { phone: i.phoneRaw })}
                  </Text>
                )}
              </BlockStack>
            </li>
          ))}
        </ul>
        {customer.mergedFrom.length > 0 && (
          <BlockStack gap="100">
            <Text as="h3" variant="headingSm">
              {t('profile.merged')}
            </Text>
            {customer.mergedFrom.map((m) => (
              <Text as="p" key={m.customerId} variant="bodySm">
                {t('profile.mergedLine', {
                  reason: t(`profile.reason.${m.reason.replace(/\s+/g, '_')}`, { defaultValue: m.reason }),
                  date: formatDate(lang, m.mergedAt),
                })}
              </Text>
            ))}
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
