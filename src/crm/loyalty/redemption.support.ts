import { createHash } from 'node:crypto';
import type { ConnectionRecord, CustomerRecord, Repos } from '../store.port.ts';
import type { DiscountCodeRequest } from './discounts.port.ts';
import { post } from './ledger.service.ts';
import type { Redemption, Reward, RewardSnapshot } from './rewards.port.ts';

// The pieces redemption, expiry, cancellation and use detection share: the code a redemption
// gets, which store and which shopper identity it is issued for, and the two ledger movements.

// No 0/O, 1/I/L: shoppers read codes aloud and type them on phones.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** Derived from the redemption id, so every attempt asks the store for the same code. */
export function codeFor(redemptionId: string): string {
  const digest = createHash('sha256').update(redemptionId).digest();
  return `RP-${Array.from(digest.subarray(0, 8), (b) => ALPHABET[b % ALPHABET.length]).join('')}`;
}

export function snapshotOf(r: Reward): RewardSnapshot {
  return {
    name: r.name,
    kind: r.kind,
    pointsCost: r.pointsCost,
    amountMinor: r.amountMinor,
    currency: r.currency,
    percentage: r.percentage,
    productExternalId: r.productExternalId,
    minimumOrderMinor: r.minimumOrderMinor,
    codeValidDays: r.codeValidDays,
  };
}

type Target = { ok: true; connection: ConnectionRecord; customer: DiscountCodeRequest['customer'] } | { ok: false; reason: string };

/** Who the code is restricted to in that store: Shopify needs the customer id, WooCommerce an email. */
export async function targetIn(repos: Repos, customer: CustomerRecord, connection: ConnectionRecord): Promise<Target> {
  if (connection.status !== 'active') return { ok: false, reason: `The store ${connection.name} is not connected any more.` };
  const identities = (await repos.customers.identitiesOf(customer.id)).filter((i) => i.connectionId === connection.id && !i.deletedAt);
  // Guest identities ("guest:<email>") are ours, not the platform's customer ids.
  const account = identities.find((i) => !i.externalId.startsWith('guest:'));
  const email = account?.email ?? identities.find((i) => i.email)?.email ?? customer.email;
  if (connection.platform === 'shopify') {
    if (!account)
      return { ok: false, reason: `The shopper has no customer account in ${connection.name}, so a code cannot be restricted to them.` };
    return { ok: true, connection, customer: { externalId: account.externalId, email } };
  }
  if (!email) return { ok: false, reason: `WooCommerce codes are restricted by email, and the shopper has no email address.` };
  return { ok: true, connection, customer: { externalId: account?.externalId ?? null, email } };
}

/** The given connection, or the store of the shopper's most recent identity there is a usable target in. */
export async function pickTarget(repos: Repos, customer: CustomerRecord, connectionId: string | undefined): Promise<Target> {
  if (connectionId) {
    const connection = await repos.connections.get(connectionId);
    if (!connection || connection.accountId !== customer.accountId) return { ok: false, reason: 'No such store connection.' };
    return targetIn(repos, customer, connection);
  }
  const identities = (await repos.customers.identitiesOf(customer.id)).filter((i) => !i.deletedAt);
  identities.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  for (const identity of identities) {
    const connection = await repos.connections.get(identity.connectionId);
    if (connection?.status === 'active') return targetIn(repos, customer, connection);
  }
  return { ok: false, reason: 'The shopper has no account in a connected store to use a code in.' };
}

const DAY_MS = 86_400_000;

export function discountRequest(r: Redemption, target: Extract<Target, { ok: true }>, now: string): DiscountCodeRequest {
  const s = r.reward;
  return {
    code: r.code,
    // Fixed per redemption: Shopify adopts an earlier attempt's discount only when the title matches.
    title: `Rapport: ${s.name} (redemption ${r.id})`,
    kind: s.kind,
    amountMinor: s.amountMinor,
    percentage: s.percentage,
    productExternalId: s.productExternalId,
    currency: s.currency ?? target.connection.currency,
    minimumOrderMinor: s.minimumOrderMinor,
    customer: target.customer,
    startsAt: now,
    expiresAt: s.codeValidDays ? new Date(Date.parse(now) + s.codeValidDays * DAY_MS).toISOString() : null,
  };
}

export async function debit(repos: Repos, r: Redemption, actor: string | null, now: string): Promise<void> {
  const program = await repos.loyalty.programs.current(r.accountId);
  await post(
    repos,
    {
      accountId: r.accountId,
      customerId: r.customerId,
      reason: 'redemption',
      state: 'available',
      pendingDelta: 0,
      availableDelta: -r.points,
      sourceType: 'redemption',
      sourceId: r.id,
      programVersion: program?.version ?? null,
      note: `Redeemed: ${r.reward.name} (code ${r.code}).`,
      actor,
      dedupeKey: `redemption:${r.id}:${r.attempts}`,
      occurredAt: now,
    },
    program?.settings ?? null,
    now,
  );
}

/** Gives back the points of the redemption's current attempt; once, whatever calls it. */
export async function returnPoints(repos: Repos, r: Redemption, note: string, actor: string | null, now: string): Promise<void> {
  const program = await repos.loyalty.programs.current(r.accountId);
  await post(
    repos,
    {
      accountId: r.accountId,
      customerId: r.customerId,
      reason: 'redemption_return',
      state: 'available',
      pendingDelta: 0,
      availableDelta: r.points,
      sourceType: 'redemption',
      sourceId: r.id,
      programVersion: program?.version ?? null,
      note,
      actor,
      dedupeKey: `redemption:${r.id}:${r.attempts}:return`,
      occurredAt: now,
    },
    program?.settings ?? null,
    now,
  );
}

export function addRewardTimeline(
  repos: Repos,
  r: Redemption,
  kind: 'reward_redeemed' | 'reward_used',
  at: string,
  extra: Record<string, unknown> = {},
) {
  return repos.timeline.add({
    accountId: r.accountId,
    customerId: r.customerId,
    kind,
    occurredAt: at,
    subjectType: 'redemption',
    subjectId: r.id,
    data: { reward: r.reward.name, code: r.code, points: r.points, ...extra },
    dedupeKey: `${kind}:${r.id}`,
  });
}
