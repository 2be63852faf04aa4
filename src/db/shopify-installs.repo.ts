import type { InstalledShop, ShopifyInstalls } from '../platforms/shopify/auth.types.ts';
import { setOfflineScope } from './shopify-sessions.repo.ts';
import { lockForUnit } from './sql/conflicts.ts';
import type { SqlDatabase } from './sql/database.ts';
import { query, type Executor } from './sql/executor.ts';
import { accountsRepo } from './tenancy/accounts.repo.ts';
import { connectionsMemory, connectionsPort, type ConnectionsMemory } from './tenancy/connections.repo.ts';

// App-store installs: an unknown shop gets an account and a Shopify connection; an uninstalled
// one is reactivated in place (its data was kept until shop/redact, so history survives).
// The granted scopes are remembered per connection (the backfill checks read_all_orders) and
// follow the merchant's approvals (scopesGranted).

const q = {
  reactivate: query("UPDATE connections SET status = 'active', uninstalled_at = NULL WHERE id = :id"),
  saveScopes: query(`INSERT INTO connection_sync_state (connection_id, account_id, granted_scopes, updated_at)
    VALUES (:connectionId, :accountId, :scope, :at)
    ON CONFLICT (connection_id) DO UPDATE SET granted_scopes = excluded.granted_scopes, updated_at = excluded.updated_at`),
};

/** `memory`: the tenancy's connections memory (createTenancy), so a connection read here opens its secrets there too. */
export function createShopifyInstalls(
  database: SqlDatabase,
  key: Buffer,
  memory: ConnectionsMemory = connectionsMemory(),
): ShopifyInstalls {
  const tenancyOf = (x: Executor) => ({ ...accountsRepo(x), ...connectionsPort(x, key, memory) });
  const outside = tenancyOf(database.x);

  async function find(shop: string): Promise<InstalledShop | undefined> {
    const c = await outside.connectionByDomain('shopify', shop);
    return c
      ? { connectionId: c.id, accountId: c.accountId, status: c.status, hasAccessToken: Boolean((await outside.secrets(c)).accessToken) }
      : undefined;
  }

  return {
    find,
    async scopesGranted(shop, scope) {
      const c = await outside.connectionByDomain('shopify', shop);
      if (!c) return;
      const at = new Date().toISOString();
      await database.transaction(async (x) => {
        await x.run(q.saveScopes, { connectionId: c.id, accountId: c.accountId, scope, at });
        await setOfflineScope(x, shop, scope, at);
      });
    },
    async install(shop, facts, scope) {
      await database.transaction(async (x) => {
        // Two first requests of a new shop race to install it: the second waits here, then finds
        // the first's connection and only reactivates it (no second account).
        await lockForUnit(x, `rapport.shopify-install:${shop}`);
        const tenancy = tenancyOf(x);
        const existing = await tenancy.connectionByDomain('shopify', shop);
        let c = existing;
        if (existing) {
          await x.run(q.reactivate, { id: existing.id });
          // The merchant may have moved the shop's time zone while the app was away.
          if (facts.timezone) await tenancy.updateConnection(existing.id, { timezone: facts.timezone });
        } else {
          const currency = facts.currency ?? 'USD';
          const accountId = await tenancy.createAccount(facts.name ?? shop, currency);
          c = await tenancy.upsertConnection({
            accountId,
            platform: 'shopify',
            domain: shop,
            name: facts.name ?? shop,
            currency,
            country: facts.country,
            timezone: facts.timezone ?? null,
          });
        }
        await x.run(q.saveScopes, { connectionId: c!.id, accountId: c!.accountId, scope, at: new Date().toISOString() });
      });
      return (await find(shop))!;
    },
  };
}
