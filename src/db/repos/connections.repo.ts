import type { ConnectionsRepo } from '../../crm/store.port.ts';
import { toConnection } from '../../crm/tenancy/connections.port.ts';
import { connections } from '../schema/index.ts';
import { query, type Executor } from '../sql/executor.ts';
import { rowMapper } from '../sql/statements.ts';

const toRow = rowMapper<typeof connections.$inferSelect>(connections);

const q = {
  // Every applied event reads its connection.
  byId: query('SELECT * FROM connections WHERE id = :id'),
  // Indexed on account_id; an account has a store or two.
  zoneOf: query(
    "SELECT timezone FROM connections WHERE account_id = :accountId AND timezone IS NOT NULL AND timezone <> '' ORDER BY created_at, id LIMIT 1",
  ),
  uninstalled: query('UPDATE connections SET status = :status, uninstalled_at = :at, access_token_enc = NULL WHERE id = :id'),
  dropSessions: query("DELETE FROM shopify_sessions WHERE shop = (SELECT domain FROM connections WHERE id = :id AND platform = 'shopify')"),
  currency: query('SELECT currency FROM accounts WHERE id = :accountId'),
};

/** `currencies`: an account's currency, cached for the store's life (units of work come and go on PostgreSQL). */
export function connectionsRepo(x: Executor, currencies = new Map<string, string>()): ConnectionsRepo {
  return {
    // The allowlisted model: the domain never needs a store's secrets, sealed or not.
    get: (id) =>
      x.getAs(q.byId, { id }, (r) => {
        const row = toRow(r);
        return row ? toConnection(row) : undefined;
      }),
    async markUninstalled(id, at) {
      // The platform has already revoked the token; keep data until a shop/redact. The app's
      // sessions (offline and online tokens) go in the same unit of work, so after the delivery
      // no token of the shop is left, and a retried delivery (deduplicated) cannot drop a reinstall's.
      await x.run(q.uninstalled, { id, at, status: 'uninstalled' });
      await x.run(q.dropSessions, { id });
    },
    async accountCurrency(accountId) {
      const cached = currencies.get(accountId);
      if (cached) return cached;
      const currency = (await x.get<{ currency: string }>(q.currency, { accountId }))?.currency ?? 'USD';
      currencies.set(accountId, currency);
      return currency;
    },
    async accountTimeZone(accountId) {
      return (await x.get<{ timezone: string }>(q.zoneOf, { accountId }))?.timezone ?? null;
    },
  };
}
