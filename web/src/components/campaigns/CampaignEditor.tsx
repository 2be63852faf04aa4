import { Banner, BlockStack, Layout, Modal, Page, SkeletonBodyText, Text } from '@shopify/polaris';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, type MessageCampaign, type MessageTemplate, type Segment } from '../../api.ts';
import { useDirtyForm } from '../../hooks/useDirtyForm.ts';
import { fieldErrors, formError } from '../../hooks/useFieldErrors.ts';
import { navigate } from '../../hooks/useLocation.ts';
import { formatDate, formatNumber } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { FormSaveBar } from '../FormSaveBar.tsx';
import { CampaignFields } from './CampaignFields.tsx';
import { CampaignPreviewCard } from './CampaignPreviewCard.tsx';
import { draftOf, emptyDraft, inputOf, sendAtOf, type CampaignDraft } from './campaignDraft.ts';
import { audienceLabel } from './campaignText.ts';
import { FrequencyCapCard } from './FrequencyCapCard.tsx';
import { useAudienceSize } from './useAudienceSize.ts';

/**
 * A new or draft campaign: the form with the contextual save bar ("Save draft"), the live preview
 * beside it, and Schedule / Send now behind a confirmation stating the audience's size.
 */
export function CampaignEditor({ campaign }: { campaign: MessageCampaign | null }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const source = useMemo(() => (campaign ? draftOf(campaign) : emptyDraft()), [campaign]);
  const form = useDirtyForm<CampaignDraft>(source);
  const templates = useQuery({ queryKey: ['message-templates'], queryFn: endpoints.messageTemplates });
  const segments = useQuery({ queryKey: ['segments'], queryFn: endpoints.segments });
  const [confirming, setConfirming] = useState(false);
  const save = useMutation({
    mutationFn: (draft: CampaignDraft) => endpoints.saveMessageCampaign(campaign?.id ?? null, inputOf(draft)),
    onSuccess: (saved, draft) => {
      form.saved(draft);
      qc.setQueryData(['message-campaign', saved.id], saved);
      void qc.invalidateQueries({ queryKey: ['message-campaigns'] });
      if (!campaign) navigate(`/messages/campaigns/${encodeURIComponent(saved.id)}`, { replace: true });
    },
  });
  const schedule = useMutation({
    mutationFn: async (draft: CampaignDraft) => {
      // Unsaved edits are saved first: what is confirmed is what is sent.
      const saved = campaign && !form.dirty ? campaign : await save.mutateAsync(draft);
      return endpoints.scheduleMessageCampaign(saved.id, sendAtOf(draft));
    },
    onSuccess: (scheduled) => {
      setConfirming(false);
      qc.setQueryData(['message-campaign', scheduled.id], scheduled);
      void qc.invalidateQueries({ queryKey: ['message-campaigns'] });
    },
    onError: () => setConfirming(false),
  });

  const draft = form.value;
  const errors = fieldErrors(save.error);
  const problem = formError(save.error) ?? formError(schedule.error === save.error ? null : schedule.error);
  const loaded = draft && templates.data && segments.data;
  return (
    <Page
      backAction={{ content: t('messages.campaigns.title'), url: '/messages/campaigns' }}
      title={campaign?.name || t('messages.campaigns.editor.newTitle')}
      titleMetadata={
        <Text as="span" tone="subdued">
          {t('messages.campaigns.status.draft')}
        </Text>
      }
      primaryAction={{
        content: draft?.when === 'later' ? t('messages.campaigns.scheduleAction') : t('messages.campaigns.sendNowAction'),
        disabled: !loaded || save.isPending,
        onAction: () => setConfirming(true),
      }}
      fullWidth
    >
      {!loaded ? (
        <SkeletonBodyText lines={10} />
      ) : (
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              <FormSaveBar
                dirty={form.dirty}
                valid={Object.keys(errors).length === 0}
                saving={save.isPending}
                saveLabel={t('messages.campaigns.saveDraft')}
                onSave={() => save.mutate(draft)}
                onDiscard={() => {
                  form.discard();
                  save.reset();
                }}
              />
              {save.isSuccess && !form.dirty && (
                <Banner tone="success" title={t('messages.campaigns.savedDraft')} onDismiss={() => save.reset()} />
              )}
              {(save.isError || schedule.isError) && (
                <Banner tone="critical" title={t('messages.campaigns.saveFailed')}>
                  <p>{problem ?? t('messages.campaigns.fixFields', { count: Object.keys(errors).length })}</p>
                </Banner>
              )}
              <CampaignFields
                draft={draft}
                errors={errors}
                templates={templates.data.templates}
                segments={segments.data.segments}
                set={(change) => {
                  form.update((d) => ({ ...d, ...change }));
                  if (save.isSuccess || save.isError) save.reset();
                  if (schedule.isError) schedule.reset();
                }}
              />
              <FrequencyCapCard />
            </BlockStack>
          </Layout.Section>
          <Layout.Section variant="oneHalf">
            <CampaignPreviewCard draft={draft} templates={templates.data.templates} segments={segments.data.segments} />
          </Layout.Section>
        </Layout>
      )}
      {confirming && draft && segments.data && templates.data && (
        <ConfirmSend
          draft={draft}
          segments={segments.data.segments}
          templates={templates.data.templates}
          sending={schedule.isPending}
          onConfirm={() => schedule.mutate(draft)}
          onClose={() => setConfirming(false)}
        />
      )}
    </Page>
  );
}

/** "Eid shoppers: 1,240 customers today, 1,180 reachable by Email": the audience's size now (POST /api/campaigns/audience-size). */
function ConfirmSend(props: {
  draft: CampaignDraft;
  segments: Segment[];
  templates: MessageTemplate[];
  sending: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { draft, segments } = props;
  const input = inputOf(draft);
  const size = useAudienceSize(draft);
  const audience = audienceLabel(t, input.audience, segments);
  const sendAt = sendAtOf(draft);
  const later = draft.when === 'later';
  return (
    <Modal
      open
      onClose={props.onClose}
      title={later ? t('messages.campaigns.confirm.scheduleTitle') : t('messages.campaigns.confirm.sendTitle')}
      primaryAction={{
        content: later ? t('messages.campaigns.scheduleAction') : t('messages.campaigns.sendNowAction'),
        loading: props.sending,
        disabled: later && !sendAt,
        onAction: props.onConfirm,
      }}
      secondaryActions={[{ content: t('common.cancel'), onAction: props.onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="200">
          <div data-testid="confirm-audience">
            <Text as="p">
              {size
                ? t('messages.campaigns.confirm.size', {
                    count: size.customers,
                    n: formatNumber(lang, size.customers),
                    reachable: formatNumber(lang, size.reachable),
                    audience,
                    channel: t(`messages.channel.${draft.channel}`),
                  })
                : t('messages.campaigns.confirm.counting')}
            </Text>
          </div>
          <Text as="p">{t('messages.campaigns.confirm.holdout', { percent: formatNumber(lang, Number(draft.holdoutPercent) || 0) })}</Text>
          <Text as="p">
            {later
              ? sendAt
                ? t('messages.campaigns.confirm.at', { at: formatDate(lang, sendAt, true) })
                : t('messages.campaigns.confirm.noTime')
              : t('messages.campaigns.confirm.now')}
          </Text>
          {draft.windowOn && <Text as="p">{t('messages.campaigns.confirm.window', { opens: draft.opens, closes: draft.closes })}</Text>}
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
