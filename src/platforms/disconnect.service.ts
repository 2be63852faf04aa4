import type { RemoveOutcome } from './shopify/webhooks.register.ts';

// Disconnecting a store: its webhooks are removed at the platform while the keys still work,
// then every key, token and secret is deleted here and the connection marked disconnected.
// Customer data (profiles, orders, points) is kept. A platform that cannot be reached does not
// stop the local removal; the outcome says what may remain at the store. Idempotent.

export type DisconnectOutcome =
  | {
      ok: true;
      connectionId: string;
      platform: 'shopify' | 'woocommerce';
      domain: string;
      already: boolean;
      removedAtStore: number;
      storeError: string | null;
    }
  | { ok: false; reason: 'not_found' };

export type DisconnectDeps = {
  connections: {
    get(
      id: string,
    ): Promise<{ id: string; accountId: string; platform: 'shopify' | 'woocommerce'; domain: string; status: string } | undefined>;
    /** Deletes every key, token and secret of the connection and marks it disconnected. */
    disconnect(id: string): Promise<void>;
  };
  shopify: { removeFromShop(connectionId: string): Promise<RemoveOutcome> };
  woocommerce: { removeStoreWebhooks(connectionId: string): Promise<number> };
};

export function createDisconnect(deps: DisconnectDeps) {
  return async function disconnect(connectionId: string, accountId?: string): Promise<DisconnectOutcome> {
    const c = await deps.connections.get(connectionId);
    if (!c || (accountId !== undefined && c.accountId !== accountId)) return { ok: false, reason: 'not_found' };
    const base = { ok: true as const, connectionId: c.id, platform: c.platform, domain: c.domain };
    if (c.status === 'disconnected') return { ...base, already: true, removedAtStore: 0, storeError: null };
    let removedAtStore = 0;
    let storeError: string | null = null;
    if (c.platform === 'shopify') {
      const r = await deps.shopify.removeFromShop(c.id);
      removedAtStore = r.removed;
      if (!r.ok) storeError = r.message;
    } else {
      try {
        removedAtStore = await deps.woocommerce.removeStoreWebhooks(c.id);
      } catch (err) {
        storeError = err instanceof Error ? err.message : String(err);
      }
    }
    await deps.connections.disconnect(c.id);
    return { ...base, already: false, removedAtStore, storeError };
  };
}

export type Disconnect = ReturnType<typeof createDisconnect>;
