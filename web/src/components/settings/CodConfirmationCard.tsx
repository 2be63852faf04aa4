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
import { hasCodButtons } from '../messages/templateDraft.ts';

/**
 * COD confirmation on WhatsApp: on/off, the template (only WhatsApp templates whose every language
 * has the Confirm / Cancel quick replies; what to create at Meta when there is none), reminder and
 * review hours, cancel at the store or tag. The API's 400s show on their fields.
 */
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
    onSuccess: (saved) => queryClient.setQueryData(['cod-confirmation'], saved),
  });
  const errors = fieldErrors(save.error);
  const confirm = settings.data?.payloads.confirm ?? 'COD_CONFIRM';
  const cancel = settings.data?.payloads.cancel ?? 'COD_CANCEL';
  const all = templates.data?.templates ?? [];
  // The saved one stays listed even if it lost its buttons since, so the form shows what is set.
  const usable = all.filter((tpl) => hasCodButtons(tpl) || tpl.id === settings.data?.templateId);
  const edit =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      save.reset();
    };

  return (
    <div data-testid="cod-card">
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t('cod.title')}
          </Text>
          <Text as="p" tone="subdued">
            {t('cod.help', { confirm, cancel })}
          </Text>
          {settings.isPending && <SkeletonBodyText lines={4} />}
          {settings.isError && (
            <Banner tone="critical" title={t('errors.loadFailed')}>
              <p>{settings.error.message}</p>
            </Banner>
          )}
          {templates.data && usable.length === 0 && (
            <Banner tone="info" title={t('cod.noTemplateTitle')} action={{ content: t('cod.createTemplate'), url: '/messages/templates' }}>
              <p data-testid="cod-how-to">{t('cod.howTo', { confirm, cancel })}</p>
            </Banner>
          )}
          {save.isSuccess && (
            <Banner tone="success" onDismiss={() => save.reset()}>
              <p>{t('cod.saved')}</p>
            </Banner>
          )}
          {formError(save.error) && <Banner tone="critical">{formError(save.error)}</Banner>}
          {/* Not before the saved settings are in: arriving late, they would overwrite what was typed. */}
          {settings.data && (
            <>
              <FormLayout>
                <Checkbox label={t('cod.enabled')} checked={enabled} onChange={edit(setEnabled)} />
                <Select
                  label={t('cod.template')}
                  options={[{ label: t('cod.noTemplate'), value: '' }, ...usable.map((tpl) => ({ label: tpl.name, value: tpl.id }))]}
                  value={templateId}
                  onChange={edit(setTemplateId)}
                  helpText={t('cod.templateHelp', { confirm, cancel })}
                  error={errors.templateId}
                />
                <FormLayout.Group>
                  <TextField
                    label={t('cod.reminderHours')}
                    type="number"
                    min={1}
                    max={168}
                    value={reminderHours}
                    onChange={edit(setReminderHours)}
                    autoComplete="off"
                    error={errors.reminderHours}
                  />
                  <TextField
                    label={t('cod.reviewHours')}
                    type="number"
                    min={2}
                    max={336}
                    value={reviewHours}
                    onChange={edit(setReviewHours)}
                    autoComplete="off"
                    helpText={t('cod.reviewHelp')}
                    error={errors.reviewHours}
                  />
                </FormLayout.Group>
                <Checkbox
                  label={t('cod.cancelAtStore')}
                  helpText={t('cod.cancelHelp')}
                  checked={cancelAtStore}
                  onChange={edit(setCancelAtStore)}
                />
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
            </>
          )}
        </BlockStack>
      </Card>
    </div>
  );
}
