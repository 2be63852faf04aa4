import {
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  FormLayout,
  InlineStack,
  Select,
  SkeletonBodyText,
  Text,
  TextField,
} from '@shopify/polaris';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
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
  );
}

/** COD confirmation on WhatsApp: on/off, the template (Confirm / Cancel quick replies), reminder and review hours, cancel or tag. */
export function CodConfirmationCard() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: ['cod-confirmation'], queryFn: endpoints.codSettings });
  const templates = useQuery({ queryKey: ['message-templates'], queryFn: endpoints.messageTemplates });
  const [enabled, setEnabled] = useState(false);
  const [templateId, setTemplateId] = useState('');
  const [reminderHours, setReminderHours] = useState('12');
  const [reviewHours, setReviewHours] = useState('24');
  const [cancelAtStore, setCancelAtStore] = useState(false);
  useEffect(() => {
    if (!settings.data) return;
    setEnabled(settings.data.enabled);
    setTemplateId(settings.data.templateId ?? '');
    setReminderHours(String(settings.data.reminderHours));
    setReviewHours(String(settings.data.reviewHours));
    setCancelAtStore(settings.data.cancelAtStore);
  }, [settings.data]);
  const save = useMutation({
    mutationFn: endpoints.saveCodSettings,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['cod-confirmation'] }),
  });
  const whatsappTemplates = (templates.data?.templates ?? []).filter((tpl) => tpl.channel === 'whatsapp');

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t('cod.title')}
        </Text>
        <Text as="p" tone="subdued">
          {t('cod.help', {
            confirm: settings.data?.payloads.confirm ?? 'COD_CONFIRM',
            cancel: settings.data?.payloads.cancel ?? 'COD_CANCEL',
          })}
        </Text>
        {formError(save.error) && <Banner tone="critical">{formError(save.error)}</Banner>}
        <FormLayout>
          <Checkbox label={t('cod.enabled')} checked={enabled} onChange={setEnabled} />
          <Select
            label={t('cod.template')}
            options={[{ label: t('cod.noTemplate'), value: '' }, ...whatsappTemplates.map((tpl) => ({ label: tpl.name, value: tpl.id }))]}
            value={templateId}
            onChange={setTemplateId}
          />
          <FormLayout.Group>
            <TextField label={t('cod.reminderHours')} type="number" value={reminderHours} onChange={setReminderHours} autoComplete="off" />
            <TextField label={t('cod.reviewHours')} type="number" value={reviewHours} onChange={setReviewHours} autoComplete="off" />
          </FormLayout.Group>
          <Checkbox label={t('cod.cancelAtStore')} helpText={t('cod.cancelHelp')} checked={cancelAtStore} onChange={setCancelAtStore} />
        </FormLayout>
        <InlineStack>
          <Button
            variant="primary"
            loading={save.isPending}
            onClick={() =>
              save.mutate({
                enabled,
                templateId: templateId || null,
                reminderHours: Number(reminderHours),
                reviewHours: Number(reviewHours),
                cancelAtStore,
              })
            }
          >
            {t('common.save')}
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
