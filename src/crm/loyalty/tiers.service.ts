import type { Repos } from '../store.port.ts';
import { addDays, addMonths, before, startOfYear, yearOf } from './calendar.ts';
import { ensureMember, post } from './ledger.service.ts';
import type { Member, Tier } from './loyalty.port.ts';
import type { Program } from './program.settings.ts';
import { currentWindow, DEFAULT_TIER_RULES, measure, previousYear, type Measure } from './tier-metric.ts';

// VIP tiers. A member's tier multiplies the points of orders first awarded while they hold it.
// Promotion is immediate; demotion waits for the end of the qualifying period plus the grace
// days (reviewTier, run by the loyalty scheduler). The rules are in README.md.

type TierRef = { id: string; name: string };
type TierChange = { from: TierRef | null; to: TierRef | null; why: string };

export async function tierMultiplier(repos: Repos, accountId: string, customerId: string): Promise<number> {
  const member = await repos.loyalty.members.get(customerId);
  if (!member?.tierId) return 1;
  const tier = await repos.loyalty.tiers.get(accountId, member.tierId);
  return tier && !tier.deletedAt ? tier.multiplier : 1;
}

/** The highest live tier whose threshold `value` reaches. */
function tierFor(tiers: Tier[], value: number): Tier | null {
  return tiers
    .filter((t) => !t.deletedAt && t.threshold <= value)
    .reduce<Tier | null>((best, t) => (!best || t.threshold > best.threshold ? t : best), null);
}

/**
 * Promotes the member at once if their metric reaches a higher tier, and moves a member whose
 * tier was deleted to the tier their metric earns now. Never demotes a member from a live tier.
 * Call it after anything that changes the metric.
 */
export async function evaluateTier(repos: Repos, accountId: string, customerId: string, now: string): Promise<TierChange | null> {
  // Runs after every order: the common no-tiers case costs two indexed reads.
  const tiers = await repos.loyalty.tiers.list(accountId);
  const member = await repos.loyalty.members.get(customerId);
  if (!tiers.length && !member?.tierId) return null;
  const program = await repos.loyalty.programs.current(accountId);
  const held = member?.tierId ? ((await repos.loyalty.tiers.get(accountId, member.tierId)) ?? null) : null;
  const heldLive = held && !held.deletedAt ? held : null;
  if (!program?.settings.enabled && !(member?.tierId && !heldLive)) return null;
  const rules = program?.settings.tiers ?? DEFAULT_TIER_RULES;
  const metric = await measure(repos, accountId, customerId, rules, currentWindow(rules, now));
  const target = tierFor(tiers, metric.value);
  if (heldLive) {
    if (!target || target.threshold <= heldLive.threshold) return null;
    return changeTier(
      repos,
      accountId,
      program,
      customerId,
      held,
      target,
      `${metric.text} reaches ${target.name} (${target.threshold}).`,
      now,
    );
  }
  if (member?.tierId) {
    const why = `${held?.name ?? 'The previous tier'} was removed; ${metric.text} ${target ? `qualifies for ${target.name}` : 'qualifies for no tier'}.`;
    return changeTier(repos, accountId, program, customerId, held, target, why, now);
  }
  if (!target) return null;
  return changeTier(
    repos,
    accountId,
    program,
    customerId,
    null,
    target,
    `${metric.text} reaches ${target.name} (${target.threshold}).`,
    now,
  );
}

/**
 * The end-of-period review (loyalty scheduler): a member who no longer qualifies moves down to
 * the tier their metric earns, once the period has ended and the grace days have passed.
 */
