import { BlockStack, Card, Layout, Page, Text } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from '../components/LanguageSwitcher.tsx';
import { DataRequestsCard } from '../components/settings/DataRequestsCard.tsx';
import { StaffCard } from '../components/settings/StaffCard.tsx';
import { WebhooksCard } from '../components/settings/WebhooksCard.tsx';
import { CodConfirmationCard } from '../components/settings/CodConfirmationCard.tsx';
import { WhatsAppCard } from '../components/settings/WhatsAppCard.tsx';

export function SettingsPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('settings.title')}>
      <Layout>
        <Layout.AnnotatedSection title={t('settings.languageSection')} description={t('settings.languageDescription')}>
          <Card>
            <BlockStack gap="300">
              <LanguageSwitcher />
              <Text as="p" tone="subdued">
                {t('settings.formatsNote')}
              </Text>
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title={t('settings.staffSection')} description={t('settings.staffDescription')}>
          <StaffCard />
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title={t('settings.webhooksSection')} description={t('settings.webhooksDescription')}>
          <WebhooksCard />
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title={t('whatsapp.section')} description={t('whatsapp.sectionDescription')}>
          <BlockStack gap="400">
            <WhatsAppCard />
            <CodConfirmationCard />
          </BlockStack>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title={t('settings.privacySection')} description={t('settings.privacyDescription')}>
          <BlockStack gap="400">
            <Card>
              <Text as="p">{t('settings.privacyHowTo')}</Text>
            </Card>
            <DataRequestsCard />
          </BlockStack>
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}
