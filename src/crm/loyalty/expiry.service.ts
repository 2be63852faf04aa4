import type { Repos } from '../store.port.ts';
import { addDays, addMonths, before, dayOf, startOfDay } from './calendar.ts';
import { post } from './ledger.service.ts';
import type { AvailableFlows, Member } from './loyalty.port.ts';
import type { Program } from './program.settings.ts';

// Points expiry and the reminders before it. Only available points expire, never pending ones.
// Points expire at the end of a UTC day (the instant returned by `expiresAt`), and one expiry
// row per member per day at most: the dedupe key is the customer and the cutoff date.

type ExpiryResult = { expired: number; reminded: number };

/** The end of the UTC day `months` months after `from`. */
export function expiresAt(from: string, months: number): string {
  return addDays(startOfDay(addMonths(from, months)), 1);
}

/**
 * Per entry, first in first out: at `cutoff`, what has expired is the credits that expire by
 * then, less every reduction so far (spending, reversals, earlier expiries), never below zero.
 */
export function dueByCutoff(flows: AvailableFlows, months: number, cutoff: string): number {
  const credited = flows.credits.filter((c) => !before(cutoff, expiresAt(c.occurredAt, months))).reduce((s, c) => s + c.points, 0);
  return Math.max(0, credited - flows.debited);
}

/** When the oldest points not yet spent or expired will expire, or null if none are left. */
export function nextExpiry(flows: AvailableFlows, months: number): string | null {
  let cumulative = 0;
  for (const c of flows.credits) {
    cumulative += c.points;
    if (cumulative > flows.debited) return expiresAt(c.occurredAt, months);
  }
  return null;
}

export async function expireMemberPoints(repos: Repos, program: Program, member: Member, now: string): Promise<ExpiryResult> {
  const { expiry } = program.settings;
  if (expiry.mode === 'none') return { expired: 0, reminded: 0 };
  return expiry.mode === 'inactivity' ? inactivity(repos, program, member, now) : perEntry(repos, program, member, now);
}

async function inactivity(repos: Repos, program: Program, member: Member, now: string): Promise<ExpiryResult> {
  const { available } = await repos.loyalty.ledger.balance(member.customerId);
  if (available <= 0) return { expired: 0, reminded: 0 };
  const at = expiresAt(member.lastActivityAt ?? member.joinedAt, program.settings.expiry.months);
  if (before(now, at)) return { expired: 0, reminded: await remind(repos, program, member, at, available, now) };
  // The expiry row does not count as activity (ledger.service), so the member stays expired until they earn or spend.
  const posted = await expire(repos, program, member, available, at, now, 'No points earned or spent');
  return { expired: posted, reminded: 0 };
}

async function perEntry(repos: Repos, program: Program, member: Member, now: string): Promise<ExpiryResult> {
  const { months } = program.settings.expiry;
  const flows = await repos.loyalty.ledger.availableFlows(member.customerId);
  const cutoff = startOfDay(now);
  const due = dueByCutoff(flows, months, cutoff);
  const expired = due > 0 ? await expire(repos, program, member, due, cutoff, now, 'Points earned') : 0;
  const after = { ...flows, debited: flows.debited + expired };
  const next = nextExpiry(after, months);
  const reminded = next ? await remind(repos, program, member, next, dueByCutoff(after, months, next), now) : 0;
  return { expired, reminded };
}

async function expire(
  repos: Repos,
  program: Program,
  member: Member,
  points: number,
  cutoff: string,
  now: string,
  cause: string,
): Promise<number> {
  const { months } = program.settings.expiry;
  const r = await post(
    repos,
    {
      accountId: member.accountId,
      customerId: member.customerId,
      reason: 'expiry',
      state: 'expired',
      pendingDelta: 0,
      availableDelta: -points,
      sourceType: 'expiry',
      sourceId: dayOf(cutoff),
      programVersion: program.version,
      note: `${cause} more than ${months} months ago: ${points} points expired.`,
      dedupeKey: `expiry:${member.customerId}:${dayOf(cutoff)}`,
      occurredAt: before(now, cutoff) ? now : cutoff,
    },
    program.settings,
    now,
  );
  return r.posted ? -r.entry.availableDelta : 0;
}

/**
 * One `points_expiring` timeline event per reminder day before an expiry. Only the most urgent
 * reminder due is sent: a member first seen 5 days before expiry gets the 7-day one, not both.
 */
async function remind(repos: Repos, program: Program, member: Member, at: string, points: number, now: string): Promise<number> {
  if (points <= 0) return 0;
  const due = program.settings.expiry.reminderDays.filter((d) => !before(now, addDays(at, -d)));
  if (!due.length) return 0;
  const daysBefore = Math.min(...due);
  const added = await repos.timeline.add({
    accountId: member.accountId,
    customerId: member.customerId,
    kind: 'points_expiring',
    occurredAt: now,
    subjectType: 'points',
    subjectId: null,
    data: { points, expiresAt: at, daysBefore },
    dedupeKey: `points_expiring:${member.customerId}:${dayOf(at)}:${daysBefore}`,
  });
  return added ? 1 : 0;
}
