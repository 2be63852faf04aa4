import type { CrmStore } from '../../crm/store.port.ts';
import type { LoyaltyChangesPort } from '../../crm/loyalty/loyalty-changes.port.ts';
import type { Logger } from '../../lib/logger.ts';
import type { SharedCache } from '../../lib/shared-state.ts';
import type { PlatformOutboxPort, SyncRun, SyncRunsPort } from '../../crm/sync/sync.port.ts';
import { createShopifyAdminClient } from './admin-api.ts';
import type { ShopifyAdminClient } from './admin-api.types.ts';
import { createShopifyAuth, type ShopifyAuth } from './auth.service.ts';
import type { AppLifecycle, ShopifyInstalls, ShopifySessionStorage } from './auth.types.ts';
import { runBackfill } from './backfill.service.ts';
import { publishBackendUrl } from './backend-url.ts';
import type { BulkOptions } from './bulk.ts';
import { createShopifyConnect, subscribeWebhooks, verifyShop, type ShopifyConnect } from './connect.service.ts';
import { reconcileOrders } from './reconcile.service.ts';
import { createShopifyApps, type OriginOf } from './shopify-api.ts';
import { ACCESS_SCOPES_QUERY } from './sync.queries.ts';
import { removeShopifyWebhooks, sameUri, type RemoveOutcome } from './webhooks.register.ts';
import { createLoyaltyWriteback, type WritebackDeps } from './writeback.service.ts';
import { writeSegmentTags } from './segment-tags.ts';
import { writeCodOrder } from './cod-orders.ts';
import { sendFlowTrigger } from './flow-triggers.ts';
import type { TriggerSender } from '../../crm/automation/automation.port.ts';
import type { CodOrderWriter } from '../../crm/cod/cod-confirmation.service.ts';
import type { SegmentTagWriter } from '../../crm/segments/segment-sync.service.ts';

// The installable Shopify app, end to end: @shopify/shopify-api auth over the session storage,
// installs, custom-app stores connected by token, the background sync (backfill on install or
// on demand, the scheduled reconcile), granted scopes, and loyalty write-back. Storage comes in
// through ports; src/runtime.shopify.ts wires the SQLite ones.

// Only what the app uses; shopify.app.toml declares the same list.
export const SHOPIFY_SCOPES = [
  'read_customers',
  'write_customers',
  'read_orders',
  'read_all_orders',
  'read_products',
  'write_discounts',
  'write_app_proxy',
];

/** A Shopify store's connection as the app sees it; the token is opened only when asked for. */
export type ShopifyConnection = {
  id: string;
  accountId: string;
  domain: string;
  name: string;
  currency: string;
  country: string | null;
  status: 'active' | 'uninstalled' | 'unverified' | 'disconnected';
  accessToken: () => Promise<string | null>;
};

/** What the app needs to know about connections and accounts; connections.view.ts implements it over crm's tenancy ports. */
export interface ShopifyConnections {
  /** A Shopify connection of any status; undefined for an unknown id or another platform's. */
  get(id: string): Promise<ShopifyConnection | undefined>;
  /** Every account's Shopify connections in this status. */
  withStatus(status: 'active' | 'unverified'): Promise<ShopifyConnection[]>;
  /** Creates the connection, or updates the one for the same shop; returns its id. */
  save(c: {
    accountId: string;
    domain: string;
    name: string;
    currency: string;
    country: string | null;
    timezone?: string | null;
    accessToken: string;
    webhookSecret: string | null;
    status: 'active' | 'unverified';
  }): Promise<string>;
  /** A verified connection: status and what the shop told us about itself (its IANA time zone too). */
  update(id: string, patch: { status: 'active'; name: string; country: string | null; timezone?: string | null }): Promise<void>;
  accountExists(id: string): Promise<boolean>;
  createAccount(name: string, currency: string): Promise<string>;
}

