import type { OrderRecord, Repos } from '../store.port.ts';
import { isCountedOrder } from '../orders/counted-order.ts';
import { normaliseEmail } from '../../lib/identity.ts';
import { converge } from './ledger.service.ts';
import type { OrderAward } from './loyalty.port.ts';
import { blocks, canonicalEmail, contactBlock } from './referral-rules.ts';
import type { Referral, ReferralBlock } from './referrals.port.ts';

// Completing referrals. After every change to an order, the referral of its customer (if any) is
// re-derived from facts: which order is the friend's first since the referral, whether the rules
// still pass, and what that order's award says. `converge()` then appends only the difference,
// so duplicate, replayed and reordered webhooks end with the same points.

const FRIEND_SOURCE = 'referral_friend';
const ADVOCATE_SOURCE = 'referral_advocate';
const OPEN = ['pending', 'completed', 'approved'] as const;
// Clocks of the store and of Rapport differ a little; an order placed just before the referral
// was recorded (the widget posts it while the friend checks out) still counts as after it.
const CLOCK_GRACE_MS = 5 * 60_000;

/** Called once at the end of reconcileOrderPoints: settles referrals whose friend placed this order. */
export async function settleOrderReferrals(repos: Repos, accountId: string, order: OrderRecord, now: string): Promise<void> {
  if (!order.customerId) return;
  const friend = await repos.customers.get(accountId, order.customerId);
  if (!friend) return;
  const referrals = await repos.loyalty.referrals.forFriend(
    accountId,
    {
      customerId: friend.id,
      email: canonicalEmail(friend.email ?? friend.emailKey),
      phone: friend.phone,
    },
    OPEN,
  );
  // One friend, one reward: the earliest referral wins, later ones (other advocates) are blocked.
  for (const [i, referral] of referrals.entries()) {
    if (i === 0) await settleReferral(repos, referral, friend.id, now);
    else await payRewards(repos, await setStatus(repos, referral, 'blocked', blocks.alreadyReferred()), null, now);
  }
}

/** Links the friend and their first order, applies the rules, and converges both rewards. */
export async function settleReferral(repos: Repos, referral: Referral, friendId: string | null, now: string): Promise<Referral> {
  let r = referral;
  const friend = friendId ?? r.friendId ?? (await findFriend(repos, r));
  if (friend && friend !== r.friendId) r = await patch(repos, r, { friendId: friend });
  const payable = r.status === 'pending' || r.status === 'completed' || r.status === 'approved';
  if (!friend || !payable) return payRewards(repos, r, null, now);

  const { first, earlier } = await ordersSince(repos, r, friend);
  if (first && first.id !== r.orderId) r = await patch(repos, r, { orderId: first.id });
  if (r.status !== 'approved') {
    const block = await ruleBroken(repos, r, friend, first, earlier);
    if (block) return payRewards(repos, await setStatus(repos, r, 'blocked', block), null, now);
    if (first && r.status === 'pending') r = await setStatus(repos, r, 'completed', null);
  }
  if (first) await addTimeline(repos, r, friend, first);
  return payRewards(repos, r, first ?? null, now);
}

async function findFriend(repos: Repos, r: Referral): Promise<string | null> {
  const byEmail = r.friendEmail ? await repos.customers.findByEmailKey(r.accountId, normaliseEmail(r.friendEmail) ?? '') : undefined;
  const byPhone = !byEmail && r.friendPhone ? await repos.customers.findByPhone(r.accountId, r.friendPhone) : undefined;
  return (byEmail ?? byPhone)?.id ?? null;
}

/** The friend's first order placed since the referral (cancelled ones included: they void it), and counted orders before it. */
async function ordersSince(repos: Repos, r: Referral, friendId: string): Promise<{ first: OrderRecord | undefined; earlier: number }> {
  const since = Date.parse(r.createdAt) - CLOCK_GRACE_MS;
  let earlier = 0;
  for (const id of await repos.orders.idsOfCustomer(friendId)) {
    const order = await repos.orders.byId(r.accountId, id);
    if (!order || order.test || order.deletedAt) continue;
    if (Date.parse(order.placedAt) >= since) return { first: order, earlier };
    if (isCountedOrder(order) && order.status !== 'cancelled') earlier++;
  }
  return { first: undefined, earlier };
}

async function ruleBroken(
  repos: Repos,
  r: Referral,
  friendId: string,
  first: OrderRecord | undefined,
  earlier: number,
): Promise<ReferralBlock | null> {
  if (friendId === r.advocateId) return blocks.sameProfile();
  const [advocate, friend] = [await repos.customers.get(r.accountId, r.advocateId), await repos.customers.get(r.accountId, friendId)];
  if (advocate && friend) {
    const block = contactBlock(
      { email: canonicalEmail(advocate.email ?? advocate.emailKey), phone: advocate.phone },
      { email: canonicalEmail(friend.email ?? friend.emailKey), phone: friend.phone },
    );
    if (block) return block;
  }
  if (earlier > 0) return blocks.notFirstOrder(earlier);
  if (first && (await repos.loyalty.referrals.shareAddress(r.advocateId, friendId))) return blocks.sharedAddress();
  return null;
}

