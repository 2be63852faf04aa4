import { BlockStack, Page } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import { ConnectWooCard } from '../components/data/ConnectWooCard.tsx';
import { ConnectionsCard } from '../components/data/ConnectionsCard.tsx';
import { DeadLettersCard } from '../components/data/DeadLettersCard.tsx';
import { HealthCard } from '../components/data/HealthCard.tsx';

export function DataSyncPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('data.title')} fullWidth>
      <BlockStack gap="400">
        <HealthCard />
        <ConnectionsCard />
        <ConnectWooCard />
        <DeadLettersCard />
      </BlockStack>
    </Page>
  );
}
