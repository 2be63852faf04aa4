import type { CustomerRef } from '../events.ts';
import type { ConnectionRecord, IdentityRecord, Repos } from '../store.port.ts';
import { erasureKeys, type ErasureNeedles } from './erasure-keys.ts';
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
  repos: Repos,
  connection: ConnectionRecord,
  requestId: string | null,
  ref: CustomerRef,
  now: string,
): Promise<void> {
  const ids = await repos.compliance.findCustomers(connection.id, needles(connection, ref));
  const profiles = [];
  for (const id of ids) profiles.push(await repos.compliance.exportCustomer(id));
  await repos.compliance.saveDataRequest({
    id: newId('dsr'),
    accountId: connection.accountId,
    connectionId: connection.id,
    externalRequestId: requestId,
    export: JSON.stringify({ requestedAt: now, customer: ref, profiles }),
    createdAt: now,
  });
}

/** Erases a customer's personal data everywhere: profile, identities, addresses, notes, orders, stored webhooks. */
export async function redactCustomer(
  repos: Repos,
  connection: ConnectionRecord,
  ref: CustomerRef,
  orderExternalIds: string[],
  now: string,
): Promise<void> {
  const n = needles(connection, ref);
  const ids = await repos.compliance.findCustomers(connection.id, n);
  const words = [n.email, ref.email, n.phone, ref.phone].filter((w): w is string => Boolean(w));
  const remembered: ErasureNeedles[] = [{ connectionId: connection.id, ...ref, countries: [connection.country] }];
  for (const id of ids) {
    const exported = await repos.compliance.exportCustomer(id);
    for (const identity of await repos.customers.identitiesOf(id)) {
      for (const w of [identity.email, identity.phone, identity.phoneRaw]) if (w) words.push(w);
    }
    for (const o of (exported.orders as Array<{ email: string | null; phone: string | null }> | undefined) ?? [])
      words.push(...[o.email, o.phone].filter((w): w is string => Boolean(w)));
    remembered.push(...(await identityNeedles(repos, id, exported)));
    await repos.compliance.redactCustomer(id, now);
  }
  await repos.compliance.redactOrders(connection.id, orderExternalIds);
  // So that no later, retried or replayed delivery, import or reconcile brings the person back.
  await repos.compliance.addTombstones(connection.accountId, erasureKeys(...remembered), now);
  // Raw deliveries in the inbox hold the same data: found by email, phone, or the customer's id.
  const customerIds = remembered
    .filter((r) => r.connectionId === connection.id && r.externalId && !r.externalId.startsWith('guest:'))
    .map((r) => r.externalId!);
  await repos.compliance.scrubInbox(connection.id, [...new Set(words)], [...new Set(customerIds)]);
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
  for (const identity of identities) words.push(identity.phoneRaw);
  const needleList = [...new Set(words.filter((w): w is string => Boolean(w && w.length >= 3)))];
  const remembered = await identityNeedles(repos, customerId, exported);
  remembered.push({ connectionId: '', email: profile?.email, phone: profile?.phone });
  await repos.compliance.redactCustomer(customerId, now);
  await repos.compliance.addTombstones(accountId, erasureKeys(...remembered), now);
  for (const connectionId of new Set(identities.map((i) => i.connectionId))) {
    const customerIds = identities
      .filter((i) => i.connectionId === connectionId && !i.externalId.startsWith('guest:'))
      .map((i) => i.externalId);
    await repos.compliance.scrubInbox(connectionId, needleList, customerIds);
  }
  await repos.timeline.add({
    accountId,
    customerId,
    kind: 'data_erased',
    occurredAt: now,
    subjectType: null,
    subjectId: null,
    data: { actor },
    dedupeKey: `data_erased:${now}`,
  });
}

/** Every id, email and phone the profile was known by, on any store, before it is erased. */
async function identityNeedles(repos: Repos, customerId: string, exported: Record<string, unknown>): Promise<ErasureNeedles[]> {
  const out: ErasureNeedles[] = [];
  for (const i of (exported.identities as IdentityRecord[] | undefined) ?? []) {
    out.push({ connectionId: i.connectionId, externalId: i.externalId, email: i.email, phone: i.phone ?? i.phoneRaw });
  }
  const orders = (exported.orders as Array<{ connectionId: string; email: string | null; phone: string | null }> | undefined) ?? [];
  for (const o of orders)
    out.push({ connectionId: o.connectionId, email: o.email, phone: o.phone, countries: await countriesOf(repos, o.connectionId) });
  const addresses =
    (exported.addresses as Array<{ connectionId: string; phone: string | null; countryCode: string | null }> | undefined) ?? [];
  for (const a of addresses)
    out.push({ connectionId: a.connectionId, phone: a.phone, countries: [a.countryCode, ...(await countriesOf(repos, a.connectionId))] });
  return out;
}

async function countriesOf(repos: Repos, connectionId: string): Promise<Array<string | null>> {
  return [(await repos.connections.get(connectionId))?.country ?? null];
}

/** Whether a delivery is about an erased person: it must then add nothing personal again. */
export async function isErased(repos: Repos, accountId: string, ...needles: ErasureNeedles[]): Promise<boolean> {
  return repos.compliance.isErased(accountId, erasureKeys(...needles));
}

/** A delivery about an erased person was let in (a retry, a replay): its stored body goes too. */
export async function scrubErasedDelivery(repos: Repos, connectionId: string, words: Array<string | null | undefined>): Promise<void> {
  const needles = [...new Set(words.filter((w): w is string => Boolean(w && w.trim().length >= 3)).map((w) => w.trim()))];
  if (needles.length) await repos.compliance.scrubInbox(connectionId, needles);
}

/** Staff handed the export of a data request over to the customer. */
export async function fulfilDataRequest(repos: Repos, accountId: string, id: string, now: string): Promise<boolean> {
  return repos.compliance.markDataRequestFulfilled(accountId, id, now);
}
