import { publicUrl, type Config } from './config/config.ts';
import type { CrmStore } from './crm/store.port.ts';
import type { Db } from './db/client.ts';
import { createShopifyInstalls } from './db/shopify-installs.repo.ts';
import { createShopifySessionStorage } from './db/shopify-sessions.repo.ts';
import { createSyncRepo } from './db/sync.repo.ts';
import type { Tenancy } from './db/tenancy.repo.ts';
import type { Logger } from './lib/logger.ts';
import { createShopifyAuth, type ShopifyAuth } from './platforms/shopify/auth.service.ts';
import type { AppLifecycle, ShopifySessionStorage } from './platforms/shopify/auth.types.ts';
import type { ShopifyAdminClient } from './platforms/shopify/admin-api.types.ts';
import { createShopifyAdminClient } from './platforms/shopify/admin-api.ts';
import { createShopifyConnect, subscribeWebhooks, verifyShop, type ShopifyConnect } from './platforms/shopify/connect.service.ts';
import { removeShopifyWebhooks, sameUri, type RemoveOutcome } from './platforms/shopify/webhooks.register.ts';
import { ACCESS_SCOPES_QUERY } from './platforms/shopify/sync.queries.ts';
import { runBackfill } from './platforms/shopify/backfill.service.ts';
import { publishBackendUrl } from './platforms/shopify/backend-url.ts';
import { reconcileOrders } from './platforms/shopify/reconcile.service.ts';
import { createLoyaltyWritebackQuery } from './db/loyalty-writeback.query.ts';
import { enqueueLoyaltyChanges, flushLoyaltyMetafields, type ScanMark, type WritebackDeps } from './jobs/shopify-writeback.job.ts';
import type { BulkOptions } from './platforms/shopify/bulk.ts';
import { createShopifyApps, type OriginOf } from './platforms/shopify/shopify-api.ts';
import type { PlatformOutbox, SyncRun, SyncRuns } from './platforms/sync.port.ts';
import { createJobState } from './db/job-state.repo.ts';

// Wires the installable Shopify app: @shopify/shopify-api auth over our session table, installs,
// and the background sync (backfill on install / on demand). Shared by main, tests and the CLI
// through runtime.ts.

// Only what the app uses; shopify.app.toml declares the same list.
export const SHOPIFY_SCOPES = ['read_customers', 'write_customers', 'read_orders', 'read_all_orders', 'write_discounts', 'write_app_proxy'];

export type ShopifyAppOptions = { originOf?: OriginOf; maxRetries?: number; bulk?: BulkOptions };

export type ShopifyApp = {
  /** Null when SHOPIFY_API_KEY/SECRET are unset (self-hosted custom-app stores only). */
  auth: ShopifyAuth | null;
  sessions: ShopifySessionStorage;
  runs: SyncRuns;
  outbox: PlatformOutbox;
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
  /** What the webhook intake does at once on app/uninstalled and app/scopes_update. */
  app: AppLifecycle;
  /** Reconciles recently updated orders of every active, installed Shopify store. */
  reconcileAll(now?: Date): Promise<SyncRun[]>;
  /** Enqueues members whose points or tier changed, then flushes due metafield writes. */
  writeBack(now?: Date): Promise<{ written: number; failed: number }>;
};

