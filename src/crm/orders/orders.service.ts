import { attributeOrder } from '../messaging/attribution.ts';
import type { CanonicalOrder, CanonicalRefund } from '../events.ts';
import type { ConnectionRecord, OrderRecord, Repos } from '../store.port.ts';
import { isErased, scrubErasedDelivery } from '../compliance/compliance.service.ts';
import { guestIdentity, resolveCustomer } from '../customers/customers.service.ts';
import { newId } from '../../lib/ids.ts';
import { reconcileOrderPoints } from '../loyalty/order-awards.service.ts';

// Orders are versioned by the platform's updated_at: an older state never overwrites a newer
// one, an equal one re-applies to the same result. Refunds are keyed by their platform id and
// may arrive before the order they belong to.
//
// Trash and restore (WooCommerce) are ordered by when they were observed, i.e. received: a
// deletion carries only `{"id": N}`, and WooCommerce builds each payload when it sends it, so a
// delivery received later knows of every trash or restore whose delivery was received earlier.
// A retried (late-processed) deletion therefore never undoes a restore received after it.

type OrderOutcome = 'applied' | 'stale';

export async function upsertOrder(
  repos: Repos,
  connection: ConnectionRecord,
  order: CanonicalOrder,
  now: string,
  restored = false,
  observedAt = now,
): Promise<OrderOutcome> {
  const existing = await repos.orders.find(connection.id, order.externalId);
  if (existing && order.updatedAt < existing.sourceUpdatedAt) return 'stale';

  // A phone's country is its address's country, not necessarily the store's.
  const countries = [order.billingAddress?.countryCode ?? null, order.shippingAddress?.countryCode ?? null, connection.country];
  const erased = await isErased(
    repos,
    connection.accountId,
    {
      connectionId: connection.id,
      externalId: order.customer?.externalId,
      email: order.customer?.email,
      phone: order.customer?.phone,
      countries,
    },
    { connectionId: connection.id, email: order.email, phone: order.phone, countries },
  );
  let customerId: string | null;
  if (erased) {
    // The order still counts, anonymously, for the profile it belonged to; nothing personal is written again.
    const identity = order.customer ? await repos.customers.findIdentity(connection.id, order.customer.externalId) : undefined;
    customerId = identity?.customerId ?? existing?.customerId ?? null;
    await scrubErasedDelivery(repos, connection.id, [order.email, order.phone, order.customer?.email, order.customer?.phone]);
  } else {
    const shopper = order.customer
      ? { ...order.customer, email: order.customer.email ?? order.email, phone: order.customer.phone ?? order.phone }
      : guestIdentity(order.email, order.phone, order.guestName, countries, order.updatedAt);
    if (shopper && order.shippingAddress) shopper.addresses = [...shopper.addresses, order.shippingAddress];
    customerId = shopper ? (await resolveCustomer(repos, connection, shopper, now, { erasureChecked: true })).customerId : null;
  }

  for (const refund of order.refunds) await repos.orders.insertRefund(refundRecord(connection, refund));
  const refunds = await repos.orders.refundsOf(connection.id, order.externalId);
  const refundedMinor = refunds.reduce((sum, r) => sum + r.amountMinor, 0);

  // The payload's own status wins over its topic: a restore sent after the next trash says trash.
  const trash = trashChange(existing, observedAt, order.trashed ? 'trash' : restored ? 'restore' : null);
  const deletedAt = trash ? (trash === 'trash' ? (existing?.deletedAt ?? now) : null) : (existing?.deletedAt ?? null);
  const trashObservedAt = trash ? observedAt : (existing?.trashObservedAt ?? null);
  const record: OrderRecord = {
    id: existing?.id ?? newId('ord'),
    accountId: connection.accountId,
    connectionId: connection.id,
    externalId: order.externalId,
    customerId,
    name: order.name,
    email: erased ? null : order.email,
    phone: erased ? null : order.phone,
    status: order.status,
    paymentStatus: order.paymentStatus,
    fulfilmentStatus: order.fulfilmentStatus,
    paymentMethod: order.paymentMethod,
    platformStatus: order.platformStatus,
    gateway: order.gateway,
    currency: order.currency,
    subtotalMinor: order.subtotalMinor,
    shippingMinor: order.shippingMinor,
    taxMinor: order.taxMinor,
    discountMinor: order.discountMinor,
    totalMinor: order.totalMinor,
    presentmentCurrency: order.presentment?.currency ?? null,
    presentmentTotalMinor: order.presentment?.totalMinor ?? null,
    refundedMinor,
    placedAt: order.placedAt,
    paidAt: order.paidAt,
    fulfilledAt: order.fulfilledAt,
    deliveredAt: order.deliveredAt,
    cancelledAt: order.cancelledAt,
    deletedAt,
    trashObservedAt,
    sourceUpdatedAt: order.updatedAt,
    test: order.test,
    discountCodes: order.discountCodes,
  };
  await repos.orders.upsert(record, order.lineItems);

  if (customerId) {
    await addOrderTimeline(repos, record, customerId);
    for (const refund of refunds) await addRefundTimeline(repos, record, customerId, refund);
    await recompute(repos, connection, customerId, now);
  }
  if (existing?.customerId && existing.customerId !== customerId) await recompute(repos, connection, existing.customerId, now);
  await reconcileOrderPoints(repos, connection.accountId, record.id, now, record);
  // Once, when the order first has its customer (a guest order linked later counts then).
  if (customerId && existing?.customerId !== customerId) await attributeOrder(repos, { ...record, customerId }, now);
  return 'applied';
}

