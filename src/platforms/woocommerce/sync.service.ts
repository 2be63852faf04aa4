import type { TagWrite, TagWriteOutcome } from '../../crm/segments/segment-sync.service.ts';
import { writeSegmentMeta } from './segment-meta.ts';
import { writeWooCodOrder } from './cod-orders.ts';
import type { CodWriteOutcome } from '../../crm/cod/cod-confirmation.service.ts';
import type { CodStoreAction } from '../../crm/cod/cod.port.ts';
import type { CrmStore } from '../../crm/store.port.ts';
import type { Logger } from '../../lib/logger.ts';
import { backfillCustomers, backfillOrders } from './backfill.ts';
import { syncProducts } from './products.sync.ts';
import { reconcile, type ReconcileResult } from './reconcile.ts';
import type { OutboundPolicy } from '../../lib/outbound-address.ts';
import { createWooClient, type WooClient } from './rest.client.ts';
import type { FetchLike } from './rest.http.ts';
import type { SyncTarget } from './sync.apply.ts';
import type { SyncRecorder, SyncRun, SyncState } from './sync.port.ts';
import { ensureWebhooks, removeWebhooks, type WebhookHealth } from './webhooks.register.ts';

// One store's sync, end to end: webhooks registered (and repaired), backfill on connect, the
// scheduled reconcile, and what the admin sees. Work on one connection runs one piece at a time
// (a reconcile asked for during a backfill waits for it), in this process.

/** What the sync needs to know about connections; runtime.ts implements it over the tenancy repo. */
export interface WooConnections {
  get(id: string): Promise<WooConnection | undefined>;
  byDomain(domain: string): Promise<WooConnection | undefined>;
  save(c: {
    accountId: string;
    domain: string;
    name: string;
    currency: string;
    timezone?: string | null;
    apiKey: string;
    apiSecret: string;
    webhookSecret: string;
    storefrontSecret: string;
  }): Promise<string>;
  /** Active WooCommerce connections that have REST keys. */
  activeIds(): Promise<string[]>;
  /** The shop's IANA time zone, learnt after the keys arrived (the wc-auth flow). */
  setTimeZone(id: string, timezone: string): Promise<void>;
}
type WooConnection = {
  id: string;
  accountId: string;
  domain: string;
  currency: string;
  country: string | null;
  status: string;
  secrets: () => Promise<{
    apiKey: string | null;
    apiSecret: string | null;
    webhookSecret: string | null;
    storefrontSecret: string | null;
  }>;
};

type WooSyncDeps = {
  connections: WooConnections;
  store: CrmStore;
  recorder: SyncRecorder;
  logger: Logger;
  /** Rapport's public base URL (webhook delivery and wc-auth callback); none means "cannot register". */
  publicUrl: string | undefined;
  /** Signs wc-auth state. */
  stateKey: Buffer;
  /** Tests only: accept http:// for loopback shops (the local fake store). */
  allowHttpLoopback?: boolean;
  maxRetries?: number;
  /** Addresses store URLs may resolve to (OUTBOUND_ALLOW_PRIVATE); default public only. */
  outbound?: OutboundPolicy;
  fetch?: FetchLike;
};

type SyncStatusView = { runs: SyncRun[]; state: SyncState; webhooks: WebhookHealth[] | { error: string } };

const deliveryUrlOf = (publicUrl: string, connectionId: string) => `${publicUrl.replace(/\/+$/, '')}/webhooks/woocommerce/${connectionId}`;

