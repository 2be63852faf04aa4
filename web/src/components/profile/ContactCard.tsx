import { Badge, BlockStack, Card, Text } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import type { CustomerProfile } from '../../api.ts';
import { formatLanguageName } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';

export function ContactCard({ customer }: { customer: CustomerProfile }) {
  const { t } = useTranslation();
  const address = customer.addresses[0];
  const addressLine = address
    ? [address.line1, address.line2, address.city, address.province, address.zip, address.countryCode].filter(Boolean).join(', ')
    : null;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t('profile.contact')}
        </Text>
        <Field label={t('profile.email')} value={customer.email} />
        <Field label={t('profile.phone')} value={customer.phone} ltr />
        <Field label={t('profile.language')} value={formatLanguageName(currentLanguage(), customer.locale)} />
        <Field label={t('profile.address')} value={addressLine} />
        {customer.redacted && <Badge tone="warning">{t('profile.redacted')}</Badge>}
      </BlockStack>
    </Card>
  );
}

function Field({ label, value, ltr }: { label: string; value: string | null; ltr?: boolean }) {
  const { t } = useTranslation();
  return (
    <BlockStack gap="050">
      <Text as="p" tone="subdued" variant="bodySm">
        {label}
      </Text>
      {/* Phone numbers and emails read left to right inside RTL text. */}
      <Text as="p" breakWord>
        <bdi dir={ltr ? 'ltr' : undefined}>{value ?? t('profile.none')}</bdi>
      </Text>
    </BlockStack>
  );
}
