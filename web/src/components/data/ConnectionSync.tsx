import { Badge, Banner, BlockStack, Button, InlineStack, ProgressBar, SkeletonBodyText, Text } from '@shopify/polaris';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import i18next, { type TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { endpoints, type Connection, type SyncRunView, type WebhookHealth } from '../../api.ts';
import { formatDate, formatDuration, formatNumber, formatPercent } from '../../format.ts';
import { currentLanguage, type Language } from '../../i18n.ts';

const POLL_MS = 3_000;
const isRunning = (runs: SyncRunView[] | undefined) => (runs ?? []).some((r) => r.status === 'running');
/** Shopify serves orders older than 60 days only with read_all_orders; unknown scopes say nothing. */
const allOrders = (scopes: string | null) => scopes === null || scopes.split(',').some((s) => /^(read|write)_all_orders$/.test(s.trim()));

/** Latest sync runs of one store, with the import (Shopify) or reconcile (WooCommerce) button. */
export function ConnectionSync({ connection }: { connection: Connection }) {
  if (connection.platform === 'shopify') return <ShopifySync id={connection.id} name={connection.name} />;
  if (connection.platform === 'woocommerce') return <WooSync id={connection.id} name={connection.name} />;
  return null;
}

function ShopifySync({ id, name }: { id: string; name: string }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const client = useQueryClient();
  const q = useQuery({
    queryKey: ['sync', 'shopify', id], queryFn: () => endpoints.shopifySync(id),
    refetchInterval: (query) => (isRunning(query.state.data?.runs) ? POLL_MS : false),
  });
  const start = useMutation({
    mutationFn: () => endpoints.shopifyBackfill(id),
    onSettled: () => client.invalidateQueries({ queryKey: ['sync', 'shopify', id] }),
  });
  const running = isRunning(q.data?.runs);
  return (
    <BlockStack gap="200">
      <InlineStack gap="200" blockAlign="center" align="space-between">
        <Text as="p" variant="bodySm" tone="subdued">
          {t('data.sync.lastReconcile')}: {q.data?.lastReconcileAt ? formatDate(lang, q.data.lastReconcileAt, true) : t('data.sync.never')}
        </Text>
        <Button onClick={() => start.mutate()} loading={start.isPending} disabled={running}
          accessibilityLabel={t('data.sync.importHistoryFor', { name })}>
          {t('data.sync.importHistory')}
        </Button>
      </InlineStack>
      {q.data && !allOrders(q.data.grantedScopes) && (
        <Banner tone="warning" title={t('data.sync.historyLimited', { days: formatNumber(lang, 60) })}>
          <p>{t('data.sync.historyLimitedHelp')}</p>
        </Banner>
      )}
      {start.isSuccess && !start.isPending && <Banner tone="info" onDismiss={() => start.reset()} title={t('data.sync.importStarted')} />}
      {start.isError && <Banner tone="critical" onDismiss={() => start.reset()} title={start.error.message} />}
      <Runs q={q} />
    </BlockStack>
  );
}

function WooSync({ id, name }: { id: string; name: string }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const client = useQueryClient();
  const q = useQuery({
    queryKey: ['sync', 'woocommerce', id], queryFn: () => endpoints.wooSync(id),
    refetchInterval: (query) => (isRunning(query.state.data?.runs) ? POLL_MS : false),
  });
  const reconcile = useMutation({
    mutationFn: () => endpoints.wooReconcile(id),
    onSettled: () => client.invalidateQueries({ queryKey: ['sync', 'woocommerce', id] }),
  });
  const running = isRunning(q.data?.runs);
  const hooks = q.data?.webhooks;
  return (
    <BlockStack gap="200">
      <InlineStack gap="200" blockAlign="center" align="space-between">
        <Text as="p" variant="bodySm" tone="subdued">
          {t('data.sync.lastReconcile')}: {q.data?.state.lastReconcileAt ? formatDate(lang, q.data.state.lastReconcileAt, true) : t('data.sync.never')}
        </Text>
        <Button onClick={() => reconcile.mutate()} loading={reconcile.isPending} disabled={running}
          accessibilityLabel={t('data.sync.reconcileFor', { name })}>
          {t('data.sync.reconcile')}
        </Button>
      </InlineStack>
      {reconcile.data && (
        <Banner tone="success" onDismiss={() => reconcile.reset()}
          title={t('data.sync.reconciled', { orders: formatNumber(lang, reconcile.data.orders), customers: formatNumber(lang, reconcile.data.customers) })} />
      )}
      {reconcile.isError && <Banner tone="critical" onDismiss={() => reconcile.reset()} title={reconcile.error.message} />}
      {hooks && <WebhookList hooks={hooks} />}
      <Runs q={q} />
    </BlockStack>
  );
}

function WebhookList({ hooks }: { hooks: WebhookHealth[] | { error: string } }) {
  const { t } = useTranslation();
  if (!Array.isArray(hooks)) {
    return <Text as="p" variant="bodySm" tone="critical" breakWord>{t('data.sync.webhooksUnknown')}: <bdi>{hooks.error}</bdi></Text>;
  }
  if (hooks.length === 0) return null;
  return (
    <InlineStack gap="100" blockAlign="center" wrap>
      <Text as="span" variant="bodySm" tone="subdued">{t('data.sync.webhooks')}:</Text>
      {hooks.map((h) => (
        <Badge key={h.topic} tone={h.status === 'active' ? 'success' : 'attention'}>{`${h.topic}: ${h.status}`}</Badge>
      ))}
    </InlineStack>
  );
}

function Runs({ q }: { q: { isPending: boolean; isError: boolean; error: Error | null; data?: { runs: SyncRunView[] } } }) {
  const { t } = useTranslation();
  if (q.isPending) return <SkeletonBodyText lines={2} />;
  if (q.isError) return <Text as="p" variant="bodySm" tone="critical">{t('errors.loadFailed')}: {q.error?.message}</Text>;
  const runs = (q.data?.runs ?? []).slice(0, 4);
  if (runs.length === 0) return <Text as="p" variant="bodySm" tone="subdued">{t('data.sync.noRuns')}</Text>;
  return (
    <ul className="rapport-plain-list rapport-sync-runs">
      {runs.map((r) => <RunRow key={r.id} run={r} />)}
    </ul>
  );
}

/** The run's note in the panel's language when its code is known; the API's English otherwise. */
function noteText(run: SyncRunView, t: TFunction, lang: Language): string {
  const key = `data.sync.notes.${run.noteCode ?? ''}`;
  if (!run.noteCode || !i18next.exists(key)) return run.note ?? '';
  const params = Object.fromEntries(Object.entries(run.noteParams ?? {}).map(([k, v]) => [k, typeof v === 'number' ? formatNumber(lang, v) : v]));
  return t(key, params);
}

function RunRow({ run }: { run: SyncRunView }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const labelId = useId();
  const running = run.status === 'running';
  const failed = run.status === 'failed';
  const finished = run.status === 'done' || run.status === 'completed';
  const percent = run.percentage ?? (finished ? 100 : 0);
  const counts = run.total !== null
    ? t('data.sync.doneOfTotal', { done: formatNumber(lang, run.done), total: formatNumber(lang, run.total) })
    : t('data.sync.doneOnly', { done: formatNumber(lang, run.done) });
  const eta = running && run.etaSeconds != null ? formatDuration(lang, run.etaSeconds) : null;
  return (
    <li data-testid={`sync-run-${run.id}`}>
      <BlockStack gap="100">
        <InlineStack gap="200" blockAlign="center" wrap>
          <Text as="span" id={labelId} fontWeight="semibold">
            {t(`data.sync.kind.${run.kind}`, { defaultValue: run.kind })} · {t(`data.sync.resource.${run.resource}`, { defaultValue: run.resource })}
          </Text>
          <Badge tone={failed ? 'critical' : running ? 'info' : 'success'}>{t(`data.sync.status.${run.status}`, { defaultValue: run.status })}</Badge>
        </InlineStack>
        <ProgressBar progress={percent} size="small" tone={failed ? 'critical' : finished ? 'success' : 'highlight'} ariaLabelledBy={labelId} animated={running} />
        <Text as="p" variant="bodySm" tone="subdued">
          {counts}
          {run.percentage !== null && <> · {formatPercent(lang, run.percentage / 100)}</>}
          {eta && <> · {t('data.sync.eta', { eta })}</>}
          {' · '}{finished && run.finishedAt ? t('data.sync.finishedAt', { date: formatDate(lang, run.finishedAt, true) }) : t('data.sync.startedAt', { date: formatDate(lang, run.startedAt, true) })}
        </Text>
        {run.note && <Text as="p" variant="bodySm" breakWord><bdi>{noteText(run, t, lang)}</bdi></Text>}
        {run.error && <Text as="p" variant="bodySm" tone="critical" breakWord><bdi>{run.error}</bdi></Text>}
      </BlockStack>
    </li>
  );
}