export function createWooSync(deps: WooSyncDeps) {
  const log = deps.logger.child({ module: 'woocommerce-sync' });
  const queues = new Map<string, Promise<unknown>>();

  function serial<T>(connectionId: string, work: () => Promise<T>): Promise<T> {
    const next = (queues.get(connectionId) ?? Promise.resolve()).then(work);
    const settled = next.catch(() => undefined);
    queues.set(connectionId, settled);
    void settled.then(() => {
      if (queues.get(connectionId) === settled) queues.delete(connectionId);
    });
    return next;
  }

  async function open(connectionId: string): Promise<{ c: WooConnection; client: WooClient; target: SyncTarget; webhookSecret: string }> {
    const c = await deps.connections.get(connectionId);
    if (!c || c.status !== 'active') throw new Error(`No active WooCommerce connection ${connectionId}`);
    const s = await c.secrets();
    if (!s.apiKey || !s.apiSecret || !s.webhookSecret)
      throw new Error('The connection has no REST keys or webhook secret: connect the store again');
    const client = createWooClient({
      url: c.domain,
      consumerKey: s.apiKey,
      consumerSecret: s.apiSecret,
      maxRetries: deps.maxRetries,
      outbound: deps.outbound,
      fetch: deps.fetch,
    });
    return {
      c,
      client,
      webhookSecret: s.webhookSecret,
      target: { accountId: c.accountId, connectionId: c.id, context: { currency: c.currency, country: c.country } },
    };
  }

  async function webhooks(connectionId: string, repair: boolean): Promise<WebhookHealth[]> {
    if (!deps.publicUrl) throw new Error('Rapport has no public URL (PUBLIC_URL) for WooCommerce to deliver webhooks to');
    const { client, target, webhookSecret } = await open(connectionId);
    const health = await ensureWebhooks(client, deliveryUrlOf(deps.publicUrl, connectionId), webhookSecret, { repair });
    if (repair) await deps.recorder.saveState(target.accountId, connectionId, { webhooksCheckedAt: new Date().toISOString() });
    const fixed = health.filter((h) => h.action !== 'ok');
    if (fixed.length) log.info({ connectionId, fixed: fixed.map((h) => `${h.topic}:${h.action}`) }, 'webhooks repaired');
    return health;
  }

  /** Deletes Rapport's webhooks at the store with the keys still stored (any status: disconnect runs before they go). */
  async function removeStoreWebhooks(connectionId: string): Promise<number> {
    const c = await deps.connections.get(connectionId);
    const s = await c?.secrets();
    if (!c || !s?.apiKey || !s.apiSecret) throw new Error('no REST keys to reach the store with');
    const client = createWooClient({
      url: c.domain,
      consumerKey: s.apiKey,
      consumerSecret: s.apiSecret,
      maxRetries: deps.maxRetries,
      outbound: deps.outbound,
      fetch: deps.fetch,
    });
    const ours = deps.publicUrl
      ? (url: string) => url.replace(/\/+$/, '') === deliveryUrlOf(deps.publicUrl!, connectionId)
      : (url: string) => url.replace(/\/+$/, '').endsWith(`/webhooks/woocommerce/${connectionId}`);
    return removeWebhooks(client, ours);
  }

  return {
    deps,
    removeStoreWebhooks,
    /** Registers (or repairs) the webhooks now; returns their state. */
    registerWebhooks: (connectionId: string) => serial(connectionId, () => webhooks(connectionId, true)),

    /** Customers, orders, then products; resolves when done (callers on the request path do not wait). */
    backfill(connectionId: string): Promise<{ customers: number; orders: number; products: number }> {
      return serial(connectionId, async () => {
        const { client, target } = await open(connectionId);
        const customers = await backfillCustomers({ store: deps.store, recorder: deps.recorder, client }, target);
        const orders = await backfillOrders({ store: deps.store, recorder: deps.recorder, client }, target);
        const products = await syncProducts({ store: deps.store, recorder: deps.recorder, client }, target, 'backfill', null);
        log.info({ connectionId, customers, orders, products }, 'backfill done');
        return { customers, orders, products };
      });
    },

    reconcile(connectionId: string, options: { fullCustomers?: boolean } = {}): Promise<ReconcileResult & { webhooks: WebhookHealth[] }> {
      return serial(connectionId, async () => {
        const { client, target } = await open(connectionId);
        // Webhooks first: a disabled one is re-activated before we cover the gap it left.
        const health = deps.publicUrl ? await webhooks(connectionId, true) : [];
        const result = await reconcile({ store: deps.store, recorder: deps.recorder, client }, target, options);
        return { ...result, webhooks: health };
      });
    },

    /** Mirrored segments as customer meta (crm/segments/segment-sync.service.ts); beside any backfill, not queued behind it. */
    async writeSegmentMeta(connectionId: string, writes: TagWrite[]): Promise<TagWriteOutcome[]> {
      let client: WooClient;
      try {
        client = (await open(connectionId)).client;
      } catch (e) {
        const reason = e instanceof Error ? e.message : String(e);
        return writes.map((w) => ({ externalId: w.externalId, ok: false, reason, retryable: true }));
      }
      return writeSegmentMeta(client, writes);
    },

    /** A COD confirmation answer on a store order (platforms/woocommerce/cod-orders.ts). */
    async writeCodOrder(connectionId: string, orderId: string, action: CodStoreAction): Promise<CodWriteOutcome> {
      let client: WooClient;
      try {
        client = (await open(connectionId)).client;
      } catch (e) {
        return { ok: false, reason: e instanceof Error ? e.message : String(e), retryable: true };
      }
      return writeWooCodOrder(client, orderId, action);
    },

    /** Every active connection, one after the other; one store's failure does not stop the rest. */
    async reconcileAll(): Promise<{ ok: number; failed: number }> {
      let ok = 0;
      let failed = 0;
      for (const id of await deps.connections.activeIds()) {
        if (queues.has(id)) continue; // busy with a backfill or a manual run: next tick
        try {
          await this.reconcile(id);
          ok++;
        } catch (err) {
          failed++;
          log.warn({ connectionId: id, err: err instanceof Error ? err.message : String(err) }, 'reconcile failed');
        }
      }
      return { ok, failed };
    },

    async status(connectionId: string): Promise<SyncStatusView> {
      const live = await webhooks(connectionId, false).catch((e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }));
      return { runs: await deps.recorder.runs(connectionId, 20), state: await deps.recorder.state(connectionId), webhooks: live };
    },

    /** Resolves once nothing is queued for the connection (tests, shutdown). */
    async idle(connectionId?: string): Promise<void> {
      for (;;) {
        const pending = connectionId ? [queues.get(connectionId)] : [...queues.values()];
        const live = pending.filter((p): p is Promise<unknown> => p !== undefined);
        if (!live.length) return;
        await Promise.all(live);
      }
    },
  };
}

export type WooSync = ReturnType<typeof createWooSync>;
