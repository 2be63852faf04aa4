import { Banner, BlockStack, Card, Checkbox, Select, SkeletonBodyText, Text, TextField } from '@shopify/polaris';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { endpoints, type MessagingSettingsInput } from '../../api.ts';
import { useDirtyForm } from '../../hooks/useDirtyForm.ts';
import { fieldErrors, formError } from '../../hooks/useFieldErrors.ts';
import { FormSaveBar } from '../FormSaveBar.tsx';

const LANGUAGES = ['', 'en', 'ur', 'pa', 'hi'] as const;

/**
 * The shop's messaging settings (GET/PUT /api/messaging-settings): the default language of
 * messages after the shopper's own, click and open tracking, the attribution window.
 */
export function MessagingSettingsCard() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['messaging-settings'], queryFn: endpoints.messagingSettings });
  const source: MessagingSettingsInput | undefined = q.data && {
    defaultLanguage: q.data.defaultLanguage,
    openTracking: q.data.openTracking,
    clickTracking: q.data.clickTracking,
    attributionWindowDays: q.data.attributionWindowDays,
  };
  const form = useDirtyForm<MessagingSettingsInput>(source);
  const save = useMutation({
    mutationFn: endpoints.saveMessagingSettings,
    onSuccess: (r) => {
      form.saved({
        defaultLanguage: r.defaultLanguage,
        openTracking: r.openTracking,
        clickTracking: r.clickTracking,
        attributionWindowDays: r.attributionWindowDays,
      });
      void qc.invalidateQueries({ queryKey: ['messaging-settings'] });
    },
  });
  if (q.isError)
    return (
      <Banner tone="critical" title={t('errors.loadFailed')}>
        <p>{q.error.message}</p>
      </Banner>
    );
  const v = form.value;
  if (!v) return <SkeletonBodyText lines={6} />;
  const errors = fieldErrors(save.error);
  const set = (patch: Partial<MessagingSettingsInput>) => {
    form.update((s) => ({ ...s, ...patch }));
    if (save.isSuccess || save.isError) save.reset();
  };
  return (
    <Card>
      <BlockStack gap="400">
        <FormSaveBar
          dirty={form.dirty}
          valid={Object.keys(errors).length === 0}
          saving={save.isPending}
          onSave={() => save.mutate(v)}
          onDiscard={() => {
            form.discard();
            save.reset();
          }}
        />
        <Text as="h2" variant="headingMd">
          {t('messages.settings.title')}
        </Text>
        {save.isSuccess && <Banner tone="success" title={t('messages.settings.saved')} onDismiss={() => save.reset()} />}
        {save.isError && (
          <Banner tone="critical" title={t('messages.settings.saveFailed')}>
            <p>{formError(save.error) ?? ''}</p>
          </Banner>
        )}
        <Select
          label={t('messages.settings.defaultLanguage')}
          helpText={t('messages.settings.defaultLanguageHelp')}
          options={LANGUAGES.map((l) => ({ value: l, label: t(`messages.settings.languages.${l || 'none'}`) }))}
          value={v.defaultLanguage ?? ''}
          onChange={(value) => set({ defaultLanguage: value === '' ? null : (value as MessagingSettingsInput['defaultLanguage']) })}
          error={errors.defaultLanguage}
        />
        <Checkbox
          label={t('messages.settings.clickTracking')}
          helpText={t('messages.settings.clickTrackingHelp')}
          checked={v.clickTracking}
          onChange={(checked) => set({ clickTracking: checked })}
        />
        <Checkbox
          label={t('messages.settings.openTracking')}
          helpText={t('messages.settings.openTrackingHelp')}
          checked={v.openTracking}
          onChange={(checked) => set({ openTracking: checked })}
        />
        <TextField
          label={t('messages.settings.attributionWindow')}
          helpText={t('messages.settings.attributionWindowHelp')}
          type="number"
          min={1}
          max={30}
          autoComplete="off"
          value={String(v.attributionWindowDays)}
          onChange={(value) => set({ attributionWindowDays: Number(value) })}
          error={errors.attributionWindowDays}
        />
      </BlockStack>
    </Card>
  );
}
