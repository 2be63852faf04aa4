import { Badge, Banner, BlockStack, Button, Card, InlineStack, Page, Select, SkeletonBodyText, Text, TextField } from '@shopify/polaris';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, type Flow, type FlowPatch, type MessageTemplate } from '../api.ts';
import { formatMoney, formatNumber, minorToMoney } from '../format.ts';
import { currentLanguage } from '../i18n.ts';

/** Messages › Flows: each automated flow with its switch, template, delay and last 30 days. */
export function FlowsPage() {
  const { t } = useTranslation();
  const flows = useQuery({ queryKey: ['flows'], queryFn: endpoints.flows });
  const templates = useQuery({ queryKey: ['message-templates'], queryFn: endpoints.messageTemplates });
  // Flows send email today: only email templates can be chosen.
  const usable = (templates.data?.templates ?? []).filter((tpl) => tpl.channel === 'email');

  return (
    <Page
      backAction={{ content: t('messages.title'), url: '/messages' }}
      title={t('messages.flows.title')}
      subtitle={t('messages.flows.subtitle')}
    >
      <BlockStack gap="400">
        {flows.isError && (
          <Banner
            tone="critical"
            title={t('errors.loadFailed')}
            action={{ content: t('errors.retry'), onAction: () => void flows.refetch() }}
          >
            <p>{flows.error.message}</p>
          </Banner>
        )}
        {flows.isPending ? (
          <Card>
            <SkeletonBodyText lines={6} />
          </Card>
        ) : (
          (flows.data?.flows ?? []).map((flow) => <FlowCard key={`${flow.kind}:${flow.updatedAt ?? ''}`} flow={flow} templates={usable} />)
        )}
      </BlockStack>
    </Page>
  );
}

function FlowCard({ flow, templates }: { flow: Flow; templates: MessageTemplate[] }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [templateId, setTemplateId] = useState(flow.templateId ?? '');
  const [delay, setDelay] = useState(String(flow.delayMinutes));
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (patch: FlowPatch) => endpoints.updateFlow(flow.kind, patch),
    onSuccess: () => setError(null),
    onError: (e) => setError(e.message),
    onSettled: () => void qc.invalidateQueries({ queryKey: ['flows'] }),
  });
  // Flows with a ready-made template (abandoned checkout): save it in the shop and choose it.
  const useDefault = useMutation({
    mutationFn: () => endpoints.useDefaultFlowTemplate(flow.kind),
    onSuccess: (saved) => {
      setError(null);
      setTemplateId(saved.templateId ?? '');
      void qc.invalidateQueries({ queryKey: ['message-templates'] });
    },
    onError: (e) => setError(e.message),
    onSettled: () => void qc.invalidateQueries({ queryKey: ['flows'] }),
  });
  const delayMinutes = Number(delay);
  const delayValid = delay.trim() !== '' && Number.isInteger(delayMinutes) && delayMinutes >= 0 && delayMinutes <= 86_400;
  const changed = (templateId || null) !== flow.templateId || delayMinutes !== flow.delayMinutes;
  const name = t(`messages.flows.kinds.${flow.kind}.name`);
  const n = (value: number) => formatNumber(currentLanguage(), value);

  return (
    <div data-testid={`flow-${flow.kind}`}>
      <Card>
        <BlockStack gap="300">
          <InlineStack align="space-between" blockAlign="center" gap="200">
            <InlineStack gap="200" blockAlign="center">
              <Text as="h2" variant="headingMd">
                {name}
              </Text>
              <Badge tone={flow.enabled ? 'success' : undefined}>{t(flow.enabled ? 'messages.flows.on' : 'messages.flows.off')}</Badge>
            </InlineStack>
            <Button
              variant={flow.enabled ? 'secondary' : 'primary'}
              loading={save.isPending}
              disabled={!flow.enabled && !(templateId || flow.templateId)}
              accessibilityLabel={t(flow.enabled ? 'messages.flows.turnOffNamed' : 'messages.flows.turnOnNamed', { name })}
              onClick={() =>
                save.mutate(flow.enabled ? { enabled: false } : { enabled: true, templateId: templateId || null, delayMinutes })
              }
            >
              {t(flow.enabled ? 'messages.flows.turnOff' : 'messages.flows.turnOn')}
            </Button>
          </InlineStack>
          <Text as="p" tone="subdued">
            {t(`messages.flows.kinds.${flow.kind}.description`)}
          </Text>
          {error && (
            <Banner tone="critical" onDismiss={() => setError(null)}>
              <p>{error}</p>
            </Banner>
          )}
          <InlineStack gap="300" blockAlign="end" wrap>
            <div style={{ minWidth: 240 }}>
              <Select
                label={t('messages.flows.template')}
                options={[
                  { label: t('messages.flows.noTemplate'), value: '' },
                  ...templates.map((tpl) => ({ label: tpl.name, value: tpl.id })),
                ]}
                value={templateId}
                onChange={setTemplateId}
              />
            </div>
            <div style={{ maxWidth: 180 }}>
              <TextField
                label={t('messages.flows.delay')}
                type="number"
                min={0}
                value={delay}
                onChange={setDelay}
                autoComplete="off"
                suffix={t('messages.flows.minutes')}
                error={delayValid ? undefined : t('messages.flows.delayInvalid')}
              />
            </div>
            {flow.kind === 'abandoned_checkout' && !flow.templateId && (
              <Button variant="plain" loading={useDefault.isPending} onClick={() => useDefault.mutate()}>
                {t('messages.flows.useDefaultTemplate')}
              </Button>
            )}
            <Button
              disabled={!changed || !delayValid || (flow.enabled && !templateId)}
              loading={save.isPending}
              onClick={() => save.mutate({ templateId: templateId || null, delayMinutes })}
            >
              {t('common.save')}
            </Button>
          </InlineStack>
          <Text as="p" variant="bodySm" tone="subdued">
            {t('messages.flows.figures', {
              queued: n(flow.figures.queued),
              sent: n(flow.figures.sent),
              failed: n(flow.figures.failed),
              skipped: n(flow.figures.skipped),
            })}
          </Text>
          {flow.kind === 'abandoned_checkout' && (
            <Text as="p" variant="bodySm" tone="subdued">
              {t('messages.flows.recovered', {
                recovered: n(flow.figures.recovered),
                revenue: flow.figures.recoveredCurrency
                  ? formatMoney(currentLanguage(), minorToMoney(flow.figures.recoveredMinor, flow.figures.recoveredCurrency))
                  : n(0),
              })}
            </Text>
          )}
        </BlockStack>
      </Card>
    </div>
  );
}
