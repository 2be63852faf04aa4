import type { SqlDatabase } from '../sql/database.ts';
import { query } from '../sql/executor.ts';

// Who did it, for people: notes and points adjustments store an actor id (`staff:<login id>` for a
// standalone login, `shopify:<shop>:<user id>` for Shopify staff); the name comes from the login's
// email or from the staff member's online session (Shopify's `associated_user`). Only this
// account's logins and stores are looked at.

type AssociatedUser = { first_name?: string | null; last_name?: string | null; email?: string | null };

const q = {
  login: query('SELECT email FROM admin_users WHERE id = :id AND account_id = :accountId'),
  session: query(`SELECT s.online_access_info AS info FROM shopify_sessions s JOIN connections c ON c.id = s.connection_id
    WHERE s.id = :id AND s.is_online = true AND c.account_id = :accountId`),
};

export async function actorNames(database: SqlDatabase, accountId: string, actors: Iterable<string | null>): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const actor of new Set(actors)) {
    if (!actor || names.has(actor)) continue;
    const name = actor.startsWith('staff:')
      ? await loginName(actor.slice(6))
      : actor.startsWith('shopify:')
        ? await shopifyName(actor.slice(8))
        : null;
    if (name) names.set(actor, name);
  }
  return names;

  async function loginName(id: string): Promise<string | null> {
    const row = await database.x.get<{ email: string }>(q.login, { id, accountId });
    return row?.email ?? null;
  }

  async function shopifyName(shopAndUser: string): Promise<string | null> {
    const split = shopAndUser.lastIndexOf(':');
    if (split < 0) return null;
    // The library's id of an embedded app's online session: `<shop>_<user id>`.
    const id = `${shopAndUser.slice(0, split)}_${shopAndUser.slice(split + 1)}`;
    const row = await database.x.get<{ info: string | null }>(q.session, { id, accountId });
    if (!row?.info) return null;
    const user = (JSON.parse(row.info) as { associated_user?: AssociatedUser }).associated_user;
    const full = [user?.first_name, user?.last_name].filter(Boolean).join(' ').trim();
    return full || user?.email || null;
  }
}
