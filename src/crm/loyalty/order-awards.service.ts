import type { OrderRecord, Repos } from '../store.port.ts';
import { converge } from './ledger.service.ts';
import type { OrderAward } from './loyalty.port.ts';
import { orderPoints, type OrderFacts, type OrderPoints } from './order-points.ts';
import type { CampaignOrder } from './points-campaigns.port.ts';
import { decideOrderCampaigns } from './points-campaigns.service.ts';
import { settleRewardCodes } from './redemption-codes.service.ts';
import type { Program } from './program.settings.ts';
import { settleOrderReferrals } from './referral-rewards.service.ts';
import { evaluateTier, tierMultiplier } from './tiers.service.ts';

// Keeps an order's points in the ledger equal to what the order is worth now. Called after every
// change to an order (webhook, refund, deletion, merge) and when an approval delay runs out.
// The order keeps the program version and tier multiplier it was first awarded under.

const ORDER = 'order';
const FIRST_ORDER = 'first_order';

/** `written`: the order as its caller has just stored it, which saves reading it back. */
export async function reconcileOrderPoints(
  repos: Repos,
  accountId: string,
  orderId: string,
  now: string,
  written?: OrderRecord,
): Promise<OrderAward | null> {
  const order = written?.id === orderId && written.accountId === accountId ? written : await repos.orders.byId(accountId, orderId);
  if (!order) return null;
  await settleRewardCodes(repos, order, now); // before the early returns: orders that earn nothing use codes too
  const award = await repos.loyalty.orderAwards.get(order.id);
  const program = award
    ? await repos.loyalty.programs.version(accountId, award.programVersion)
    : await repos.loyalty.programs.current(accountId);
  if (!program) return null;

  // The campaigns it earns under were decided when it was first awarded (points-campaigns.service.ts).
  let campaigns: CampaignOrder[] = award ? await repos.loyalty.campaigns.ordersOf(accountId, order.id) : [];

  // Points of an order that moved to another profile (a guest later linked, a merge) leave the old one.
  for (const holder of await repos.loyalty.ledger.holdersOf(accountId, ORDER, order.id)) {
    if (holder === order.customerId) continue;
    await settle(repos, program, holder, order, null, now);
    await settleCampaigns(repos, program, holder, order, null, campaigns, now);
    await settleFirstOrderBonus(repos, accountId, holder, now);
  }
  if (!order.customerId) return null;

  const multiplier = award?.multiplier ?? (await tierMultiplier(repos, accountId, order.customerId));
  const facts = { ...order, lineItems: await repos.orders.lineItemsOf(order.id) };
  const worth = orderPoints(facts, program.settings, multiplier, await repos.customers.tagsOf(order.customerId), now);
  if (!award && worth.status === 'none') return null; // never earned: leave no trace
  if (!award) campaigns = await decideOrderCampaigns(repos, { ...order, customerId: order.customerId }, now);
  await settle(repos, program, order.customerId, order, worth, now);
  const tags = campaigns.length ? await repos.customers.tagsOf(order.customerId) : [];
  await settleCampaigns(repos, program, order.customerId, order, { facts, multiplier, tags, worth }, campaigns, now);

  const next: OrderAward = {
    orderId: order.id,
    accountId,
    customerId: order.customerId,
    programVersion: program.version,
    multiplier,
    basisMinor: worth.basisMinor,
    currency: order.currency,
    points: worth.points,
    status: worth.status,
    explanation: worth.explanation,
    maturesAt: worth.status === 'pending' ? worth.maturesAt : null,
    updatedAt: now,
  };
  await repos.loyalty.orderAwards.save(next);
  await settleFirstOrderBonus(repos, accountId, order.customerId, now, { order, award: next });
  await settleOrderReferrals(repos, accountId, order, now);
  // After the award: a promotion this order causes multiplies later orders, not this one.
  await evaluateTier(repos, accountId, order.customerId, now);
  return next;
}

/** Converges the order's points for one customer; `worth` null means the order is no longer theirs. */
async function settle(repos: Repos, program: Program, customerId: string, order: OrderRecord, worth: OrderPoints | null, now: string) {
  const { settings, version } = program;
  const target = bucketed(worth, worth?.points ?? 0);
  const held = await repos.loyalty.ledger.sourceTotals(order.accountId, customerId, ORDER, order.id);
  const kept = held.available - held.forgiven;
  const growing = target.available > kept || (target.available === kept && target.pending > held.pending);
  await converge(
    repos,
    {
      accountId: order.accountId,
      customerId,
      sourceType: ORDER,
      sourceId: order.id,
      programVersion: version,
      reason: growing ? 'order' : reductionReason(worth),
      occurredAt: occurredAt(order, worth, target, now),
      note: worth?.explanation ?? 'Order moved to another customer profile.',
    },
    target,
    settings,
    now,
    held,
  );
}

/**
 * Converges each campaign's extra on the order, one ledger source per campaign
 * (`campaign:<id>`, source id the order), so the history names the campaign. The extra follows
 * the order: pending, available, reduced by refunds in proportion, void, exactly as its points.
 * A multiplier campaign adds the order's points at (tier multiplier x (campaign multiplier - 1)),
 * rounded on its own; a bonus adds its points less the refunded share.
 */
