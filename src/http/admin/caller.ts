import type { CustomerQueriesPort } from '../../crm/customers/customer-queries.port.ts';
import { HttpError } from '../errors.ts';
import type { AdminAuth } from '../middleware/auth.ts';

// Who is calling an admin route, as the auth middleware decided: every route scopes its reads and
// writes by this account, and records this actor on what it changes.

export function accountOf(req: { auth?: { accountId: string } }): string {
  if (!req.auth) throw new HttpError('unauthorized', 'Not authenticated');
  return req.auth.accountId;
}

/** `staff:<login id>` or `shopify:<shop>:<user id>`: who did it, kept on notes and point adjustments. */
export function actorOf(req: { auth?: AdminAuth }): string {
  const auth = req.auth;
  if (!auth) return 'unknown';
  return auth.via === 'login' ? `staff:${auth.userId}` : `shopify:${auth.shop}:${auth.userId}`;
}

/** The caller's customer with this id (merged ids followed), or 404: no route reaches another account's customer. */
export async function customerIdOf(queries: Pick<CustomerQueriesPort, 'resolveId'>, accountId: string, id: string): Promise<string> {
  const resolved = await queries.resolveId(accountId, id);
  if (!resolved) throw new HttpError('not_found', 'No such customer');
  return resolved;
}