export async function reviewTier(repos: Repos, program: Program, member: Member, now: string): Promise<TierChange | null> {
  const rules = program.settings.tiers;
  if (!member.tierId || rules.period === 'lifetime') return null;
  const held = await repos.loyalty.tiers.get(program.accountId, member.tierId);
  if (!held || held.deletedAt) return evaluateTier(repos, program.accountId, member.customerId, now);
  const since = member.tierSince ?? member.joinedAt;
  const current = await measure(repos, program.accountId, member.customerId, rules, currentWindow(rules, now));
  let judged: Measure = current;
  if (rules.period === 'rolling_12_months') {
    if (before(now, addDays(addMonths(since, 12), rules.graceDays))) return null;
  } else {
    const yearStart = startOfYear(yearOf(now));
    // Judged on the year that ended; a tier won this year is not reviewed until next January.
    if (!before(since, yearStart) || before(now, addDays(yearStart, rules.graceDays))) return null;
    const last = await measure(repos, program.accountId, member.customerId, rules, previousYear(now));
    // Already qualifying again this year: keep the tier rather than demote and re-promote.
    judged = last.value >= current.value ? last : current;
  }
  if (judged.value >= held.threshold) return null;
  const target = tierFor(await repos.loyalty.tiers.list(program.accountId), judged.value);
  const grace = rules.graceDays ? ` and ${rules.graceDays} grace days` : '';
  const why = `${judged.text} is below ${held.name}'s ${held.threshold}; reviewed after the qualifying period${grace}.`;
  return changeTier(repos, program.accountId, program, member.customerId, held, target, why, now);
}

async function changeTier(
  repos: Repos,
  accountId: string,
  program: Program | undefined,
  customerId: string,
  from: Tier | null,
  to: Tier | null,
  why: string,
  now: string,
): Promise<TierChange> {
  await ensureMember(repos, accountId, customerId, now);
  await repos.loyalty.members.update(customerId, { tierId: to?.id ?? null, tierSince: to ? now : null });
  if (to && to.entryPoints > 0 && to.threshold > (from?.threshold ?? -1) && program && !(await hadBonus(repos, customerId, to.id))) {
    // Once per customer per tier, ever (the dedupe key): demotion and re-promotion cannot farm it.
    // Posted with post(), never awardAction/adjustPoints, so it cannot re-enter evaluateTier; and
    // tier bonuses do not count towards qualifying (ledger.earnedBetween), so it cannot cascade.
    await post(
      repos,
      {
        accountId,
        customerId,
        reason: 'tier_bonus',
        pendingDelta: 0,
        availableDelta: to.entryPoints,
        sourceType: 'tier',
        sourceId: to.id,
        programVersion: program.version,
        note: `Welcome to ${to.name}.`,
        dedupeKey: `tier_bonus:${customerId}:${to.id}`,
        occurredAt: now,
      },
      program.settings,
      now,
    );
  }
  const change: TierChange = { from: from && { id: from.id, name: from.name }, to: to && { id: to.id, name: to.name }, why };
  await repos.timeline.add({
    accountId,
    customerId,
    kind: 'tier_changed',
    occurredAt: now,
    subjectType: 'tier',
    subjectId: to?.id ?? from?.id ?? null,
    data: change,
    dedupeKey: `tier_changed:${customerId}:${from?.id ?? 'none'}:${to?.id ?? 'none'}:${now}`,
  });
  return change;
}

/** A bonus a merged-in profile earned counts as this person's: its key names the other profile. */
async function hadBonus(repos: Repos, customerId: string, tierId: string): Promise<boolean> {
  return (await repos.loyalty.ledger.byReason(customerId, 'tier_bonus')).some((e) => e.sourceId === tierId);
}

export type TierProgress = {
  metric: 'points_earned' | 'amount_spent';
  current: number;
  nextTier: { id: string; name: string; threshold: number } | null;
  remaining: number;
};

/** Where a member stands: the metric so far this period and what the next tier up needs. */
export async function tierProgress(
  repos: Repos,
  accountId: string,
  customerId: string,
  tierId: string | null,
  now: string,
): Promise<TierProgress> {
  const rules = (await repos.loyalty.programs.current(accountId))?.settings.tiers ?? DEFAULT_TIER_RULES;
  const tiers = await repos.loyalty.tiers.list(accountId);
  const current = (await measure(repos, accountId, customerId, rules, currentWindow(rules, now))).value;
  const held = tiers.find((t) => t.id === tierId);
  const next = tiers.find((t) => t.threshold > (held?.threshold ?? -1)) ?? null;
  return {
    metric: rules.basis,
    current,
    nextTier: next && { id: next.id, name: next.name, threshold: next.threshold },
    remaining: next ? Math.max(0, next.threshold - current) : 0,
  };
}
