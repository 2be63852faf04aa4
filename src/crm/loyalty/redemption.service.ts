import { newId } from '../../lib/ids.ts';
import type { ConnectionRecord, CrmStore, Repos } from '../store.port.ts';
import type { DiscountCodeIssuer, DiscountCodeRequest, DiscountCodeResult } from './discounts.port.ts';
import {
  addRewardTimeline,
  codeFor,
  debit,
  discountRequest,
  pickTarget,
  returnPoints,
  snapshotOf,
  targetIn,
} from './redemption.support.ts';
import type { Redemption } from './rewards.port.ts';

// Redeeming a reward for a real single-use code. Two short transactions around one network call
// (better-sqlite3 transactions are synchronous, so nothing awaits the network inside one):
//   1. check, insert the redemption as `pending` and debit the points;
//   2. ask the store for the code (outside any transaction);
//   3. mark it `issued`, or `failed` with the points returned.
// The code is derived from the redemption id, and the issuers adopt a code an earlier attempt
// created, so a retry after a lost answer, or a resumed crash, still ends with one code.

export type IssuerFor = (connection: ConnectionRecord) => Promise<DiscountCodeIssuer | null>;
export type RedemptionDeps = { store: CrmStore; issuerFor: IssuerFor };

type RefusalCode = 'inactive' | 'program_off' | 'tier' | 'limit' | 'no_store' | 'currency' | 'key_reused';
type RedeemOutcome =
  | { outcome: 'redeemed'; redemption: Redemption; replayed: boolean }
  | { outcome: 'failed'; redemption: Redemption; retryable: boolean; reason: string }
  | { outcome: 'insufficient_points'; available: number; cost: number }
  | { outcome: 'not_allowed'; code: RefusalCode; reason: string }
  | { outcome: 'not_found'; reason: string };

type RedeemInput = {
  accountId: string;
  customerId: string;
  rewardId: string;
  idempotencyKey: string;
  connectionId?: string;
  actor: string | null;
};

type Prepared = { redemption: Redemption; request: DiscountCodeRequest | null; connection: ConnectionRecord | null; reason: string | null };
type Begin = { done: RedeemOutcome } | { prepared: Prepared };

const refuse = (code: RefusalCode, reason: string): Begin => ({ done: { outcome: 'not_allowed', code, reason } });

export async function redeem(deps: RedemptionDeps, input: RedeemInput, now = new Date().toISOString()): Promise<RedeemOutcome> {
  const begun = await deps.store.transaction((repos) => reserveRedemption(repos, input, now));
  if ('done' in begun) return begun.done;
  return issue(deps, begun.prepared, input.actor, now);
}

/**
 * Step 1 alone: checks, the `pending` row and the debit. Exported for tests, which stop here to
 * play a crash before the store is asked; `resumePendingRedemptions` must then finish the job.
 */
export async function reserveRedemption(repos: Repos, input: RedeemInput, now: string): Promise<Begin> {
  const { accountId, customerId } = input;
  const reward = await repos.loyalty.rewards.get(accountId, input.rewardId);
  const customer = await repos.customers.get(accountId, customerId);
  if (!reward || reward.deletedAt || !customer)
    return { done: { outcome: 'not_found', reason: reward ? 'No such customer.' : 'No such reward.' } };
  const existing = await repos.loyalty.redemptions.byKey(customerId, input.idempotencyKey);
  if (existing && existing.rewardId !== reward.id)
    return refuse('key_reused', 'This idempotency key was already used to redeem another reward.');
  if (existing?.status === 'pending') return { prepared: await prepare(repos, existing, now) };
  if (existing && existing.status !== 'failed') return { done: { outcome: 'redeemed', redemption: existing, replayed: true } };

  const program = await repos.loyalty.programs.current(accountId);
  if (!program?.settings.enabled) return refuse('program_off', 'The loyalty program is switched off.');
  if (!reward.active) return refuse('inactive', `The reward "${reward.name}" is not available at the moment.`);
  if (reward.tierIds.length) {
    const member = await repos.loyalty.members.get(customerId);
    if (!member?.tierId || !reward.tierIds.includes(member.tierId)) {
      const names = (await Promise.all(reward.tierIds.map((id) => repos.loyalty.tiers.get(accountId, id)))).flatMap((t) =>
        t ? [t.name] : [],
      );
      return refuse('tier', `The reward "${reward.name}" is only for members of ${names.join(' or ') || 'certain tiers'}.`);
    }
  }
  if (
    reward.limitPerCustomer !== null &&
    (await repos.loyalty.redemptions.countTowardsLimit(customerId, reward.id)) >= reward.limitPerCustomer
  ) {
    return refuse(
      'limit',
      `The reward "${reward.name}" can be redeemed ${reward.limitPerCustomer} time(s) per customer, and this shopper has reached that.`,
    );
  }
  const target = await pickTarget(repos, customer, input.connectionId);
  if (!target.ok) return refuse('no_store', target.reason);
  if (reward.kind === 'fixed_amount' && reward.currency !== target.connection.currency) {
    return refuse('currency', `The reward is in ${reward.currency}, but ${target.connection.name} sells in ${target.connection.currency}.`);
  }
  // Refused, never clamped: a redemption the balance cannot cover must not happen at all.
  const { available } = await repos.loyalty.ledger.balance(customerId);
  if (available < reward.pointsCost) return { done: { outcome: 'insufficient_points', available, cost: reward.pointsCost } };

  const attempt = {
    connectionId: target.connection.id,
    points: reward.pointsCost,
    status: 'pending' as const,
    failureReason: null,
    externalId: null,
    reward: snapshotOf(reward),
    issuedAt: null,
    expiresAt: null,
    closedAt: null,
  };
  let redemption: Redemption;
  if (existing) {
    // A failed attempt returned its points; the retry is a new attempt with a fresh debit.
    redemption = { ...existing, ...attempt, attempts: existing.attempts + 1 };
    await repos.loyalty.redemptions.transition(
      existing.id,
      { status: 'failed', attempts: existing.attempts },
      { ...attempt, attempts: redemption.attempts },
    );
  } else {
    let id = newId('red');
    while (await repos.loyalty.redemptions.byCode(accountId, codeFor(id))) id = newId('red');
    redemption = {
      id,
      accountId,
      customerId,
      rewardId: reward.id,
      idempotencyKey: input.idempotencyKey,
      code: codeFor(id),
      attempts: 1,
      createdAt: now,
      usedAt: null,
      usedOrderId: null,
      ...attempt,
    };
    await repos.loyalty.redemptions.insert(redemption);
  }
  await debit(repos, redemption, input.actor, now);
  return { prepared: { redemption, ...requestFor(await targetIn(repos, customer, target.connection), redemption, now) } };
}

