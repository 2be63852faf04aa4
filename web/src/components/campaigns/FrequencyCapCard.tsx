import { Banner, BlockStack, Button, Card, Checkbox, InlineStack, Modal, SkeletonBodyText, Text, TextField } from '@shopify/polaris';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, type FrequencyCap } from '../../api.ts';
import { fieldErrors, formError } from '../../hooks/useFieldErrors.ts';
import { formatNumber } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';

/** The shop's frequency cap across campaigns (`/api/campaign-settings`), edited in a modal. */
export function FrequencyCapCard() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const settings = useQuery({ queryKey: ['campaign-settings'], queryFn: endpoints.campaignSettings });
  const [editing, setEditing] = useState(false);
  const cap = settings.data?.cap;
  return (
    <Card>
      <BlockStack gap="200">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t('messages.campaigns.cap.title')}
          </Text>
          <Button onClick={() => setEditing(true)} disabled={!settings.data} accessibilityLabel={t('messages.campaigns.cap.edit')}>
            {t('common.edit')}
          </Button>
        </InlineStack>
        {settings.isPending ? (
          <SkeletonBodyText lines={1} />
        ) : (
          <Text as="p" tone="subdued" id="frequency-cap">
            {cap
              ? t('messages.campaigns.cap.value', {
                  messages: formatNumber(lang, cap.messages),
                  days: formatNumber(lang, cap.days),
                  count: cap.days,
                })
              : t('messages.campaigns.cap.none')}
          </Text>
        )}
      </BlockStack>
      {editing && settings.data && <CapModal current={settings.data} onClose={() => setEditing(false)} />}
    </Card>
  );
}

function CapModal({ current, onClose }: { current: FrequencyCap; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [on, setOn] = useState(current.cap !== null);
  const [messages, setMessages] = useState(String(current.cap?.messages ?? 3));
  const [days, setDays] = useState(String(current.cap?.days ?? 7));
  const save = useMutation({
    mutationFn: () => endpoints.saveCampaignSettings({ cap: on ? { messages: Number(messages), days: Number(days) } : null }),
    onSuccess: (saved) => {
      qc.setQueryData(['campaign-settings'], saved);
      onClose();
    },
  });
  const errors = fieldErrors(save.error);
  return (
    <Modal
      open
      onClose={onClose}
      title={t('messages.campaigns.cap.title')}
      primaryAction={{ content: t('common.save'), loading: save.isPending, onAction: () => save.mutate() }}
      secondaryActions={[{ content: t('common.cancel'), onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          <Text as="p">{t('messages.campaigns.cap.help')}</Text>
          {formError(save.error) && (
            <Banner tone="critical">
              <p>{formError(save.error)}</p>
            </Banner>
          )}
          <Checkbox label={t('messages.campaigns.cap.on')} checked={on} onChange={setOn} />
          {on && (
            <InlineStack gap="300">
              <TextField
                label={t('messages.campaigns.cap.messages')}
                type="number"
                min={1}
                max={100}
                value={messages}
                onChange={setMessages}
                autoComplete="off"
                error={errors['cap.messages']}
              />
              <TextField
                label={t('messages.campaigns.cap.days')}
                type="number"
                min={1}
                max={90}
                value={days}
                onChange={setDays}
                autoComplete="off"
                error={errors['cap.days']}
              />
            </InlineStack>
          )}
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