export function createShopifyApp(
  deps: { config: Config; logger: Logger; db: Db; tenancy: Tenancy; store: CrmStore; key: Buffer }, options: ShopifyAppOptions = {},
): ShopifyApp {
  const { config, tenancy, store } = deps;
  const log = deps.logger.child({ module: 'shopify-app' });
  const sessions = createShopifySessionStorage(deps.db, deps.key);
  const { runs, outbox } = createSyncRepo(deps.db);
  const installs = createShopifyInstalls(deps.db, tenancy);
  const running = new Map<string, Promise<unknown>>();
  const publishing = new Set<Promise<unknown>>();

  const auth = config.SHOPIFY_API_KEY && config.SHOPIFY_API_SECRET ? createShopifyAuth({
    apps: createShopifyApps({
      apiKey: config.SHOPIFY_API_KEY, apiSecret: config.SHOPIFY_API_SECRET, previousSecret: config.SHOPIFY_API_SECRET_PREVIOUS,
      appUrl: config.SHOPIFY_APP_URL, scopes: SHOPIFY_SCOPES,
    }, options.originOf),
    sessions, installs, originOf: options.originOf, maxRetries: options.maxRetries, logger: log,
    legacyToken: (id) => { const c = tenancy.connection(id); return c ? tenancy.secrets(c).accessToken : null; },
    onInstalled: (shop) => {
      void startBackfill(shop.connectionId);
      const job = announceBackendUrl(shop.connectionId).finally(() => publishing.delete(job));
      publishing.add(job);
    },
  }) : null;

  /** Tells the shop's checkout and customer-account extensions where Rapport runs (backend-url.ts). */
  async function announceBackendUrl(connectionId: string): Promise<void> {
    const url = publicUrl(config);
    const c = tenancy.connection(connectionId);
    const client = url && c && auth ? await auth.adminClient(c.domain) : null;
    if (!url || !client) return;
    const r = await publishBackendUrl(client, url).catch((err: unknown) => ({ ok: false as const, reason: err instanceof Error ? err.message : String(err), retryable: true }));
    if (!r.ok) log.warn({ connectionId, reason: r.reason }, 'could not publish the backend URL to the shop; checkout blocks fall back to their setting');
  }

  async function startBackfill(connectionId: string): Promise<{ started: boolean; reason?: string; done?: Promise<void> }> {
    const c = tenancy.connection(connectionId);
    if (!c || c.platform !== 'shopify' || c.status !== 'active') return { started: false, reason: 'not_found' };
    if (running.has(connectionId) || runs.running(connectionId, 'backfill')) return { started: false, reason: 'running' };
    const client = await adminClientFor(connectionId);
    if (!client) return { started: false, reason: 'no_token' };
    // History older than 60 days depends on read_all_orders: ask Shopify what is granted now.
    const job: Promise<SyncRun[] | void> = refreshScopes(c.domain, client).then(() => runBackfill(
      { store, runs, client, context: { currency: c.currency, country: c.country }, bulk: options.bulk },
      { accountId: c.accountId, connectionId, grantedScopes: runs.state(connectionId)?.grantedScopes ?? null },
    )).catch((err: unknown) => log.error({ connectionId, err: err instanceof Error ? err.message : String(err) }, 'backfill failed'))
      .finally(() => running.delete(connectionId));
    running.set(connectionId, job);
    return { started: true, done: job.then(() => undefined) };
  }

  /** Stores the scopes the shop has granted now; on failure the last known ones stay. */
  async function refreshScopes(shop: string, client: ShopifyAdminClient): Promise<void> {
    const r = await client.query<{ currentAppInstallation: { accessScopes: Array<{ handle: string }> } }>(ACCESS_SCOPES_QUERY)
      .catch((err: unknown) => ({ ok: false as const, error: { message: err instanceof Error ? err.message : String(err) } }));
    if (r.ok) installs.scopesGranted(shop, r.data.currentAppInstallation.accessScopes.map((a) => a.handle).join(','));
    else log.warn({ shop, err: r.error.message }, 'could not read granted scopes');
  }

  /** app/scopes_update: a merchant approved (or an app config removed) scopes. Ordered by asking Shopify, not by trusting the payload. */
  async function scopesChanged(shop: string): Promise<void> {
    const client = auth ? await auth.adminClient(shop) : null;
    if (client) await refreshScopes(shop, client);
  }

  /** Shared by app-store installs and custom-app stores: the app's offline session first, else the connection's own token. */
  async function adminClientFor(connectionId: string): Promise<ShopifyAdminClient | null> {
    const c = tenancy.connection(connectionId);
    if (!c || c.platform !== 'shopify') return null;
    const viaApp = auth && c.status === 'active' ? await auth.adminClient(c.domain) : null;
    if (viaApp) return viaApp;
    const token = tenancy.secrets(c).accessToken;
    return token ? tokenClient(c.domain, token) : null;
  }

  const tokenClient = (shop: string, accessToken: string) => createShopifyAdminClient({
    shop, accessToken, origin: options.originOf?.(shop), maxRetries: options.maxRetries, logger: deps.logger.child({ module: 'shopify-admin-api' }),
  });

  const connect = createShopifyConnect({
    clientOf: tokenClient,
    publicUrl: publicUrl(config),
    accountFor: (account, name, currency) => (account ? (tenancy.getAccount(account) ? account : null) : tenancy.createAccount(name, currency)),
    save: (c) => tenancy.upsertConnection({
      accountId: c.accountId, platform: 'shopify', domain: c.shop, name: c.name, currency: c.currency, country: c.country, timezone: c.timezone,
      accessToken: c.accessToken, webhookSecret: c.webhookSecret, status: c.status,
    }).id,
    saveScopes: (shop, scopes) => installs.scopesGranted(shop, scopes),
  });

  async function completeUnverified(): Promise<string[]> {
    const done: string[] = [];
    for (const p of tenancy.listConnections()) {
      const c = p.platform === 'shopify' && p.status === 'unverified' ? tenancy.connection(p.id) : undefined;
      const token = c ? tenancy.secrets(c).accessToken : null;
      if (!c || !token) continue;
      const client = tokenClient(c.domain, token);
      const v = await verifyShop(client);
      if (!v.ok) {
        log.warn({ connectionId: c.id, reason: v.reason, err: v.message }, 'unverified Shopify connection still cannot be verified');
        continue;
      }
      // The merchant's command-line values stay; what they left out comes from the shop.
      tenancy.updateConnection(c.id, { status: 'active', name: c.name === c.domain ? v.shop.name : c.name, country: c.country ?? v.shop.country, timezone: v.shop.timezone });
      installs.scopesGranted(c.domain, v.shop.scopes.join(','));
      const hooks = await subscribeWebhooks(client, publicUrl(config));
      if (!hooks.ok) log.warn({ connectionId: c.id, err: hooks.message, uri: hooks.uri }, 'could not subscribe the webhooks of a newly verified Shopify store');
      await startBackfill(c.id);
      log.info({ connectionId: c.id }, 'Shopify connection verified');
      done.push(c.id);
    }
    return done;
  }

  async function removeFromShop(connectionId: string): Promise<RemoveOutcome> {
    const c = tenancy.connection(connectionId);
    if (!c) return { ok: true, removed: 0 };
    const client = await adminClientFor(connectionId);
    sessions.deleteShopSessions(c.domain);
    if (!client) return { ok: false, removed: 0, message: 'no access token to reach the store with' };
    const url = publicUrl(config);
    const ours = url ? (uri: string) => sameUri(uri, `${url.replace(/\/+$/, '')}/webhooks/shopify`) : (uri: string) => /\/webhooks\/shopify\/?$/.test(uri);
    return removeShopifyWebhooks(client, ours).catch((err: unknown) => ({ ok: false as const, removed: 0, message: err instanceof Error ? err.message : String(err) }));
  }

  const clientFor = async (connectionId: string) => {
    const c = tenancy.connection(connectionId);
    return c && c.status === 'active' && auth ? auth.adminClient(c.domain) : null;
  };

  async function reconcileAll(now = new Date()): Promise<SyncRun[]> {
    const done: SyncRun[] = [];
    for (const c of tenancy.listConnections()) {
      if (c.platform !== 'shopify' || c.status !== 'active' || running.has(c.id)) continue;
      const client = await clientFor(c.id);
      if (!client) continue;
      done.push(await reconcileOrders({ client, store, runs, context: { currency: c.currency, country: c.country } }, { accountId: c.accountId, connectionId: c.id }, now));
    }
    return done;
  }

  const writeback: WritebackDeps = { outbox, query: createLoyaltyWritebackQuery(deps.db), clientFor };
  // Persisted, so a restart resumes the scan instead of rewriting every member's metafields.
  const jobState = createJobState(deps.db);
  const MARK = 'shopify.loyalty_metafields.scan';
  let mark: ScanMark = jobState.get<ScanMark>(MARK) ?? { ledgerId: 0, at: new Date(0).toISOString() };

  return {
    auth, sessions, runs, outbox, startBackfill, reconcileAll, connect, adminClientFor, completeUnverified, removeFromShop,
    app: { deleteShopSessions: (shop) => sessions.deleteShopSessions(shop), scopesChanged },
    writeBack: async (now = new Date()) => {
      mark = enqueueLoyaltyChanges(writeback, mark, now);
      jobState.set(MARK, mark, now.toISOString());
      return flushLoyaltyMetafields(writeback, now);
    },
    idle: async () => {
      while (running.size || publishing.size) await Promise.all([...running.values(), ...publishing]);
      await auth?.staffIdle();
    },
  };
}
