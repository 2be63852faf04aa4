import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Checkbox,
  FormLayout,
  InlineStack,
  Modal,
  SkeletonBodyText,
  Text,
  TextField,
} from '@shopify/polaris';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, type WebhookSubscription } from '../../api.ts';
import { formatDate } from '../../format.ts';
import { fieldErrors, formError } from '../../hooks/useFieldErrors.ts';
import { currentLanguage } from '../../i18n.ts';

/**
 * Outbound webhooks (GET/POST/PATCH/DELETE /api/webhooks): subscribe a URL to Rapport's events,
 * see the signing secret once, pause, send a test, and see each delivery with its failure and a retry.
 */
export function WebhooksCard() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['webhooks'], queryFn: endpoints.webhooks });
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const toggle = useMutation({
    mutationFn: (s: WebhookSubscription) => endpoints.updateWebhook(s.id, { active: !s.active }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['webhooks'] }),
  });
  const remove = useMutation({
    mutationFn: (id: string) => endpoints.deleteWebhook(id),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['webhooks'] }),
  });
  const test = useMutation({
    mutationFn: (id: string) => endpoints.testWebhook(id),
    onSuccess: (_r, id) => {
      setOpen(id);
      void qc.invalidateQueries({ queryKey: ['webhook-deliveries', id] });
    },
  });

  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t('webhooks.title')}
          </Text>
          <Button onClick={() => setAdding(true)}>{t('webhooks.add')}</Button>
        </InlineStack>
        {secret && (
          <Banner tone="warning" title={t('webhooks.secretTitle')} onDismiss={() => setSecret(null)}>
            <BlockStack gap="100">
              <p>{t('webhooks.secretBody')}</p>
              <Text as="p" fontWeight="semibold">
                <code dir="ltr" data-testid="webhook-secret">
                  {secret}
                </code>
              </Text>
            </BlockStack>
          </Banner>
        )}
        {q.isPending && <SkeletonBodyText lines={2} />}
        {q.isError && (
          <Banner tone="critical" title={t('errors.loadFailed')}>
            <p>{q.error.message}</p>
          </Banner>
        )}
        {q.data && q.data.subscriptions.length === 0 && (
          <Text as="p" tone="subdued">
            {t('webhooks.empty')}
          </Text>
        )}
        {q.data && q.data.subscriptions.length > 0 && (
          <ul className="rapport-plain-list" aria-label={t('webhooks.title')}>
            {q.data.subscriptions.map((s) => (
              <li key={s.id}>
                <Box paddingBlock="200">
                  <BlockStack gap="200">
                    <InlineStack align="space-between" blockAlign="center" gap="200">
                      <BlockStack gap="050">
                        <Text as="span" fontWeight="semibold">
                          <bdi>{s.url}</bdi>
                        </Text>
                        <Text as="span" tone="subdued" variant="bodySm">
                          <bdi>{s.topics.join(', ')}</bdi>
                        </Text>
                      </BlockStack>
                      <InlineStack gap="200" blockAlign="center">
                        <Badge tone={s.active ? 'success' : undefined}>{t(s.active ? 'webhooks.active' : 'webhooks.paused')}</Badge>
                        <Button variant="plain" onClick={() => setOpen(open === s.id ? null : s.id)}>
                          {t('webhooks.deliveries')}
                        </Button>
                        <Button variant="plain" onClick={() => test.mutate(s.id)} loading={test.isPending && test.variables === s.id}>
                          {t('webhooks.test')}
                        </Button>
                        <Button variant="plain" onClick={() => toggle.mutate(s)}>
                          {t(s.active ? 'webhooks.pause' : 'webhooks.resume')}
                        </Button>
                        <Button
                          variant="plain"
                          tone="critical"
                          onClick={() => remove.mutate(s.id)}
                          accessibilityLabel={t('common.removeNamed', { name: s.url })}
                        >
                          {t('common.remove')}
                        </Button>
                      </InlineStack>
                    </InlineStack>
                    {open === s.id && <Deliveries subscriptionId={s.id} />}
                  </BlockStack>
                </Box>
              </li>
            ))}
          </ul>
        )}
      </BlockStack>
      {adding && q.data && (
        <AddWebhookModal
          topics={q.data.topics}
          onClose={() => setAdding(false)}
          onCreated={(s) => {
            setSecret(s);
            setAdding(false);
          }}
        />
      )}
    </Card>
  );
}

