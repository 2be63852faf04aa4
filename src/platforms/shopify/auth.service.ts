import { RequestedTokenType, Session, type Shopify } from '@shopify/shopify-api';
import { createMemorySharedState, type SharedCache } from '../../lib/shared-state.ts';
import { createShopifyAdminClient, type AdminApiLogger } from './admin-api.ts';
import type { ShopifyAdminClient } from './admin-api.types.ts';
import type { InstalledShop, SessionTokenFailure, ShopFacts, ShopifyInstalls, ShopifySessionStorage } from './auth.types.ts';
import { verifySessionToken } from './session-token.ts';
import type { OriginOf, ShopifyApps } from './shopify-api.ts';

// Embedded-app auth: verify the App Bridge session token, and on the first call for a shop with
// no usable offline session, exchange it for an expiring offline access token (token exchange),
// which installs (or reactivates) the shop. Offline tokens are refreshed shortly before they
// expire, one refresh at a time per shop (the refresh token is replaced on every use). Each staff
// member's online token is exchanged once too, only for who they are (see learnStaff).

/** How long to wait before trying again after a failed exchange. */
const RETRY_MS = 5 * 60_000;

export type ShopifyAuthDeps = {
  apps: ShopifyApps;
  sessions: ShopifySessionStorage;
  installs: ShopifyInstalls;
  /** Legacy custom-app connections keep their token on the connection (`rapport connect`). */
  legacyToken: (connectionId: string) => Promise<string | null>;
  originOf?: OriginOf;
  logger?: AdminApiLogger & { info(obj: object, msg: string): void };
  /** Called once per (re)install, e.g. to start the backfill. */
  onInstalled?: (shop: InstalledShop & { shop: string; scope: string | null }) => void;
  /** Refresh when the token expires within this many ms (default 5 min). */
  refreshWithinMs?: number;
  maxRetries?: number;
  /**
   * What every web process must agree on (lib/shared-state.ts): a shop whose exchange failed
   * recently, and when to look at a staff member again. Omitted: this process's memory.
   */
  cache?: SharedCache;
};

export type AuthOutcome =
  | { ok: true; shop: string; accountId: string; connectionId: string; userId: string; installed: boolean }
  | { ok: false; reason: SessionTokenFailure | 'not_installed' | 'exchange_failed' };

