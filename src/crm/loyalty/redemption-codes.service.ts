import type { OrderRecord, Repos } from '../store.port.ts';
import type { DiscountCodeFailure } from './discounts.port.ts';
import type { RedemptionDeps } from './redemption.service.ts';
import { addRewardTimeline, returnPoints } from './redemption.support.ts';
import type { Redemption } from './rewards.port.ts';

// What happens to an issued code afterwards: it expires, staff cancel it, or an order uses it
// (and that order may later be cancelled). The store is called outside transactions; each write
// after it is a guarded transition, so running twice changes nothing.

type CancelOutcome =
  | { outcome: 'cancelled'; redemption: Redemption }
  | { outcome: 'not_found' }
  | { outcome: 'not_cancellable'; reason: string }
  | { outcome: 'platform_failed'; retryable: boolean; reason: string };

async function disableAtStore(deps: RedemptionDeps, r: Redemption): Promise<{ ok: true } | DiscountCodeFailure | null> {
  const connection = await deps.store.transaction((repos) => repos.connections.get(r.connectionId));
  const issuer = connection ? await deps.issuerFor(connection) : null;
  if (!issuer || !r.externalId) return null;
  return issuer
    .disable(r.externalId)
    .catch((): DiscountCodeFailure => ({ ok: false, retryable: true, reason: 'Unexpected error while disabling the code.' }));
}

/** An issued, unused code is disabled at the store and its points returned. */
export async function cancelRedemption(
  deps: RedemptionDeps,
  input: { accountId: string; redemptionId: string; actor: string | null },
  now = new Date().toISOString(),
): Promise<CancelOutcome> {
  const r = await deps.store.transaction((repos) => repos.loyalty.redemptions.get(input.accountId, input.redemptionId));
  if (!r) return { outcome: 'not_found' };
  if (r.status !== 'issued')
    return { outcome: 'not_cancellable', reason: `Only an issued, unused code can be cancelled; this one is ${r.status}.` };
  const disabled = await disableAtStore(deps, r);
  // Without a confirmed disable the code may still work at the store: keep the points spent.
  if (!disabled)
    return {
      outcome: 'platform_failed',
      retryable: false,
      reason: 'Rapport has no API access to the store that issued the code; reconnect it.',
    };
  if (!disabled.ok) return { outcome: 'platform_failed', retryable: disabled.retryable, reason: disabled.reason };
  return deps.store.transaction(async (repos) => {
    const moved = await repos.loyalty.redemptions.transition(
      r.id,
      { status: 'issued', attempts: r.attempts },
      { status: 'cancelled', closedAt: now },
    );
    if (moved) await returnPoints(repos, r, `Code ${r.code} cancelled by staff, points returned.`, input.actor, now);
    const after = (await repos.loyalty.redemptions.get(r.accountId, r.id))!;
    return moved ? { outcome: 'cancelled', redemption: after } : { outcome: 'not_cancellable', reason: `The code is ${after.status} now.` };
  });
}

/**
 * Issued codes past their expiry are disabled and marked expired; points come back when the
 * program says so. The stores enforce the end date themselves too, so a store we cannot reach
 * with a permanent error (no credentials, refused) does not keep a code alive: only a temporary
 * failure leaves it for the next run.
 */
export async function expireRedemptionCodes(
  deps: RedemptionDeps,
  now = new Date().toISOString(),
  limit = 100,
): Promise<{ expired: number; deferred: number }> {
  const due = await deps.store.transaction((repos) => repos.loyalty.redemptions.expiredIssued(now, limit));
  const counts = { expired: 0, deferred: 0 };
  for (const r of due) {
    const disabled = await disableAtStore(deps, r);
    if (disabled && !disabled.ok && disabled.retryable) {
      counts.deferred += 1;
      continue;
    }
    await deps.store.transaction(async (repos) => {
      if (
        !(await repos.loyalty.redemptions.transition(
          r.id,
          { status: 'issued', attempts: r.attempts },
          { status: 'expired', closedAt: now },
        ))
      )
        return;
      counts.expired += 1;
      const program = await repos.loyalty.programs.current(r.accountId);
      if (program?.settings.rewards.returnPointsOnCodeExpiry ?? true)
        await returnPoints(repos, r, `Code ${r.code} expired unused, points returned.`, null, now);
    });
  }
  return counts;
}

// Mirrors the "void" facts of order-points.ts: the shopper did not, in the end, buy anything.
function isVoid(o: OrderRecord): boolean {
  return Boolean(
    o.deletedAt ||
    o.cancelledAt ||
    o.status === 'cancelled' ||
    o.fulfilmentStatus === 'returned' ||
    o.paymentStatus === 'voided' ||
    o.paymentStatus === 'failed',
  );
}

/**
 * Called after every change to an order: a reward code it carries is marked used; if the order
 * is cancelled or voided, the points spent on that code come back (once: the ledger dedupes).
 */
export async function settleRewardCodes(repos: Repos, order: OrderRecord, now: string): Promise<void> {
  for (const raw of order.discountCodes) {
    // Our codes are upper-case; WooCommerce lower-cases what the shopper typed.
    let r = await repos.loyalty.redemptions.byCode(order.accountId, raw.trim().toUpperCase());
    if (!r) continue;
    if (r.status === 'issued') {
      if (
        !(await repos.loyalty.redemptions.transition(
          r.id,
          { status: 'issued', attempts: r.attempts },
          { status: 'used', usedAt: order.placedAt, usedOrderId: order.id },
        ))
      )
        continue;
      r = { ...r, status: 'used', usedAt: order.placedAt, usedOrderId: order.id };
      await addRewardTimeline(repos, r, 'reward_used', order.placedAt, { orderId: order.id, orderName: order.name });
    }
    if (r.status !== 'used' || r.usedOrderId !== order.id || !isVoid(order)) continue;
    if (await repos.loyalty.redemptions.transition(r.id, { status: 'used', attempts: r.attempts }, { status: 'returned', closedAt: now })) {
      await returnPoints(repos, r, `Order ${order.name ?? order.id} that used code ${r.code} was cancelled, points returned.`, null, now);
    }
  }
}