export type ShopifyAppDeps = {
  /** The app's credentials; null when SHOPIFY_API_KEY/SECRET are unset (self-hosted custom-app stores only). */
  credentials: { apiKey: string; apiSecret: string; previousSecret?: string; appUrl?: string } | null;
  /** Rapport's public base URL (webhook subscriptions, the checkout blocks' backend URL). */
  publicUrl: string | undefined;
  connections: ShopifyConnections;
  sessions: ShopifySessionStorage;
  installs: ShopifyInstalls;
  runs: SyncRunsPort;
  outbox: PlatformOutboxPort;
  store: CrmStore;
  loyaltyChanges: LoyaltyChangesPort;
  writebackMarks: WritebackDeps['marks'];
  logger: Logger;
  /** The shared cache (lib/shared-state.ts) auth keeps its cross-process timers in; omitted, memory. */
  cache?: SharedCache;
};

export type ShopifyAppOptions = { originOf?: OriginOf; maxRetries?: number; bulk?: BulkOptions };

export type ShopifyApp = {
  /** Null when SHOPIFY_API_KEY/SECRET are unset (self-hosted custom-app stores only). */
  auth: ShopifyAuth | null;
  sessions: ShopifySessionStorage;
  runs: SyncRunsPort;
  outbox: PlatformOutboxPort;
  /** Starts a backfill in the background (`done` settles when it ends); not started when one runs or the store has no token. */
  startBackfill(connectionId: string): Promise<{ started: boolean; reason?: string; done?: Promise<void> }>;
  /** Custom-app stores by access token (`rapport connect shopify`). */
  connect: ShopifyConnect;
  /** The Admin API client of a connection: the app's session for app-store installs, else its stored token. */
  adminClientFor(connectionId: string): Promise<ShopifyAdminClient | null>;
  /** Verifies `--no-verify` connections, then subscribes their webhooks and starts their import; returns the ids made active. */
  completeUnverified(): Promise<string[]>;
  /** Deletes the shop's API webhook subscriptions pointing at Rapport, and its app sessions (disconnect). */
  removeFromShop(connectionId: string): Promise<RemoveOutcome>;
  /** Resolves when every background backfill and online token exchange has finished (tests, shutdown). */
  idle(): Promise<void>;
  /** What the webhook intake tells the app: app/scopes_update, after the reply. */
  app: AppLifecycle;
  /** Reconciles recently updated orders of every active, installed Shopify store. */
  reconcileAll(now?: Date): Promise<SyncRun[]>;
  /** Enqueues members whose points or tier changed, then flushes due metafield writes. */
  writeBack(now?: Date): Promise<{ written: number; failed: number }>;
  /** Mirrored segments' tags on the store's customers (crm/segments/segment-sync.service.ts). */
  writeSegmentTags: SegmentTagWriter;
  /** COD confirmation answers on the store's orders: tags, or orderCancel (platforms/shopify/cod-orders.ts). */
  writeCodOrder: CodOrderWriter;
  /** Shopify Flow triggers: `flowTriggerReceive` on the store (platforms/shopify/flow-triggers.ts). */
  sendFlowTrigger: TriggerSender;
};

