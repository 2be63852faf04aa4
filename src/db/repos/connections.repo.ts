import { eq } from 'drizzle-orm';
import type { ConnectionsRepo } from '../../crm/store.port.ts';
import { toConnection } from '../../crm/tenancy/connections.port.ts';
import type { Db } from '../client.ts';
import { accounts, connections } from '../schema/index.ts';
import { rowMapper } from './prepared.ts';

const toRow = rowMapper<typeof connections.$inferSelect>(connections);

export function connectionsRepo(db: Db): ConnectionsRepo {
  const currencies = new Map<string, string>();
  // Raw: every applied event reads its connection, and drizzle's row mapping cost more than the lookup.
  const byId = db.$client.prepare('SELECT * FROM connections WHERE id = ?');
  // Indexed on account_id; an account has a store or two.
  const zoneOf = db.$client.prepare("SELECT timezone FROM connections WHERE account_id = ? AND timezone IS NOT NULL AND timezone <> '' ORDER BY created_at, id LIMIT 1");
  const dropSessions = db.$client.prepare("DELETE FROM shopify_sessions WHERE shop = (SELECT domain FROM connections WHERE id = ? AND platform = 'shopify')");
  return {
    async get(id) {
      const row = toRow(byId.get(id));
      // The allowlisted model: the domain never needs a store's secrets, sealed or not.
      return row ? toConnection(row) : undefined;
    },
    async markUninstalled(id, at) {
      // The platform has already revoked the token; keep data until a shop/redact. The app's
      // sessions (offline and online tokens) go in the same unit of work, so after the delivery
      // no token of the shop is left, and a retried delivery (deduplicated) cannot drop a reinstall's.
      db.update(connections).set({ status: 'uninstalled', uninstalledAt: at, accessTokenEnc: null }).where(eq(connections.id, id)).run();
      dropSessions.run(id);
    },
    async accountCurrency(accountId) {
      const cached = currencies.get(accountId);
      if (cached) return cached;
      const currency = db.select({ currency: accounts.currency }).from(accounts).where(eq(accounts.id, accountId)).get()?.currency ?? 'USD';
      currencies.set(accountId, currency);
      return currency;
    },
    async accountTimeZone(accountId) {
      return (zoneOf.get(accountId) as { timezone: string } | undefined)?.timezone ?? null;
    },
  };
}
