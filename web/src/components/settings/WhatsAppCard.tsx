import { Banner, BlockStack, Button, Card, FormLayout, InlineStack, SkeletonBodyText, Text, TextField } from '@shopify/polaris';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints } from '../../api.ts';
import { fieldErrors, formError } from '../../hooks/useFieldErrors.ts';

/** The shop's WhatsApp number (Cloud API: phone number id, WABA id, access token, never shown again) and its status. */
export function WhatsAppCard() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: ['whatsapp'], queryFn: endpoints.whatsapp });
  const [phoneNumberId, setPhoneNumberId] = useState('');
  const [wabaId, setWabaId] = useState('');
  const [displayPhone, setDisplayPhone] = useState('');
  const [accessToken, setAccessToken] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['whatsapp'] });
  const connect = useMutation({
    mutationFn: endpoints.connectWhatsApp,
    onSuccess: async () => {
      setAccessToken('');
      await refresh();
    },
  });
  const disconnect = useMutation({ mutationFn: endpoints.disconnectWhatsApp, onSuccess: refresh });
  const errors = fieldErrors(connect.error);
  const number = settings.data?.number;

  return (
    <div data-testid="whatsapp-card">
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t('whatsapp.title')}
          </Text>
          {settings.isPending && <SkeletonBodyText lines={2} />}
          {settings.isError && (
            <Banner tone="critical" title={t('errors.loadFailed')}>
              <p>{settings.error.message}</p>
            </Banner>
          )}
          {settings.data && (
            <Text as="p" tone={number ? 'success' : 'subdued'}>
              {number
                ? t('whatsapp.connected', { phone: number.displayPhone ?? number.phoneNumberId, token: number.tokenHint })
                : t('whatsapp.notConnected')}
            </Text>
          )}
          {settings.data && !settings.data.webhooksConfigured && <Banner tone="warning">{t('whatsapp.webhooksMissing')}</Banner>}
          {settings.data?.webhookUrl && (
            <Text as="p" tone="subdued">
              {t('whatsapp.webhookUrl')} <bdi>{settings.data.webhookUrl}</bdi>
            </Text>
          )}
          {formError(connect.error) && <Banner tone="critical">{formError(connect.error)}</Banner>}
          <FormLayout>
            <TextField
              label={t('whatsapp.phoneNumberId')}
              value={phoneNumberId}
              onChange={setPhoneNumberId}
              autoComplete="off"
              error={errors.phoneNumberId}
            />
            <TextField label={t('whatsapp.wabaId')} value={wabaId} onChange={setWabaId} autoComplete="off" error={errors.wabaId} />
            <TextField
              label={t('whatsapp.displayPhone')}
              value={displayPhone}
              onChange={setDisplayPhone}
              autoComplete="off"
              placeholder="+923001234567"
              error={errors.displayPhone}
            />
            <TextField
              label={t('whatsapp.accessToken')}
              type="password"
              value={accessToken}
              onChange={setAccessToken}
              autoComplete="off"
              helpText={t('whatsapp.tokenHelp')}
              error={errors.accessToken}
            />
          </FormLayout>
          <InlineStack gap="200">
            <Button
              variant="primary"
              loading={connect.isPending}
              onClick={() =>
                connect.mutate({
                  phoneNumberId: phoneNumberId.trim(),
                  wabaId: wabaId.trim(),
                  displayPhone: displayPhone.trim() || null,
                  accessToken,
                })
              }
            >
              {t('whatsapp.connect')}
            </Button>
            {number && (
              <Button tone="critical" loading={disconnect.isPending} onClick={() => disconnect.mutate()}>
                {t('whatsapp.disconnect')}
              </Button>
            )}
          </InlineStack>
        </BlockStack>
      </Card>
    </div>
  );
}
