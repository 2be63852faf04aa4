import { Badge, Banner, BlockStack, Card, InlineGrid, Modal, Page, Text } from '@shopify/polaris';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, type MessageCampaign } from '../../api.ts';
import { formError } from '../../hooks/useFieldErrors.ts';
import { formatDate, formatNumber } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { audienceLabel, statusTone } from './campaignText.ts';
import { CampaignReportCard } from './CampaignReportCard.tsx';
import { RecipientsCard } from './RecipientsCard.tsx';

/** A campaign past its draft: what it is, Cancel while scheduled or sending, the report and the recipients. */
export function CampaignView({ campaign: c }: { campaign: MessageCampaign }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const qc = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const segments = useQuery({ queryKey: ['segments'], queryFn: endpoints.segments });
  const templates = useQuery({ queryKey: ['message-templates'], queryFn: endpoints.messageTemplates });
  const cancel = useMutation({
    mutationFn: () => endpoints.cancelMessageCampaign(c.id),
    onSuccess: ({ withdrawn: _w, ...cancelled }) => {
      setConfirming(false);
      qc.setQueryData(['message-campaign', c.id], cancelled);
      void qc.invalidateQueries({ queryKey: ['message-campaigns'] });
      void qc.invalidateQueries({ queryKey: ['message-campaign-report', c.id] });
    },
  });
  const cancellable = c.status === 'scheduled' || c.status === 'sending';
  const n = (v: number) => formatNumber(lang, v);
  const templateName = (id: string) => templates.data?.templates.find((tpl) => tpl.id === id)?.name ?? id;

  return (
    <Page
      backAction={{ content: t('messages.campaigns.title'), url: '/messages/campaigns' }}
      title={c.name}
      titleMetadata={
        <span data-testid="campaign-status">
          <Badge tone={statusTone(c.status)}>{t(`messages.campaigns.status.${c.status}`)}</Badge>
        </span>
      }
      secondaryActions={
        cancellable ? [{ content: t('messages.campaigns.cancel'), destructive: true, onAction: () => setConfirming(true) }] : []
      }
      fullWidth
    >
      <BlockStack gap="400">
        {cancel.isSuccess && (
          <Banner tone="info" onDismiss={() => cancel.reset()}>
            <p>{t('messages.campaigns.cancelled', { count: cancel.data.withdrawn, n: n(cancel.data.withdrawn) })}</p>
          </Banner>
        )}
        <Card>
          <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
            <Fact
              label={t('messages.campaigns.columns.channel')}
              value={t(`messages.channel.${c.channel === 'whatsapp' ? 'whatsapp' : 'email'}`)}
            />
            <Fact label={t('messages.campaigns.columns.audience')} value={audienceLabel(t, c.audience, segments.data?.segments)} />
            <Fact
              label={t('messages.campaigns.view.variants')}
              value={c.variants
                .map((v) => (c.variants.length > 1 ? `${v.key}: ${templateName(v.templateId)}` : templateName(v.templateId)))
                .join(', ')}
            />
            <Fact label={t('messages.campaigns.editor.holdout')} value={`${n(c.holdoutPercent)} %`} />
            <Fact
              label={t('messages.campaigns.columns.when')}
              value={
                c.finishedAt
                  ? t('messages.campaigns.sentAt', { at: formatDate(lang, c.finishedAt, true) })
                  : c.startedAt
                    ? t('messages.campaigns.startedAt', { at: formatDate(lang, c.startedAt, true) })
                    : c.sendAt
                      ? formatDate(lang, c.sendAt, true)
                      : t('messages.campaigns.now')
              }
            />
            <Fact
              label={t('messages.campaigns.editor.window')}
              value={
                c.window
                  ? t('messages.campaigns.view.window', { opens: c.window.opens, closes: c.window.closes })
                  : t('messages.campaigns.view.anyTime')
              }
            />
          </InlineGrid>
        </Card>
        <CampaignReportCard campaign={c} />
        <RecipientsCard campaign={c} />
      </BlockStack>
      {confirming && (
        <Modal
          open
          onClose={() => setConfirming(false)}
          title={t('messages.campaigns.cancelTitle', { name: c.name })}
          primaryAction={{
            content: t('messages.campaigns.cancel'),
            destructive: true,
            loading: cancel.isPending,
            onAction: () => cancel.mutate(),
          }}
          secondaryActions={[{ content: t('messages.campaigns.keep'), onAction: () => setConfirming(false) }]}
        >
          <Modal.Section>
            <BlockStack gap="200">
              <p>{t('messages.campaigns.cancelBody')}</p>
              {cancel.isError && (
                <Banner tone="critical">
                  <p>{formError(cancel.error)}</p>
                </Banner>
              )}
            </BlockStack>
          </Modal.Section>
        </Modal>
      )}
    </Page>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <BlockStack gap="100">
      <Text as="p" variant="bodySm" tone="subdued">
        {label}
      </Text>
      <Text as="p">{value}</Text>
    </BlockStack>
  );
}