function Deliveries({ subscriptionId }: { subscriptionId: string }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['webhook-deliveries', subscriptionId],
    queryFn: () => endpoints.webhookDeliveries(subscriptionId),
    refetchInterval: 5_000,
  });
  const retry = useMutation({
    mutationFn: (deliveryId: string) => endpoints.retryWebhookDelivery(subscriptionId, deliveryId),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['webhook-deliveries', subscriptionId] }),
  });
  if (q.isPending) return <SkeletonBodyText lines={2} />;
  if (q.isError) return <Banner tone="critical" title={t('errors.loadFailed')} />;
  if (q.data.deliveries.length === 0)
    return (
      <Text as="p" tone="subdued">
        {t('webhooks.noDeliveries')}
      </Text>
    );
  return (
    <ul className="rapport-plain-list" aria-label={t('webhooks.deliveries')}>
      {q.data.deliveries.map((d) => (
        <li key={d.id}>
          <InlineStack align="space-between" blockAlign="center" gap="200">
            <InlineStack gap="200" blockAlign="center">
              <Badge tone={d.status === 'delivered' ? 'success' : d.status === 'failed' ? 'critical' : 'info'}>
                {t(`webhooks.status.${d.status}`)}
              </Badge>
              <Text as="span">
                <bdi>{d.topic}</bdi>
              </Text>
              <Text as="span" tone="subdued" variant="bodySm">
                {formatDate(lang, d.createdAt, true)} · {t('webhooks.attempts', { count: d.attempts })}
                {d.lastError ? ' · ' : ''}
                {d.lastError && <bdi>{d.lastError}</bdi>}
              </Text>
            </InlineStack>
            {d.status === 'failed' && (
              <Button variant="plain" onClick={() => retry.mutate(d.id)}>
                {t('webhooks.retry')}
              </Button>
            )}
          </InlineStack>
        </li>
      ))}
    </ul>
  );
}

function AddWebhookModal({ topics, onClose, onCreated }: { topics: string[]; onClose: () => void; onCreated: (secret: string) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [url, setUrl] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const add = useMutation({
    mutationFn: endpoints.createWebhook,
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: ['webhooks'] });
      onCreated(r.secret);
    },
  });
  const errors = fieldErrors(add.error);
  const banner = Object.keys(errors).length ? null : formError(add.error);
  return (
    <Modal
      open
      onClose={onClose}
      title={t('webhooks.addTitle')}
      primaryAction={{
        content: t('webhooks.add'),
        onAction: () => add.mutate({ url: url.trim(), topics: chosen }),
        loading: add.isPending,
      }}
      secondaryActions={[{ content: t('common.cancel'), onAction: onClose }]}
    >
      <Modal.Section>
        <FormLayout>
          {banner && (
            <Banner tone="critical" title={t('webhooks.addFailed')}>
              <p>{banner}</p>
            </Banner>
          )}
          <TextField
            label={t('webhooks.url')}
            value={url}
            onChange={setUrl}
            autoComplete="off"
            type="url"
            helpText={t('webhooks.urlHelp')}
            error={errors.url}
            requiredIndicator
          />
          <BlockStack gap="100">
            <Text as="p" fontWeight="semibold">
              {t('webhooks.topics')}
            </Text>
            {topics.map((topic) => (
              <Checkbox
                key={topic}
                label={<bdi>{topic}</bdi>}
                helpText={t(`webhooks.topicHelp.${topic.replace('.', '_')}`)}
                checked={chosen.includes(topic)}
                onChange={(on) => setChosen((c) => (on ? [...c, topic] : c.filter((x) => x !== topic)))}
              />
            ))}
            {errors.topics && (
              <Text as="p" tone="critical">
                {errors.topics}
              </Text>
            )}
          </BlockStack>
        </FormLayout>
      </Modal.Section>
    </Modal>
  );
}
