import type { Repos } from '../store.port.ts';
import { post, type PostResult } from './ledger.service.ts';
import type { LedgerReason } from './loyalty.port.ts';
import { reconcileOrderPoints } from './order-awards.service.ts';
import { evaluateTier } from './tiers.service.ts';

// Points for things shoppers do besides buying, and the merchant's manual adjustments. Each is
// keyed by what makes it once-only (one signup per person, one birthday a year, one per review).

type ActionKind = 'signup' | 'birthday' | 'newsletter' | 'review';

type ActionOutcome =
  { outcome: 'awarded'; points: number; entryKey: string } | { outcome: 'already_awarded' | 'not_earning'; reason: string };

function onceKey(action: ActionKind, customerId: string, reference: string | null, now: string, period: string | null): string {
  switch (action) {
    case 'signup':
    case 'newsletter':
      return `${action}:${customerId}`;
    case 'birthday':
      // The shop's year (its own calendar), else the UTC year of `now`.
      return `birthday:${customerId}:${period ?? now.slice(0, 4)}`;
    case 'review':
      return `review:${reference}`;
  }
}

/** A shopper who opened an account after the program started earns the signup points once. */
export async function awardSignup(
  repos: Repos,
  accountId: string,
  customerId: string,
  accountCreatedAt: string | null,
  now: string,
): Promise<void> {
  const program = await repos.loyalty.programs.current(accountId);
  if (!program?.settings.actions.signup) return;
  if (Date.parse(accountCreatedAt ?? now) < Date.parse(program.settings.earnOrdersPlacedFrom)) return;
  await awardAction(repos, accountId, customerId, 'signup', null, now);
}

export async function awardAction(
  repos: Repos,
  accountId: string,
  customerId: string,
  action: ActionKind,
  reference: string | null,
  now: string,
  actor: string | null = null,
  period: string | null = null,
): Promise<ActionOutcome> {
  const program = await repos.loyalty.programs.current(accountId);
  if (!program?.settings.enabled) return { outcome: 'not_earning', reason: 'The loyalty program is not switched on.' };
  const points = program.settings.actions[action];
  if (points <= 0) return { outcome: 'not_earning', reason: `The program awards no points for ${action}.` };
  if (action === 'review' && !reference) return { outcome: 'not_earning', reason: 'A review needs its id as the reference.' };
  const dedupeKey = onceKey(action, customerId, reference, now, period);
  const result = await post(
    repos,
    {
      accountId,
      customerId,
      reason: action,
      pendingDelta: 0,
      availableDelta: points,
      sourceType: action,
      sourceId: reference,
      programVersion: program.version,
      actor,
      dedupeKey,
      occurredAt: now,
    },
    program.settings,
    now,
  );
  if (result.posted) await evaluateTier(repos, accountId, customerId, now);
  return result.posted
    ? { outcome: 'awarded', points, entryKey: dedupeKey }
    : { outcome: 'already_awarded', reason: `Already awarded (${dedupeKey}).` };
}

type AdjustOutcome =
  { outcome: 'adjusted' | 'already_applied'; result: PostResult } | { outcome: 'insufficient_points'; available: number };

/** A staff member's manual award or deduction, with the reason they gave. Idempotent on `key`. */
export async function adjustPoints(
  repos: Repos,
  accountId: string,
  customerId: string,
  points: number,
  note: string,
  actor: string,
  key: string,
  now: string,
): Promise<AdjustOutcome> {
  const program = await repos.loyalty.programs.current(accountId);
  if (points < 0 && (program?.settings.negativeBalance ?? 'clamp') === 'clamp') {
    const { available } = await repos.loyalty.ledger.balance(customerId);
    // A deduction the balance cannot cover is refused, not silently shortened.
    if (available + points < 0 && !(await hasKey(repos, customerId, key))) return { outcome: 'insufficient_points', available };
  }
  const result = await post(
    repos,
    {
      accountId,
      customerId,
      reason: 'manual',
      state: 'available',
      pendingDelta: 0,
      availableDelta: points,
      sourceType: 'staff',
      sourceId: actor,
      programVersion: program?.version ?? null,
      note,
      actor,
      dedupeKey: `manual:${key}`,
      occurredAt: now,
    },
    program?.settings ?? null,
    now,
  );
  if (result.posted) await evaluateTier(repos, accountId, customerId, now);
  return { outcome: result.posted ? 'adjusted' : 'already_applied', result };
}

async function hasKey(repos: Repos, customerId: string, key: string): Promise<boolean> {
  return (await repos.loyalty.ledger.byReason(customerId, 'manual')).some((e) => e.dedupeKey === `manual:${key}`);
}

// Awards a person earns once: signup and newsletter points, and each tier's entry bonus (once per tier).
const ONCE_PER_PERSON: LedgerReason[] = ['signup', 'newsletter', 'tier_bonus'];

/**
 * Two profiles that turn out to be one person may both hold a once-per-person award, and two
 * "first" orders. Extra awards are reversed (explained on the ledger) and every order is
 * re-checked, so the first-order bonus stays on the earliest order only.
 */
export async function settleMergedLoyalty(repos: Repos, accountId: string, customerId: string, now: string): Promise<void> {
  for (const reason of ONCE_PER_PERSON) {
    const entries = (await repos.loyalty.ledger.byReason(customerId, reason)).filter((e) => e.availableDelta > 0);
    const kept = new Set<string>();
    const extras = entries.filter((e) => {
      const once = reason === 'tier_bonus' ? (e.sourceId ?? '') : '';
      if (kept.has(once)) return true;
      kept.add(once);
      return false;
    });
    for (const extra of extras) {
      await post(
        repos,
        {
          accountId,
          customerId,
          reason: 'merge_duplicate',
          pendingDelta: 0,
          availableDelta: -extra.availableDelta,
          sourceType: 'ledger',
          sourceId: String(extra.id),
          programVersion: extra.programVersion,
          note: `Profiles merged: ${reason} points were awarded twice.`,
          dedupeKey: `merge_duplicate:${extra.id}`,
          occurredAt: now,
        },
        (await repos.loyalty.programs.current(accountId))?.settings ?? null,
        now,
      );
    }
  }
  for (const orderId of await repos.orders.idsOfCustomer(customerId)) await reconcileOrderPoints(repos, accountId, orderId, now);
}
