import { newId } from '../../lib/ids.ts';
import type { CanonicalCheckout, CheckoutRef } from '../events.ts';
import { applyConsents } from '../customers/consent.ingest.ts';
import type { CanonicalConsent } from '../customers/consent.port.ts';
import { guestIdentity, resolveCustomer } from '../customers/customers.service.ts';
import { flowSendAt } from '../flows/send-time.ts';
import type { ConnectionRecord, Repos } from '../store.port.ts';
import type { CheckoutRecord } from './checkouts.port.ts';

// Checkouts as the stores report them, applied in the ingest's unit of work (ingest.service.ts).
// Latest wins on the platform's updated_at, so a late or repeated delivery never moves a checkout
// back; only an open checkout changes status (completed, closed), and a messaged one only to
// recovered, when its order arrives. New activity on an open checkout moves its due time (the
// abandoned-checkout flow counts its delay from the shopper's last step).

export const ABANDONED_CHECKOUT = 'abandoned_checkout' as const;

// A checkout never overwrites a profile (its customer snapshot is the oldest possible version): it
// starts one when the shopper is new, and the customer's own payloads fill it in.
const NO_VERSION = new Date(0).toISOString();

/** The due time of new activity: the flow's delay (and hour) from `at`, or null while the flow is off. */
async function dueFor(repos: Repos, accountId: string, at: string): Promise<string | null> {
  const flow = await repos.flows.get(accountId, ABANDONED_CHECKOUT);
  if (!flow?.enabled || !flow.templateId) return null;
  const timeZone = flow.options.sendAtHour == null ? null : await repos.connections.accountTimeZone(accountId);
  return flowSendAt(at, flow.delayMinutes, flow.options.sendAtHour, timeZone);
}

async function shopperOf(repos: Repos, connection: ConnectionRecord, c: CanonicalCheckout, now: string): Promise<string | null> {
  const countries = [connection.country];
  const input = c.customer
    ? { ...c.customer, email: c.customer.email ?? c.email, phone: c.customer.phone ?? c.phone, updatedAt: NO_VERSION }
    : guestIdentity(c.email, c.phone, c.guestName, countries, NO_VERSION);
  if (!input) return null;
  const resolved = await resolveCustomer(repos, connection, { ...input, locale: input.locale ?? c.locale }, now);
  if (resolved.erased || !resolved.customerId) return null;
  // Ticking the box at checkout is an email subscription as of that step; leaving it unticked
  // decides nothing (it never unsubscribes someone who subscribed elsewhere).
  const consents: CanonicalConsent[] = [...(c.customer?.consents ?? [])];
  if (c.acceptsMarketing && (c.email || c.customer?.email))
    consents.push({ channel: 'email', state: 'subscribed', source: 'checkout', detail: 'buyer_accepts_marketing', decidedAt: c.updatedAt });
  await applyConsents(repos, connection.accountId, resolved.customerId, consents, now);
  return resolved.customerId;
}

export async function noteCheckout(
  repos: Repos,
  connection: ConnectionRecord,
  c: CanonicalCheckout,
  now: string,
): Promise<'applied' | 'stale'> {
  const existing = await repos.checkouts.find(connection.id, c.externalId, c.token);
  if (existing && c.updatedAt < existing.sourceUpdatedAt) return 'stale';
  const customerId = (await shopperOf(repos, connection, c, now)) ?? existing?.customerId ?? null;
  const data = {
    token: c.token ?? existing?.token ?? null,
    customerId,
    recoveryUrl: c.recoveryUrl ?? existing?.recoveryUrl ?? null,
    currency: c.currency,
    totalMinor: c.totalMinor,
    items: JSON.stringify(c.items.slice(0, 50)),
    sourceUpdatedAt: c.updatedAt,
    updatedAt: now,
  };
  const ended = c.completedAt ? 'completed' : c.closedAt ? 'closed' : null;
  // A checkout closed before we ever saw it open (a cancelled WooCommerce order) is nothing to keep.
  if (!existing && ended === 'closed') return 'applied';
  if (!existing) {
    await repos.checkouts.insert({
      id: newId('chk'),
      accountId: connection.accountId,
      connectionId: connection.id,
      externalId: c.externalId,
      ...data,
      status: ended ?? 'open',
      dueAt: ended || !customerId ? null : await dueFor(repos, connection.accountId, c.updatedAt),
      skipReason: null,
      messageId: null,
      messagedAt: null,
      orderId: null,
      recoveredMinor: null,
      completedAt: c.completedAt,
      createdAt: now,
    });
    return 'applied';
  }
  const next: CheckoutRecord = { ...existing, ...data };
  if (existing.status === 'open') {
    next.status = ended ?? 'open';
    next.completedAt = c.completedAt;
    // Newer activity moves the due time; the same version replayed keeps it.
    const activity = c.updatedAt > existing.sourceUpdatedAt || (!existing.dueAt && !existing.customerId);
    next.dueAt = ended || !customerId ? null : activity ? await dueFor(repos, connection.accountId, c.updatedAt) : existing.dueAt;
  }
  await repos.checkouts.save(next, { status: existing.status, dueAt: existing.dueAt });
  return 'applied';
}

/**
 * An order for a checkout completes it, or, when the flow wrote about it, recovers it (with the
 * order's total). An order arriving before its checkout's first delivery leaves a completed row
 * the checkout then finds, so no message ever goes about a checkout that was bought.
 */
export async function completeCheckout(
  repos: Repos,
  connection: ConnectionRecord,
  ref: CheckoutRef,
  order: { id: string; customerId: string | null; currency: string; totalMinor: number; placedAt: string },
  now: string,
): Promise<void> {
  if (!ref.externalId && !ref.token) return;
  const existing = await repos.checkouts.find(connection.id, ref.externalId, ref.token);
  if (!existing) {
    if (!ref.mayPrecede) return;
    await repos.checkouts.insert({
      id: newId('chk'),
      accountId: connection.accountId,
      connectionId: connection.id,
      externalId: ref.externalId ?? `token:${ref.token}`,
      token: ref.token,
      customerId: order.customerId,
      recoveryUrl: null,
      currency: order.currency,
      totalMinor: order.totalMinor,
      items: '[]',
      status: 'completed',
      dueAt: null,
      skipReason: null,
      messageId: null,
      messagedAt: null,
      orderId: order.id,
      recoveredMinor: null,
      completedAt: order.placedAt,
      // The oldest version: any delivery of the checkout itself fills in its details.
      sourceUpdatedAt: NO_VERSION,
      createdAt: now,
      updatedAt: now,
    });
    return;
  }
  if (existing.orderId) return;
  const messaged = existing.status === 'messaged';
  if (!messaged && existing.status !== 'open' && existing.status !== 'skipped') return;
  await repos.checkouts.save(
    {
      ...existing,
      status: messaged ? 'recovered' : 'completed',
      dueAt: null,
      orderId: order.id,
      recoveredMinor: messaged ? order.totalMinor : null,
      completedAt: existing.completedAt ?? order.placedAt,
      updatedAt: now,
    },
    { status: existing.status, dueAt: existing.dueAt },
  );
}