async function settleCampaigns(
  repos: Repos,
  program: Program,
  customerId: string,
  order: OrderRecord,
  current: { facts: OrderFacts; multiplier: number; tags: string[]; worth: OrderPoints } | null,
  campaigns: CampaignOrder[],
  now: string,
) {
  const { settings, version } = program;
  for (const c of campaigns) {
    const campaign = await repos.loyalty.campaigns.get(order.accountId, c.campaignId);
    const name = campaign?.name ?? 'Points campaign';
    let worth: OrderPoints | null = null;
    if (current) {
      const { facts, multiplier, tags, worth: base } = current;
      if (c.kind === 'multiplier') worth = orderPoints(facts, settings, multiplier * (c.multiplier - 1), tags, now);
      else {
        const refunded = order.totalMinor > 0 ? Math.min(1, Math.max(0, order.refundedMinor) / order.totalMinor) : 0;
        const points = base.status === 'pending' || base.status === 'available' ? roundAs(c.bonusPoints * (1 - refunded), settings) : 0;
        worth = { ...base, points };
      }
    }
    const target = bucketed(worth, worth?.points ?? 0);
    const sourceType = `campaign:${c.campaignId}`;
    const held = await repos.loyalty.ledger.sourceTotals(order.accountId, customerId, sourceType, order.id);
    const kept = held.available - held.forgiven;
    const growing = target.available > kept || (target.available === kept && target.pending > held.pending);
    const terms = c.kind === 'multiplier' ? `×${c.multiplier}` : `+${c.bonusPoints}`;
    await converge(
      repos,
      {
        accountId: order.accountId,
        customerId,
        sourceType,
        sourceId: order.id,
        programVersion: version,
        reason: growing ? 'campaign' : reductionReason(worth),
        occurredAt: occurredAt(order, worth, target, now),
        note: worth
          ? `${name} (${terms}): ${worth.status === 'void' ? 'order voided, no extra points' : `${worth.points} extra points`}.`
          : `${name}: order moved to another customer profile.`,
      },
      target,
      settings,
      now,
      held,
    );
  }
}

function roundAs(value: number, settings: Program['settings']): number {
  const v = Math.round(value * 1e6) / 1e6;
  const mode = settings.earning.rounding;
  return mode === 'floor' ? Math.floor(v) : mode === 'ceil' ? Math.ceil(v) : Math.round(v);
}

function bucketed(worth: OrderPoints | Pick<OrderAward, 'status'> | null, points: number) {
  return { pending: worth?.status === 'pending' ? points : 0, available: worth?.status === 'available' ? points : 0 };
}

const reductionReason = (worth: { status: string } | null) =>
  !worth || worth.status === 'void' || worth.status === 'none' ? 'cancellation' : 'refund';

// Pending points appear when the order is placed, available ones when they matured, reversals now.
function occurredAt(
  order: OrderRecord,
  worth: { maturesAt: string | null } | null,
  t: { pending: number; available: number },
  now: string,
): string {
  if (t.available > 0 && worth?.maturesAt) return worth.maturesAt < now ? worth.maturesAt : now;
  return t.pending > 0 ? order.placedAt : now;
}

/**
 * The first-order bonus belongs to the customer's earliest counted order and follows its fate. Any
 * order change can move "earliest" (an earlier order arrives late, the first one is cancelled),
 * so every order holding the bonus is re-settled, not only the one that changed.
 */
async function settleFirstOrderBonus(
  repos: Repos,
  accountId: string,
  customerId: string,
  now: string,
  just?: { order: OrderRecord; award: OrderAward },
): Promise<void> {
  const held = await repos.loyalty.ledger.sourcesHeld(accountId, customerId, FIRST_ORDER);
  const firstId = (await repos.orders.firstCountedId(customerId)) ?? null;
  // The bonus already sits on the first order and another order changed: nothing to move.
  if (held.length === 1 && held[0] === firstId && just && just.order.id !== firstId) return;
  const load = async (orderId: string) =>
    just?.order.id === orderId
      ? just
      : { order: await repos.orders.byId(accountId, orderId), award: await repos.loyalty.orderAwards.get(orderId) };
  const candidates = new Set([...held, ...(firstId ? [firstId] : [])]);
  for (const orderId of candidates) {
    const { award, order } = await load(orderId);
    if (!award || !order) continue;
    const program = await repos.loyalty.programs.version(accountId, award.programVersion);
    if (!program) continue;
    const isFirst = orderId === firstId && award.customerId === customerId && award.points > 0;
    const target = bucketed(isFirst ? award : null, program.settings.actions.firstOrder);
    await converge(
      repos,
      {
        accountId,
        customerId,
        sourceType: FIRST_ORDER,
        sourceId: orderId,
        programVersion: program.version,
        reason: target.pending + target.available > 0 ? 'first_order' : reductionReason(isFirst ? award : null),
        occurredAt: occurredAt(order, award, target, now),
        note: isFirst ? 'First order bonus.' : 'First order bonus withdrawn: not the first order.',
      },
      target,
      program.settings,
      now,
    );
  }
}

/** Re-checks orders whose approval delay ran out, so their pending points become available. */
export async function releaseMaturedPoints(repos: Repos, now: string, limit = 500): Promise<number> {
  const due = await repos.loyalty.orderAwards.due(now, limit);
  for (const award of due) await reconcileOrderPoints(repos, award.accountId, award.orderId, now);
  return due.length;
}