function requestFor(target: Awaited<ReturnType<typeof targetIn>>, r: Redemption, now: string) {
  return target.ok
    ? { request: discountRequest(r, target, now), connection: target.connection, reason: null }
    : { request: null, connection: null, reason: target.reason };
}

/** What to send for a redemption still pending (same key again, or a resumed crash). */
async function prepare(repos: Repos, r: Redemption, now: string): Promise<Prepared> {
  const customer = await repos.customers.get(r.accountId, r.customerId);
  const connection = await repos.connections.get(r.connectionId);
  if (!customer || !connection)
    return { redemption: r, request: null, connection: null, reason: 'The shopper or the store connection no longer exists.' };
  return { redemption: r, ...requestFor(await targetIn(repos, customer, connection), r, now) };
}

async function issue(deps: RedemptionDeps, p: Prepared, actor: string | null, now: string): Promise<RedeemOutcome> {
  let result: DiscountCodeResult;
  if (!p.request || !p.connection) {
    result = { ok: false, retryable: false, reason: p.reason ?? 'The code cannot be issued.' };
  } else {
    const issuer = await deps.issuerFor(p.connection);
    result = issuer
      ? await issuer
          .create(p.request)
          .catch((): DiscountCodeResult => ({ ok: false, retryable: true, reason: 'Unexpected error while creating the code; try again.' }))
      : { ok: false, retryable: false, reason: `Rapport has no API access to ${p.connection.name}; reconnect the store.` };
  }
  const r = await deps.store.transaction((repos) => finish(repos, p.redemption, result, p.request?.expiresAt ?? null, actor, now));
  if (r.status === 'failed')
    return { outcome: 'failed', redemption: r, retryable: !result.ok && result.retryable, reason: r.failureReason ?? '' };
  return { outcome: 'redeemed', redemption: r, replayed: false };
}

async function finish(
  repos: Repos,
  r: Redemption,
  result: DiscountCodeResult,
  expiresAt: string | null,
  actor: string | null,
  now: string,
): Promise<Redemption> {
  const from = { status: 'pending' as const, attempts: r.attempts };
  if (result.ok) {
    if (
      await repos.loyalty.redemptions.transition(r.id, from, { status: 'issued', externalId: result.externalId, issuedAt: now, expiresAt })
    ) {
      await addRewardTimeline(repos, r, 'reward_redeemed', now, { expiresAt });
    }
  } else if (await repos.loyalty.redemptions.transition(r.id, from, { status: 'failed', failureReason: result.reason, closedAt: now })) {
    await returnPoints(repos, r, `Code not issued, points returned: ${result.reason}`, actor, now);
  }
  // Whoever finished this attempt first (a concurrent retry, the resume job) decided its state.
  return (await repos.loyalty.redemptions.get(r.accountId, r.id))!;
}

const STALE_MS = 60_000;

/** Redemptions left `pending` for over a minute (a crash between debit and confirmation) are finished. */
export async function resumePendingRedemptions(
  deps: RedemptionDeps,
  now = new Date().toISOString(),
  limit = 50,
): Promise<{ issued: number; failed: number }> {
  const before = new Date(Date.parse(now) - STALE_MS).toISOString();
  const stale = await deps.store.transaction((repos) => repos.loyalty.redemptions.stalePending(before, limit));
  const counts = { issued: 0, failed: 0 };
  for (const r of stale) {
    const prepared = await deps.store.transaction((repos) => prepare(repos, r, now));
    const outcome = await issue(deps, prepared, 'system:resume', now);
    counts[outcome.outcome === 'redeemed' ? 'issued' : 'failed'] += 1;
  }
  return counts;
}
