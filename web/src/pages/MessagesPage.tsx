import { BlockStack, Page } from '@shopify/polaris';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TabBar } from '../components/TabBar.tsx';
import { MessagingSettingsCard } from '../components/messages/MessagingSettingsCard.tsx';
import { OutboxCard } from '../components/messages/OutboxCard.tsx';

// The Messages area: the outbox and the shop's messaging settings; templates (/messages/templates), flows (/messages/flows) and campaigns (/messages/campaigns) have pages of their own.
const tabs = ['outbox', 'settings'] as const;

export function MessagesPage() {
  const { t } = useTranslation();
  const [selected, setSelected] = useState(0);
  const tab = tabs[selected] ?? 'outbox';
  return (
    <Page
      title={t('messages.title')}
      fullWidth
      secondaryActions={[
        { content: t('messages.templates.title'), url: '/messages/templates' },
        { content: t('messages.flows.title'), url: '/messages/flows' },
        { content: t('messages.campaigns.title'), url: '/messages/campaigns' },
      ]}
    >
      <BlockStack gap="400">
        <TabBar
          label={t('messages.title')}
          tabs={tabs.map((id) => ({ id: `tab-${id}`, label: t(`messages.tabs.${id}`), panelId: `panel-${id}` }))}
          selected={selected}
          onSelect={setSelected}
        />
        {tabs.map((id) => (
          <div key={id} id={`panel-${id}`} role="tabpanel" aria-labelledby={`tab-${id}`} hidden={id !== tab}>
            {id === tab && id === 'outbox' && <OutboxCard />}
            {id === tab && id === 'settings' && <MessagingSettingsCard />}
          </div>
        ))}
      </BlockStack>
    </Page>
  );
}