export function createShopifyAuth(deps: ShopifyAuthDeps) {
  const { apps, sessions, installs } = deps;
  const refreshWithin = deps.refreshWithinMs ?? 5 * 60_000;
  // In-flight work shared by concurrent callers of this process (another process may run its own:
  // an install is idempotent; a refresh races only with another process's refresh of the same shop).
  const installing = new Map<string, Promise<InstalledShop | null>>();
  const refreshing = new Map<string, Promise<Session | null>>();
  const cache = deps.cache ?? createMemorySharedState().cache;
  const staffKey = (id: string) => `shopify:staff-check:${id}`;
  const failedKey = (shop: string) => `shopify:exchange-failed:${shop}`;
  const offlineId = (shop: string) => apps.primary.session.getOfflineId(shop);

  async function authenticate(token: string): Promise<AuthOutcome> {
    const verified = await verifySessionToken(apps.instances, token);
    if (!verified.ok) return verified;
    const { shop, userId } = verified.token;
    let installed = await installs.find(shop);
    let fresh = false;
    const active = installed?.status === 'active';
    const usable = active && (installed!.hasAccessToken || (await sessions.loadSession(offlineId(shop)))?.accessToken);
    // An active store without credentials (connected before the app was installed, or tokens lost)
    // tries one exchange, at most every few minutes; it stays readable either way.
    if (!usable && !(active && (await failedRecently(shop)))) {
      const got = await exchangeOnce(verified.api, shop, token);
      if (got) {
        installed = got;
        fresh = true;
      } else if (!active) return { ok: false, reason: 'exchange_failed' };
    }
    learnStaff(verified.api, shop, userId, token);
    return { ok: true, shop, accountId: installed!.accountId, connectionId: installed!.connectionId, userId, installed: fresh };
  }

  // Who a staff member is (name, email) comes only with an online access token (its
  // `associated_user`): exchanged once per user and token lifetime, off the request's path, so
  // notes and points adjustments can say who made them. Never used for Admin API calls. When to
  // look again is in the shared cache, so one process's exchange serves them all.
  const staffPending = new Map<string, Promise<void>>();
  function learnStaff(api: Shopify, shop: string, userId: string, token: string): void {
    const id = api.session.getJwtSessionId(shop, userId);
    if (staffPending.has(id)) return;
    const pending = (async () => {
      if (Number((await cache.get(staffKey(id))) ?? 0) > Date.now()) return;
      const at = await refreshStaff(api, shop, id, token).catch((error: unknown) => {
        deps.logger?.warn(
          { module: 'shopify-auth', shop, err: error instanceof Error ? error.message.split(token).join('[token]') : 'unknown' },
          'online token exchange failed',
        );
        return Date.now() + RETRY_MS;
      });
      await cache.set(staffKey(id), String(at), Math.max(1, at - Date.now()));
    })()
      .catch((error: unknown) =>
        deps.logger?.warn(
          { module: 'shopify-auth', shop, err: error instanceof Error ? error.message : 'unknown' },
          'staff check state unavailable',
        ),
      )
      .finally(() => staffPending.delete(id));
    staffPending.set(id, pending);
  }

  /**
   * When to look at this user again: shortly before their online session expires, exchanging the
   * session token for a new one when it has. A shop not installed through token exchange (a
   * custom-app connection) has nothing to exchange with: a few minutes, in case it installs.
   */
  async function refreshStaff(api: Shopify, shop: string, id: string, token: string): Promise<number> {
    const known = (await sessions.loadSession(id))?.expires?.getTime() ?? 0;
    if (known - 60_000 > Date.now()) return known - 60_000;
    if (!(await sessions.loadSession(offlineId(shop)))?.accessToken) return Date.now() + RETRY_MS;
    const { session } = await apps.call(() =>
      api.auth.tokenExchange({ shop, sessionToken: token, requestedTokenType: RequestedTokenType.OnlineAccessToken }),
    );
    // Who they are, not the token: a credential nothing uses is not worth keeping.
    await sessions.storeSession(new Session({ ...session.toObject(), accessToken: undefined }));
    return (session.expires?.getTime() ?? Date.now() + 86_400_000) - 60_000;
  }

  // Best effort: with the shared cache away, a shop may try one exchange too many, never fail the request.
  const failedRecently = async (shop: string) => (await cache.get(failedKey(shop)).catch(() => null)) !== null;

  // Concurrent first calls of one shop share one exchange.
  async function exchangeOnce(api: Shopify, shop: string, token: string): Promise<InstalledShop | null> {
    let pending = installing.get(shop);
    if (!pending) {
      pending = exchange(api, shop, token).finally(() => installing.delete(shop));
      installing.set(shop, pending);
    }
    const got = await pending;
    await (got ? cache.delete(failedKey(shop)) : cache.set(failedKey(shop), '1', RETRY_MS)).catch(() => undefined);
    return got;
  }

  async function exchange(api: Shopify, shop: string, token: string): Promise<InstalledShop | null> {
    let session: Session;
    try {
      ({ session } = await apps.call(() =>
        api.auth.tokenExchange({
          shop,
          sessionToken: token,
          requestedTokenType: RequestedTokenType.OfflineAccessToken,
          expiring: true,
        }),
      ));
    } catch (error) {
      deps.logger?.warn(
        { module: 'shopify-auth', shop, err: error instanceof Error ? error.message.split(token).join('[token]') : 'unknown' },
        'token exchange failed',
      );
      return null;
    }
    const facts = await shopFacts(shop, session.accessToken ?? '');
    const installed = await installs.install(shop, facts, session.scope ?? null);
    await sessions.storeSession(session);
    // A reinstall: app/uninstalled dropped every session, staff members' online ones included.
    await cache.deletePrefix(staffKey(`${shop}_`)).catch(() => undefined);
    deps.logger?.info({ module: 'shopify-auth', shop, connectionId: installed.connectionId }, 'shop installed');
    deps.onInstalled?.({ ...installed, shop, scope: session.scope ?? null });
    return installed;
  }

  async function shopFacts(shop: string, accessToken: string): Promise<ShopFacts> {
    const result = await client(shop, accessToken).query<{
      shop: {
        name?: string;
        currencyCode?: string;
        ianaTimezone?: string | null;
        billingAddress?: { countryCodeV2?: string | null } | null;
      };
    }>('query RapportShop { shop { name currencyCode ianaTimezone billingAddress { countryCodeV2 } } }');
    if (!result.ok) return { name: null, currency: null, country: null, timezone: null };
    const s = result.data.shop;
    return {
      name: s.name ?? null,
      currency: s.currencyCode ?? null,
      country: s.billingAddress?.countryCodeV2 ?? null,
      timezone: s.ianaTimezone ?? null,
    };
  }

  /** The shop's offline session, refreshed first when it is about to expire. */
  async function offlineSession(shop: string): Promise<Session | null> {
    const session = await sessions.loadSession(offlineId(shop));
    if (!session?.accessToken) return null;
    if (!session.expires || session.expires.getTime() - Date.now() > refreshWithin || !session.refreshToken) return session;
    let pending = refreshing.get(shop);
    if (!pending) {
      pending = refresh(session).finally(() => refreshing.delete(shop));
      refreshing.set(shop, pending);
    }
    return pending;
  }

  async function refresh(stale: Session): Promise<Session | null> {
    try {
      const { session } = await apps.call(() => apps.primary.auth.refreshToken({ shop: stale.shop, refreshToken: stale.refreshToken! }));
      await sessions.storeSession(session);
      return session;
    } catch (error) {
      deps.logger?.warn(
        { module: 'shopify-auth', shop: stale.shop, err: error instanceof Error ? error.message : 'unknown' },
        'token refresh failed',
      );
      // Still valid for a little while: use it rather than fail the caller.
      return stale.expires && stale.expires.getTime() > Date.now() ? stale : null;
    }
  }

  /** An Admin API access token for background work: the offline session's, or a legacy connection token. */
  async function accessToken(shop: string): Promise<string | null> {
    const session = await offlineSession(shop);
    if (session?.accessToken) return session.accessToken;
    const installed = await installs.find(shop);
    return installed?.status === 'active' ? deps.legacyToken(installed.connectionId) : null;
  }

  function client(shop: string, token: string): ShopifyAdminClient {
    return createShopifyAdminClient({
      shop,
      accessToken: token,
      origin: deps.originOf?.(shop),
      logger: deps.logger,
      maxRetries: deps.maxRetries,
    });
  }

  /** A GraphQL Admin client with a fresh token, or null when the shop has no usable credentials. */
  async function adminClient(shop: string): Promise<ShopifyAdminClient | null> {
    const token = await accessToken(shop);
    return token ? client(shop, token) : null;
  }

  return {
    authenticate,
    offlineSession,
    accessToken,
    adminClient,
    /** Resolves when no online token exchange is under way (tests, shutdown). */
    staffIdle: async () => {
      while (staffPending.size) await Promise.all([...staffPending.values()]);
    },
  };
}

export type ShopifyAuth = ReturnType<typeof createShopifyAuth>;
