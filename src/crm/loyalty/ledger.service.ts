import { randomInt } from 'node:crypto';
import type { Repos } from '../store.port.ts';
import type { LedgerReason, LedgerState, Member, NewLedgerEntry, SourceTotals } from './loyalty.port.ts';
import type { ProgramSettings } from './program.settings.ts';

// Posting to the points ledger. Every movement is a new row; the balance is the sum of rows.

type Posting = {
  accountId: string;
  customerId: string;
  reason: LedgerReason;
  state?: LedgerState;
  pendingDelta: number;
  availableDelta: number;
  sourceType: string | null;
  sourceId: string | null;
  programVersion: number | null;
  note?: string | null;
  actor?: string | null;
  dedupeKey: string;
  occurredAt: string;
};

export type PostResult = { posted: boolean; entry: NewLedgerEntry };

// No 0/O or 1/I/L: codes are read aloud and typed on phones.
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export async function ensureMember(repos: Repos, accountId: string, customerId: string, now: string): Promise<Member> {
  const existing = await repos.loyalty.members.get(customerId);
  if (existing) return existing;
  for (let attempt = 0; ; attempt++) {
    const code = Array.from({ length: attempt < 5 ? 7 : 10 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
    if (await repos.loyalty.members.byReferralCode(accountId, code)) continue;
    const member: Member = {
      customerId,
      accountId,
      referralCode: code,
      tierId: null,
      tierSince: null,
      birthday: null,
      birthdaySetByShopperAt: null,
      lastActivityAt: null,
      joinedAt: now,
    };
    await repos.loyalty.members.insert(member);
    return member;
  }
}

function stateOf(p: Posting): LedgerState {
  if (p.state) return p.state;
  if (p.availableDelta > 0) return 'available';
  if (p.pendingDelta > 0 && p.availableDelta === 0) return 'pending';
  return 'reversed';
}

/**
 * Appends one movement, idempotent on its dedupe key. A reduction of the available balance below
 * zero follows the program's setting: "allow" posts it (a debt later earnings repay), "clamp"
 * posts what the balance covers and records the rest as forgiven, with a note saying so.
 */
export async function post(repos: Repos, p: Posting, settings: ProgramSettings | null, now: string): Promise<PostResult> {
  let { availableDelta } = p;
  let forgiven = 0;
  let note = p.note ?? null;
  if (availableDelta < 0 && (settings?.negativeBalance ?? 'clamp') === 'clamp') {
    const { available } = await repos.loyalty.ledger.balance(p.customerId);
    const covered = Math.min(-availableDelta, Math.max(0, available));
    forgiven = -availableDelta - covered;
    availableDelta = -covered;
    if (forgiven > 0) {
      note = [note, `${forgiven} points could not be taken back: the balance may not go below zero.`].filter(Boolean).join(' ');
    }
  }
  const entry: NewLedgerEntry = {
    accountId: p.accountId,
    customerId: p.customerId,
    reason: p.reason,
    state: stateOf(p),
    points: availableDelta !== 0 ? availableDelta : p.pendingDelta,
    pendingDelta: p.pendingDelta,
    availableDelta,
    forgiven,
    sourceType: p.sourceType,
    sourceId: p.sourceId,
    programVersion: p.programVersion,
    note,
    actor: p.actor ?? null,
    dedupeKey: p.dedupeKey,
    occurredAt: p.occurredAt,
    createdAt: now,
  };
  if (entry.pendingDelta === 0 && entry.availableDelta === 0 && entry.forgiven === 0) return { posted: false, entry };
  const member = await ensureMember(repos, p.accountId, p.customerId, now);
  const posted = await repos.loyalty.ledger.append(entry);
  if (!posted) return { posted, entry };
  // Inactivity is counted in months: one write a day per member is precise enough.
  if (p.reason !== 'expiry' && member.lastActivityAt?.slice(0, 10) !== now.slice(0, 10)) {
    await repos.loyalty.members.update(p.customerId, { lastActivityAt: now });
  }
  // The profile timeline shows every points movement beside the orders that caused it.
  await repos.timeline.add({
    accountId: p.accountId,
    customerId: p.customerId,
    kind: 'points',
    occurredAt: p.occurredAt,
    subjectType: p.sourceType,
    subjectId: p.sourceId,
    data: {
      reason: entry.reason,
      state: entry.state,
      points: entry.points,
      pendingDelta: entry.pendingDelta,
      availableDelta: entry.availableDelta,
      forgiven,
      note,
    },
    dedupeKey: `points:${p.dedupeKey}`,
  });
  return { posted, entry };
}

/**
 * Moves what the ledger holds for one source (an order's points, its first-order bonus) to a
 * target, appending only the difference. Calling it again with the same target appends nothing,
 * which is what makes duplicate, replayed and reordered webhooks harmless.
 */
export async function converge(
  repos: Repos,
  p: Omit<Posting, 'pendingDelta' | 'availableDelta' | 'dedupeKey'> & { sourceType: string; sourceId: string },
  target: { pending: number; available: number },
  settings: ProgramSettings | null,
  now: string,
  /** What the ledger holds for the source, when the caller has just read it. */
  known?: SourceTotals,
): Promise<PostResult | null> {
  const held = known ?? (await repos.loyalty.ledger.sourceTotals(p.accountId, p.customerId, p.sourceType, p.sourceId));
  const pendingDelta = target.pending - held.pending;
  const availableDelta = target.available - (held.available - held.forgiven);
  if (pendingDelta === 0 && availableDelta === 0) return null;
  const dedupeKey = `${p.sourceType}:${p.sourceId}:${p.customerId}:${held.entries + 1}`;
  return post(repos, { ...p, pendingDelta, availableDelta, dedupeKey }, settings, now);
}