export function createShopifyApp(deps: ShopifyAppDeps, options: ShopifyAppOptions = {}): ShopifyApp {
  const { connections, sessions, installs, runs, outbox, store, publicUrl } = deps;
  const log = deps.logger.child({ module: 'shopify-app' });
  const running = new Map<string, Promise<unknown>>();
  const publishing = new Set<Promise<unknown>>();

  const auth = deps.credentials
    ? createShopifyAuth({
        apps: createShopifyApps({ ...deps.credentials, scopes: SHOPIFY_SCOPES }, options.originOf),
        sessions,
        installs,
        originOf: options.originOf,
        maxRetries: options.maxRetries,
        logger: log,
        cache: deps.cache,
        legacyToken: async (id) => (await (await connections.get(id))?.accessToken()) ?? null,
        onInstalled: (shop) => {
          void startBackfill(shop.connectionId);
          const job = announceBackendUrl(shop.connectionId).finally(() => publishing.delete(job));
          publishing.add(job);
        },
      })
    : null;

  /** Tells the shop's checkout and customer-account extensions where Rapport runs (backend-url.ts). */
  async function announceBackendUrl(connectionId: string): Promise<void> {
    const c = await connections.get(connectionId);
    const client = publicUrl && c && auth ? await auth.adminClient(c.domain) : null;
    if (!publicUrl || !client) return;
    const r = await publishBackendUrl(client, publicUrl).catch((err: unknown) => ({
      ok: false as const,
      reason: err instanceof Error ? err.message : String(err),
      retryable: true,
    }));
    if (!r.ok)
      log.warn(
        { connectionId, reason: r.reason },
        'could not publish the backend URL to the shop; checkout blocks fall back to their setting',
      );
  }

  async function startBackfill(connectionId: string): Promise<{ started: boolean; reason?: string; done?: Promise<void> }> {
    if (running.has(connectionId)) return { started: false, reason: 'running' };
    // Claimed before the first await: the checks below are real round trips on PostgreSQL, and two
    // callers (an install and a merchant's click) must not both pass them, nor `idle()` miss a
    // backfill about to start.
    let release!: () => void;
    const claim = new Promise<void>((resolve) => (release = resolve));
    running.set(connectionId, claim);
    try {
      const c = await connections.get(connectionId);
      if (!c || c.status !== 'active') return { started: false, reason: 'not_found' };
      if (await runs.running(connectionId, 'backfill')) return { started: false, reason: 'running' };
      const client = await adminClientFor(connectionId);
      if (!client) return { started: false, reason: 'no_token' };
      // History older than 60 days depends on read_all_orders: ask Shopify what is granted now.
      const job: Promise<SyncRun[] | void> = refreshScopes(c.domain, client)
        .then(async () =>
          runBackfill(
            { store, runs, client, context: { currency: c.currency, country: c.country }, bulk: options.bulk },
            { accountId: c.accountId, connectionId, grantedScopes: (await runs.state(connectionId))?.grantedScopes ?? null },
          ),
        )
        .catch((err: unknown) => log.error({ connectionId, err: err instanceof Error ? err.message : String(err) }, 'backfill failed'))
        .finally(() => running.delete(connectionId));
      running.set(connectionId, job);
      return { started: true, done: job.then(() => undefined) };
    } finally {
      if (running.get(connectionId) === claim) running.delete(connectionId);
      release();
    }
  }

  /** Stores the scopes the shop has granted now; on failure the last known ones stay. */
  async function refreshScopes(shop: string, client: ShopifyAdminClient): Promise<void> {
    const r = await client
      .query<{ currentAppInstallation: { accessScopes: Array<{ handle: string }> } }>(ACCESS_SCOPES_QUERY)
      .catch((err: unknown) => ({ ok: false as const, error: { message: err instanceof Error ? err.message : String(err) } }));
    if (r.ok) await installs.scopesGranted(shop, r.data.currentAppInstallation.accessScopes.map((a) => a.handle).join(','));
    else log.warn({ shop, err: r.error.message }, 'could not read granted scopes');
  }

  /** app/scopes_update: a merchant approved (or an app config removed) scopes. Ordered by asking Shopify, not by trusting the payload. */
  async function scopesChanged(shop: string): Promise<void> {
    const client = auth ? await auth.adminClient(shop) : null;
    if (client) await refreshScopes(shop, client);
  }

  /** Shared by app-store installs and custom-app stores: the app's offline session first, else the connection's own token. */
  async function adminClientFor(connectionId: string): Promise<ShopifyAdminClient | null> {
    const c = await connections.get(connectionId);
    if (!c) return null;
    const viaApp = auth && c.status === 'active' ? await auth.adminClient(c.domain) : null;
    if (viaApp) return viaApp;
    const token = await c.accessToken();
    return token ? tokenClient(c.domain, token) : null;
  }

  const tokenClient = (shop: string, accessToken: string) =>
    createShopifyAdminClient({
      shop,
      accessToken,
      origin: options.originOf?.(shop),
      maxRetries: options.maxRetries,
      logger: deps.logger.child({ module: 'shopify-admin-api' }),
    });

  const connect = createShopifyConnect({
    clientOf: tokenClient,
    publicUrl,
    accountFor: async (account, name, currency) =>
      account ? ((await connections.accountExists(account)) ? account : null) : connections.createAccount(name, currency),
    save: (c) =>
      connections.save({
        accountId: c.accountId,
        domain: c.shop,
        name: c.name,
        currency: c.currency,
        country: c.country,
        timezone: c.timezone,
        accessToken: c.accessToken,
        webhookSecret: c.webhookSecret,
        status: c.status,
      }),
    saveScopes: (shop, scopes) => installs.scopesGranted(shop, scopes),
  });

  async function completeUnverified(): Promise<string[]> {
    const done: string[] = [];
    for (const c of await connections.withStatus('unverified')) {
      const token = await c.accessToken();
      if (!token) continue;
      const client = tokenClient(c.domain, token);
      const v = await verifyShop(client);
      if (!v.ok) {
        log.warn({ connectionId: c.id, reason: v.reason, err: v.message }, 'unverified Shopify connection still cannot be verified');
        continue;
      }
      // The merchant's command-line values stay; what they left out comes from the shop.
      await connections.update(c.id, {
        status: 'active',
        name: c.name === c.domain ? v.shop.name : c.name,
        country: c.country ?? v.shop.country,
        timezone: v.shop.timezone,
      });
      await installs.scopesGranted(c.domain, v.shop.scopes.join(','));
      const hooks = await subscribeWebhooks(client, publicUrl, v.shop.scopes.join(','));
      if (!hooks.ok)
        log.warn(
          { connectionId: c.id, err: hooks.message, uri: hooks.uri },
          'could not subscribe the webhooks of a newly verified Shopify store',
        );
      await startBackfill(c.id);
      log.info({ connectionId: c.id }, 'Shopify connection verified');
      done.push(c.id);
    }
    return done;
  }

  async function removeFromShop(connectionId: string): Promise<RemoveOutcome> {
    const c = await connections.get(connectionId);
    if (!c) return { ok: true, removed: 0 };
    const client = await adminClientFor(connectionId);
    await sessions.deleteShopSessions(c.domain);
    if (!client) return { ok: false, removed: 0, message: 'no access token to reach the store with' };
    const ours = publicUrl
      ? (uri: string) => sameUri(uri, `${publicUrl.replace(/\/+$/, '')}/webhooks/shopify`)
      : (uri: string) => /\/webhooks\/shopify\/?$/.test(uri);
    return removeShopifyWebhooks(client, ours).catch((err: unknown) => ({
      ok: false as const,
      removed: 0,
      message: err instanceof Error ? err.message : String(err),
    }));
  }

  /** Background work uses the app's session only, and only for active stores. */
  const clientFor = async (connectionId: string) => {
    const c = await connections.get(connectionId);
    return c && c.status === 'active' && auth ? auth.adminClient(c.domain) : null;
  };

  async function reconcileAll(now = new Date()): Promise<SyncRun[]> {
    const done: SyncRun[] = [];
    for (const c of await connections.withStatus('active')) {
      if (running.has(c.id)) continue;
      const client = await clientFor(c.id);
      if (!client) continue;
      done.push(
        await reconcileOrders(
          { client, store, runs, context: { currency: c.currency, country: c.country } },
          { accountId: c.accountId, connectionId: c.id },
          now,
        ),
      );
    }
    return done;
  }

  const writeback = createLoyaltyWriteback({ outbox, changes: deps.loyaltyChanges, marks: deps.writebackMarks, clientFor });

  return {
    auth,
    sessions,
    runs,
    outbox,
    startBackfill,
    reconcileAll,
    connect,
    adminClientFor,
    completeUnverified,
    removeFromShop,
    app: { scopesChanged },
    writeBack: (now = new Date()) => writeback.writeBack(now),
    writeSegmentTags: async (connectionId, writes) => writeSegmentTags(await clientFor(connectionId), writes),
    writeCodOrder: async (connectionId, orderId, action) => writeCodOrder(await clientFor(connectionId), orderId, action),
    sendFlowTrigger: async (connectionId, fire) => sendFlowTrigger(await clientFor(connectionId), fire),
    idle: async () => {
      while (running.size || publishing.size) await Promise.all([...running.values(), ...publishing]);
      await auth?.staffIdle();
    },
  };
}
