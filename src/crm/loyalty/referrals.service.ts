import type { CustomerRecord, Repos } from '../store.port.ts';
import { newId } from '../../lib/ids.ts';
import { normaliseEmail, normalisePhone } from '../../lib/identity.ts';
import { blocks, canonicalEmail, contactBlock } from './referral-rules.ts';
import { settleReferral } from './referral-rewards.service.ts';
import type { Referral, ReferralBlock } from './referrals.port.ts';

// Recording a referral when a friend arrives through a member's link or code, and the merchant's
// decisions on blocked ones. Completion (the friend's first order) is in referral-rewards.service.ts.

type RecordReferralInput = {
  accountId: string;
  code: string;
  friendEmail?: string | null;
  friendPhone?: string | null;
  /** The friend's profile when the storefront knows who they are (a logged-in shopper). */
  friendCustomerId?: string | null;
  /** The store's country, for reading local phone numbers. */
  country?: string | null;
  ipHash: string | null;
  now: string;
};

type RecordReferralOutcome =
  | { outcome: 'recorded'; referral: Referral; created: boolean }
  | { outcome: 'already_referred' | 'unknown_code' | 'not_enabled' | 'no_contact' };

const DAY_MS = 86_400_000;

export async function recordReferral(repos: Repos, input: RecordReferralInput): Promise<RecordReferralOutcome> {
  const { accountId, now } = input;
  const program = await repos.loyalty.programs.current(accountId);
  if (!program?.settings.enabled || !program.settings.referrals.enabled) return { outcome: 'not_enabled' };
  const member = await repos.loyalty.members.byReferralCode(accountId, input.code.trim().toUpperCase());
  if (!member) return { outcome: 'unknown_code' };

  const known = input.friendCustomerId ? await repos.customers.get(accountId, input.friendCustomerId) : undefined;
  const email = canonicalEmail(input.friendEmail ?? known?.email ?? known?.emailKey);
  const phone = normalisePhone(input.friendPhone, input.country) ?? known?.phone ?? null;
  if (!known && !email && !phone) return { outcome: 'no_contact' };

  // A friend is referred once: the same advocate again is the same referral (a reload), another
  // advocate is too late.
  const existing = await repos.loyalty.referrals.forFriend(accountId, { customerId: known?.id ?? null, email, phone }, [
    'pending',
    'completed',
    'blocked',
    'approved',
  ]);
  if (existing.length) {
    const mine = existing.find((r) => r.advocateId === member.customerId);
    return mine ? { outcome: 'recorded', referral: mine, created: false } : { outcome: 'already_referred' };
  }

  const friend = known ?? (await findCustomer(repos, accountId, input.friendEmail, phone));
  const advocate = await repos.customers.get(accountId, member.customerId);
  const block = await firstBlock(repos, input, { advocate, friend, email, phone, maxPerIp: program.settings.referrals.maxPerIpPerDay });
  const referral: Referral = {
    id: newId('rfl'),
    accountId,
    advocateId: member.customerId,
    friendId: friend?.id ?? null,
    friendEmail: email,
    friendPhone: phone,
    ipHash: input.ipHash,
    orderId: null,
    status: block ? 'blocked' : 'pending',
    block,
    createdAt: now,
    decidedAt: null,
    decidedBy: null,
  };
  await repos.loyalty.referrals.insert(referral);
  return { outcome: 'recorded', referral, created: true };
}

async function findCustomer(
  repos: Repos,
  accountId: string,
  email: string | null | undefined,
  phone: string | null,
): Promise<CustomerRecord | undefined> {
  const key = normaliseEmail(email);
  return (
    (key ? await repos.customers.findByEmailKey(accountId, key) : undefined) ??
    (phone ? await repos.customers.findByPhone(accountId, phone) : undefined)
  );
}

type Facts = {
  advocate: CustomerRecord | undefined;
  friend: CustomerRecord | undefined;
  email: string | null;
  phone: string | null;
  maxPerIp: number;
};

async function firstBlock(repos: Repos, input: RecordReferralInput, f: Facts): Promise<ReferralBlock | null> {
  // The contact rules first: "the same phone" tells a merchant more than "the same profile".
  if (f.advocate) {
    const block = contactBlock(
      { email: canonicalEmail(f.advocate.email ?? f.advocate.emailKey), phone: f.advocate.phone },
      { email: f.email, phone: f.phone },
    );
    if (block) return block;
  }
  if (f.friend && f.advocate && f.friend.id === f.advocate.id) return blocks.sameProfile();
  if (f.friend && f.friend.ordersCount > 0) return blocks.notFirstOrder(f.friend.ordersCount);
  if (input.ipHash) {
    const since = new Date(Date.parse(input.now) - DAY_MS).toISOString();
    if ((await repos.loyalty.referrals.countFromIp(input.accountId, input.ipHash, since)) >= f.maxPerIp) return blocks.ipLimit(f.maxPerIp);
  }
  return null;
}

type DecideOutcome =
  { outcome: 'decided'; referral: Referral } | { outcome: 'not_found' } | { outcome: 'not_allowed'; status: Referral['status'] };

/**
 * A merchant's decision. Approving a blocked referral pays as if it had passed (once the friend's
 * first order is there); rejecting stops or takes back both rewards.
 */
export async function decideReferral(
  repos: Repos,
  accountId: string,
  id: string,
  decision: 'approve' | 'reject',
  actor: string,
  now: string,
): Promise<DecideOutcome> {
  const referral = await repos.loyalty.referrals.get(accountId, id);
  if (!referral) return { outcome: 'not_found' };
  const allowed = decision === 'approve' ? ['blocked', 'rejected'] : ['pending', 'completed', 'blocked', 'approved'];
  if (!allowed.includes(referral.status)) return { outcome: 'not_allowed', status: referral.status };
  const change = { status: decision === 'approve' ? 'approved' : 'rejected', decidedAt: now, decidedBy: actor } as const;
  await repos.loyalty.referrals.update(accountId, id, change);
  return { outcome: 'decided', referral: await settleReferral(repos, { ...referral, ...change }, null, now) };
}
