import type { Session } from '@shopify/shopify-api';

// Ports the Shopify app-auth service needs from storage; src/db implements them.

/** The shape of `@shopify/shopify-app-session-storage`'s SessionStorage, plus a drop-all per shop. */
export interface ShopifySessionStorage {
  storeSession(session: Session): Promise<boolean>;
  loadSession(id: string): Promise<Session | undefined>;
  deleteSession(id: string): Promise<boolean>;
  deleteSessions(ids: string[]): Promise<boolean>;
  findSessionsByShop(shop: string): Promise<Session[]>;
  /** Deletes every session of a shop at once (disconnect); returns how many. */
  deleteShopSessions(shop: string): Promise<number>;
}

export type InstalledShop = {
  connectionId: string;
  accountId: string;
  status: 'active' | 'uninstalled' | 'unverified' | 'disconnected';
  hasAccessToken: boolean;
};

/** What the shop told us about itself right after install (for the account's currency and country). */
export type ShopFacts = { name: string | null; currency: string | null; country: string | null; timezone?: string | null };

export interface ShopifyInstalls {
  find(shop: string): Promise<InstalledShop | undefined>;
  /** Creates the account and connection for an unknown shop, or reactivates an uninstalled one. */
  install(shop: string, facts: ShopFacts, scope: string | null): Promise<InstalledShop>;
  /** The scopes the shop has granted now (comma separated), as Shopify reported them. */
  scopesGranted(shop: string, scope: string): Promise<void>;
}

export type SessionTokenFailure =
  'missing_config' | 'malformed' | 'expired' | 'not_yet_valid' | 'audience' | 'signature' | 'dest' | 'issuer';

export type VerifiedSessionToken = { shop: string; userId: string; sessionId: string | null };

/**
 * What the webhook intake tells the app about its own install, beside recording the delivery.
 * (app/uninstalled needs nothing here: the worker drops the tokens with the status change.)
 */
export type AppLifecycle = {
  /** app/scopes_update: look up what is granted now (called after the reply: it calls Shopify). */
  scopesChanged(shop: string): Promise<void>;
};