export async function recordRefund(repos: Repos, connection: ConnectionRecord, refund: CanonicalRefund, now: string): Promise<void> {
  await repos.orders.insertRefund(refundRecord(connection, refund));
  const order = await repos.orders.find(connection.id, refund.orderExternalId);
  if (!order) return; // applied when the order arrives
  const refunds = await repos.orders.refundsOf(connection.id, order.externalId);
  await repos.orders.update(order.id, { refundedMinor: refunds.reduce((s, r) => s + r.amountMinor, 0) });
  if (order.customerId) {
    for (const r of refunds) await addRefundTimeline(repos, order, order.customerId, r);
    await recompute(repos, connection, order.customerId, now);
  }
  await reconcileOrderPoints(repos, connection.accountId, order.id, now);
}

export async function deleteOrder(
  repos: Repos,
  connection: ConnectionRecord,
  externalId: string,
  now: string,
  observedAt = now,
): Promise<void> {
  const order = await repos.orders.find(connection.id, externalId);
  if (!order || !trashChange(order, observedAt, 'trash')) return;
  if (order.deletedAt) return void (await repos.orders.update(order.id, { trashObservedAt: observedAt }));
  await repos.orders.update(order.id, { deletedAt: now, trashObservedAt: observedAt });
  if (order.customerId) await recompute(repos, connection, order.customerId, now);
  await reconcileOrderPoints(repos, connection.accountId, order.id, now);
}

/** The trash state change to apply, or null when there is none or an observation as recent has been applied. */
function trashChange(
  existing: OrderRecord | undefined,
  observedAt: string,
  change: 'trash' | 'restore' | null,
): 'trash' | 'restore' | null {
  if (!change) return null;
  return existing?.trashObservedAt && observedAt < existing.trashObservedAt ? null : change;
}

async function recompute(repos: Repos, connection: ConnectionRecord, customerId: string, now: string): Promise<void> {
  await repos.customers.recomputeStats(customerId, await repos.connections.accountCurrency(connection.accountId), now);
}

function refundRecord(connection: ConnectionRecord, refund: CanonicalRefund) {
  return { id: newId('ref'), accountId: connection.accountId, connectionId: connection.id, ...refund };
}

async function addOrderTimeline(repos: Repos, order: OrderRecord, customerId: string): Promise<void> {
  const base = { accountId: order.accountId, customerId, subjectType: 'order', subjectId: order.id };
  const data = {
    name: order.name,
    total: order.totalMinor,
    currency: order.currency,
    paymentMethod: order.paymentMethod,
  };
  const milestones: Array<[string, string | null]> = [
    ['order_placed', order.placedAt],
    ['order_paid', order.paidAt],
    ['order_fulfilled', order.fulfilledAt],
    ['order_delivered', order.deliveredAt],
    ['order_cancelled', order.cancelledAt],
  ];
  for (const [kind, at] of milestones) {
    if (at) await repos.timeline.add({ ...base, kind, occurredAt: at, data, dedupeKey: `${kind}:${order.id}` });
  }
}

async function addRefundTimeline(
  repos: Repos,
  order: OrderRecord,
  customerId: string,
  refund: { externalId: string; amountMinor: number; currency: string; createdAt: string; reason: string | null },
): Promise<void> {
  await repos.timeline.add({
    accountId: order.accountId,
    customerId,
    kind: 'order_refunded',
    occurredAt: refund.createdAt,
    subjectType: 'order',
    subjectId: order.id,
    data: { name: order.name, amount: refund.amountMinor, currency: refund.currency, reason: refund.reason },
    dedupeKey: `order_refunded:${order.connectionId}:${refund.externalId}`,
  });
}