/**
 * The friend's points follow the first order's award (pending, available, or nothing if it was
 * voided); the advocate's arrive only once that award is available. Amounts come from the
 * program version the order was awarded under, so a later rule change does not move them.
 */
async function payRewards(repos: Repos, r: Referral, order: OrderRecord | null, now: string): Promise<Referral> {
  const paying = (r.status === 'completed' || r.status === 'approved') && order && r.friendId;
  const award = paying ? await repos.loyalty.orderAwards.get(order.id) : undefined;
  const program = award ? await repos.loyalty.programs.version(r.accountId, award.programVersion) : undefined;
  const amounts = program?.settings.referrals ?? { friendPoints: 0, advocatePoints: 0 };
  const status = award?.status ?? 'none';
  const friendTarget = {
    pending: status === 'pending' ? amounts.friendPoints : 0,
    available: status === 'available' ? amounts.friendPoints : 0,
  };
  const advocateTarget = { pending: 0, available: status === 'available' ? amounts.advocatePoints : 0 };
  const settings = program?.settings ?? (await repos.loyalty.programs.current(r.accountId))?.settings ?? null;
  const base = { accountId: r.accountId, sourceId: r.id, programVersion: program?.version ?? null };
  const when = (t: { pending: number; available: number }) => (t.pending > 0 && order ? order.placedAt : maturedAt(award, now));

  // Points held by a profile that is no longer the friend (an order moved) go back to zero.
  for (const holder of await repos.loyalty.ledger.holdersOf(r.accountId, FRIEND_SOURCE, r.id)) {
    if (holder !== r.friendId || !paying)
      await converge(
        repos,
        { ...base, customerId: holder, sourceType: FRIEND_SOURCE, reason: 'cancellation', occurredAt: now, note: reversalNote(r) },
        { pending: 0, available: 0 },
        settings,
        now,
      );
  }
  if (paying && r.friendId) {
    await converge(
      repos,
      {
        ...base,
        customerId: r.friendId,
        sourceType: FRIEND_SOURCE,
        reason: grows(friendTarget) ? 'referral' : 'cancellation',
        occurredAt: when(friendTarget),
        note: grows(friendTarget)
          ? `Welcome points for a first order${order?.name ? ` (${order.name})` : ''} through a friend's referral.`
          : reversalNote(r),
      },
      friendTarget,
      settings,
      now,
    );
  }
  await converge(
    repos,
    {
      ...base,
      customerId: r.advocateId,
      sourceType: ADVOCATE_SOURCE,
      reason: grows(advocateTarget) ? 'referral' : 'cancellation',
      occurredAt: when(advocateTarget),
      note: grows(advocateTarget) ? 'Referral reward: a friend you referred completed their first order.' : reversalNote(r),
    },
    advocateTarget,
    settings,
    now,
  );
  return r;
}

const grows = (t: { pending: number; available: number }) => t.pending + t.available > 0;

function maturedAt(award: OrderAward | undefined, now: string): string {
  return award?.maturesAt && award.maturesAt < now ? award.maturesAt : now;
}

function reversalNote(r: Referral): string {
  if (r.status === 'rejected') return 'Referral rejected by the store.';
  if (r.status === 'blocked') return `Referral blocked: ${r.block?.message ?? 'it broke a referral rule.'}`;
  return "Referral reward withdrawn: the friend's first order was cancelled, returned or refunded.";
}

async function patch(repos: Repos, r: Referral, change: Partial<Referral>): Promise<Referral> {
  await repos.loyalty.referrals.update(r.accountId, r.id, change);
  return { ...r, ...change };
}

async function setStatus(repos: Repos, r: Referral, status: Referral['status'], block: ReferralBlock | null): Promise<Referral> {
  if (r.status === status && r.block?.message === block?.message) return r;
  return patch(repos, r, { status, block });
}

async function addTimeline(repos: Repos, r: Referral, friendId: string, order: OrderRecord): Promise<void> {
  const base = { accountId: r.accountId, occurredAt: order.placedAt, subjectType: 'referral', subjectId: r.id };
  await repos.timeline.add({
    ...base,
    customerId: r.advocateId,
    kind: 'referral_completed',
    data: { referralId: r.id, friendId, orderId: order.id, orderName: order.name },
    dedupeKey: `referral_completed:${r.id}`,
  });
  await repos.timeline.add({
    ...base,
    customerId: friendId,
    kind: 'referral_received',
    data: { referralId: r.id, advocateId: r.advocateId, orderId: order.id, orderName: order.name },
    dedupeKey: `referral_received:${r.id}`,
  });
}
