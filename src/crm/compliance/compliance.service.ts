import type { CustomerRef } from '../events.ts';
import type { ConnectionRecord, Repos } from '../store.port.ts';
import { newId } from '../../lib/ids.ts';
import { normaliseEmail, normalisePhone } from '../../lib/identity.ts';

// GDPR-style requests (Shopify's mandatory compliance webhooks; also usable for WooCommerce).

function needles(connection: ConnectionRecord, ref: CustomerRef) {
  return {
    externalId: ref.externalId,
    email: normaliseEmail(ref.email),
    phone: normalisePhone(ref.phone, connection.country),
  };
}

/** Collects the customer's data into a data request the merchant can download. */
export async function exportCustomerData(
  repos: Repos, connection: ConnectionRecord, requestId: string | null, ref: CustomerRef, now: string,
): Promise<void> {
  const ids = await repos.compliance.findCustomers(connection.id, needles(connection, ref));
  const profiles = [];
  for (const id of ids) profiles.push(await repos.compliance.exportCustomer(id));
  await repos.compliance.saveDataRequest({
    id: newId('dsr'), accountId: connection.accountId, connectionId: connection.id, externalRequestId: requestId,
    export: JSON.stringify({ requestedAt: now, customer: ref, profiles }), createdAt: now,
  });
}

/** Erases a customer's personal data everywhere: profile, identities, addresses, notes, orders, stored webhooks. */
export async function redactCustomer(
  repos: Repos, connection: ConnectionRecord, ref: CustomerRef, orderExternalIds: string[], now: string,
): Promise<void> {
  const n = needles(connection, ref);
  const ids = await repos.compliance.findCustomers(connection.id, n);
  const words = [n.email, ref.email, n.phone, ref.phone].filter((w): w is string => Boolean(w));
  for (const id of ids) {
    for (const identity of await repos.customers.identitiesOf(id)) {
      for (const w of [identity.email, identity.phone]) if (w) words.push(w);
    }
    await repos.compliance.redactCustomer(id, now);
  }
  await repos.compliance.redactOrders(connection.id, orderExternalIds);
  // Raw deliveries in the inbox hold the same data; the id alone is not personal data.
  await repos.compliance.scrubInbox(connection.id, [...new Set(words)]);
}

export async function eraseShop(repos: Repos, connection: ConnectionRecord): Promise<void> {
  await repos.compliance.eraseConnection(connection.id);
}

/** Everything Rapport holds on one customer of the account (the admin panel's "Export data"). */
export async function exportOneCustomer(repos: Repos, customerId: string, now: string): Promise<Record<string, unknown>> {
  return { exportedAt: now, customerId, ...(await repos.compliance.exportCustomer(customerId)) };
}

/**
 * Erases one customer's personal data on request of the merchant (admin panel): profile,
 * identities, addresses, notes, contact details on orders and stored webhooks of every store the
 * customer is known to. Order totals and the points ledger stay, anonymous, for the statistics;
 * the timeline records who erased and when (no personal data).
 */
export async function eraseOneCustomer(repos: Repos, accountId: string, customerId: string, actor: string, now: string): Promise<void> {
  const identities = await repos.customers.identitiesOf(customerId);
  const exported = await repos.compliance.exportCustomer(customerId);
  const profile = exported.profile as { email?: string | null; phone?: string | null } | undefined;
  const words = [profile?.email, profile?.phone];
  for (const identity of identities) words.push(identity.email, identity.phone);
  for (const o of (exported.orders as { email?: string | null; phone?: string | null }[] | undefined) ?? []) words.push(o.email, o.phone);
  const needleList = [...new Set(words.filter((w): w is string => Boolean(w && w.length >= 3)))];
  await repos.compliance.redactCustomer(customerId, now);
  for (const connectionId of new Set(identities.map((i) => i.connectionId))) await repos.compliance.scrubInbox(connectionId, needleList);
  await repos.timeline.add({
    accountId, customerId, kind: 'data_erased', occurredAt: now, subjectType: null, subjectId: null,
    data: { actor }, dedupeKey: `data_erased:${now}`,
  });
}
