import { BlockStack, Button, Card, Page, Text } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Page title={t('notFound.title')}>
      <Card>
        <BlockStack gap="300" inlineAlign="start">
          <Text as="p">{t('notFound.body')}</Text>
          <Button url="/customers">{t('notFound.action')}</Button>
        </BlockStack>
      </Card>
    </Page>
  );
}
