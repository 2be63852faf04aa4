import type { Db } from './client.ts';
import { setOfflineScope } from './shopify-sessions.repo.ts';
import { syncTransaction } from './sync-transaction.ts';
import { accountRows } from './tenancy/accounts.repo.ts';
import { connectionRows } from './tenancy/connections.repo.ts';
import { resolved, type Synchronous } from './resolved.ts';
import type { InstalledShop, ShopifyInstalls } from '../platforms/shopify/auth.types.ts';

// App-store installs: an unknown shop gets an account and a Shopify connection; an uninstalled
// one is reactivated in place (its data was kept until shop/redact, so history survives).
// The granted scopes are remembered per connection (the backfill checks read_all_orders) and
// follow the merchant's approvals (scopesGranted).

export function createShopifyInstalls(db: Db, key: Buffer): ShopifyInstalls {
  const sqlite = db.$client;
  // Synchronous: an install is one SQLite transaction.
  const tenancy = { ...accountRows(db), ...connectionRows(db, key) };
  const reactivate = sqlite.prepare("UPDATE connections SET status = 'active', uninstalled_at = NULL WHERE id = ?");
  const saveScopes =
    sqlite.prepare(`INSERT INTO connection_sync_state (connection_id, account_id, granted_scopes, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (connection_id) DO UPDATE SET granted_scopes = excluded.granted_scopes, updated_at = excluded.updated_at`);

  function find(shop: string): InstalledShop | undefined {
    const c = tenancy.connectionByDomain('shopify', shop);
    return c
      ? { connectionId: c.id, accountId: c.accountId, status: c.status, hasAccessToken: Boolean(tenancy.secrets(c).accessToken) }
      : undefined;
  }

  const installs: Synchronous<ShopifyInstalls> = {
    find,
    scopesGranted(shop, scope) {
      const c = tenancy.connectionByDomain('shopify', shop);
      if (!c) return;
      const at = new Date().toISOString();
      syncTransaction(sqlite, 'Shopify scopes granted', () => {
        saveScopes.run(c.id, c.accountId, scope, at);
        setOfflineScope(db, shop, scope, at);
      })();
    },
    install(shop, facts, scope) {
      syncTransaction(sqlite, 'Shopify install', () => {
        const existing = tenancy.connectionByDomain('shopify', shop);
        if (existing) {
          reactivate.run(existing.id);
          // The merchant may have moved the shop's time zone while the app was away.
          if (facts.timezone) tenancy.updateConnection(existing.id, { timezone: facts.timezone });
        } else {
          const currency = facts.currency ?? 'USD';
          const accountId = tenancy.createAccount(facts.name ?? shop, currency);
          tenancy.upsertConnection({
            accountId,
            platform: 'shopify',
            domain: shop,
            name: facts.name ?? shop,
            currency,
            country: facts.country,
            timezone: facts.timezone ?? null,
          });
        }
        const c = tenancy.connectionByDomain('shopify', shop)!;
        saveScopes.run(c.id, c.accountId, scope, new Date().toISOString());
      })();
      return find(shop)!;
    },
  };
  return resolved<ShopifyInstalls>(installs);
}
