import { toMinor } from '../../lib/money.ts';
import type { PaymentMethod } from '../events.ts';
import type { LineItemRecord, OrderRecord } from '../store.port.ts';
import type { AwardTrigger, ProgramSettings } from './program.settings.ts';

// What an order is worth in points right now, from its current facts alone. Pure: the ledger
// service compares this target with what the ledger already holds for the order and appends the
// difference, so duplicates, replays and any delivery order converge on the same balance.

export type OrderFacts = Pick<
  OrderRecord,
  | 'id'
  | 'currency'
  | 'paymentMethod'
  | 'status'
  | 'paymentStatus'
  | 'fulfilmentStatus'
  | 'totalMinor'
  | 'shippingMinor'
  | 'taxMinor'
  | 'refundedMinor'
  | 'placedAt'
  | 'paidAt'
  | 'fulfilledAt'
  | 'deliveredAt'
  | 'cancelledAt'
  | 'deletedAt'
  | 'test'
> & { lineItems: Array<Pick<LineItemRecord, 'productId' | 'variantId' | 'totalMinor' | 'giftCard'>> };

/**
 * none: the order never earns (test, excluded, before the program, no rate for its currency).
 * void: it earned or would have, but was cancelled, deleted, voided or returned to sender.
 * pending: earned, waiting for the trigger (and the approval delay). available: spendable.
 */
export type AwardStatus = 'none' | 'void' | 'pending' | 'available';

export type OrderPoints = {
  status: AwardStatus;
  /** Points the order is worth now, net of refunds; 0 for none and void. */
  points: number;
  /** Points before refunds. */
  fullPoints: number;
  basisMinor: number;
  trigger: AwardTrigger;
  /** When the trigger was reached plus the approval delay; null until the trigger is reached. */
  maturesAt: string | null;
  explanation: string;
};

const DAY_MS = 86_400_000;

function triggerFor(settings: ProgramSettings, method: PaymentMethod): AwardTrigger {
  const t = settings.earning.triggers;
  return method === 'cod' ? t.cod : method === 'card' ? t.card : t.other;
}

/** When the order reached `trigger`, or null. For cash on delivery, "paid" means cash collected. */
function triggeredAt(order: OrderFacts, trigger: AwardTrigger): string | null {
  const paid = order.paidAt ?? (['paid', 'partially_refunded', 'refunded'].includes(order.paymentStatus) ? order.placedAt : null);
  switch (trigger) {
    case 'placed':
      return order.placedAt;
    case 'paid':
      return paid;
    case 'fulfilled':
      return order.fulfilledAt ?? order.deliveredAt;
    case 'delivered':
      return order.deliveredAt ?? (order.paymentMethod === 'cod' ? paid : null);
  }
}

function round(value: number, mode: ProgramSettings['earning']['rounding']): number {
  // Guard against 12.000000001 style float noise before flooring or ceiling.
  const v = Math.round(value * 1e6) / 1e6;
  return mode === 'floor' ? Math.floor(v) : mode === 'ceil' ? Math.ceil(v) : Math.round(v);
}

/** The amount points are earned on, in the order's (shop) currency minor units. */
function earningBasis(order: OrderFacts, settings: ProgramSettings): number {
  const excluded = new Set(settings.earning.excludedProductIds);
  const all = order.lineItems.reduce((s, l) => s + l.totalMinor, 0);
  const eligible = order.lineItems
    .filter((l) => !(settings.earning.excludeGiftCards && l.giftCard))
    .filter((l) => !(l.productId && excluded.has(l.productId)) && !(l.variantId && excluded.has(l.variantId)))
    .reduce((s, l) => s + l.totalMinor, 0);
  let basis = Math.max(0, eligible);
  // Shipping and tax earn only alongside something that earns, and only in the eligible share.
  const share = all > 0 ? eligible / all : 0;
  if (settings.earning.includeShipping) basis += Math.round(order.shippingMinor * share);
  if (settings.earning.includeTax) basis += Math.round(order.taxMinor * share);
  return basis;
}

export function orderPoints(
  order: OrderFacts,
  settings: ProgramSettings,
  multiplier: number,
  customerTags: string[],
  now: string,
): OrderPoints {
  const trigger = triggerFor(settings, order.paymentMethod);
  const none = (explanation: string): OrderPoints => ({
    status: 'none',
    points: 0,
    fullPoints: 0,
    basisMinor: 0,
    trigger,
    maturesAt: null,
    explanation,
  });
  if (!settings.enabled) return none('The loyalty program is switched off.');
  if (order.test) return none('Test orders earn no points.');
  if (order.placedAt < settings.earnOrdersPlacedFrom) return none('Placed before the loyalty program started.');
  const blockedTag = customerTags.find((t) => settings.earning.excludedCustomerTags.includes(t));
  if (blockedTag) return none(`Customers tagged "${blockedTag}" earn no points.`);
  const rate = settings.earning.rates.find((r) => r.currency === order.currency);
  if (!rate) return none(`No earning rate for ${order.currency}.`);

  const basisMinor = earningBasis(order, settings);
  const perMinor = toMinor(rate.per, order.currency);
  const raw = (basisMinor * rate.points * multiplier) / perMinor;
  const fullPoints = round(raw, settings.earning.rounding);
  const refundedShare = order.totalMinor > 0 ? Math.min(1, Math.max(0, order.refundedMinor) / order.totalMinor) : 0;
  const points = round(raw * (1 - refundedShare), settings.earning.rounding);
  const base = { fullPoints, basisMinor, trigger };
  const rateText = `${rate.points} per ${rate.per} ${rate.currency}${multiplier !== 1 ? ` ×${multiplier}` : ''}`;

  const voided = order.deletedAt
    ? 'deleted in the store'
    : order.status === 'cancelled' || order.cancelledAt
      ? 'cancelled'
      : order.fulfilmentStatus === 'returned'
        ? 'returned to sender'
        : order.paymentStatus === 'voided' || order.paymentStatus === 'failed'
          ? `payment ${order.paymentStatus}`
          : null;
  if (voided) return { ...base, status: 'void', points: 0, maturesAt: null, explanation: `Order ${voided}: no points.` };

  const at = triggeredAt(order, trigger);
  const refundText = refundedShare > 0 ? `, less ${Math.round(refundedShare * 100)}% refunded` : '';
  if (!at) {
    return {
      ...base,
      status: 'pending',
      points,
      maturesAt: null,
      explanation: `${points} points (${rateText}${refundText}), pending until the order is ${trigger}.`,
    };
  }
  const maturesAt = new Date(Date.parse(at) + settings.earning.approvalDelayDays * DAY_MS).toISOString();
  if (maturesAt > now) {
    return {
      ...base,
      status: 'pending',
      points,
      maturesAt,
      explanation: `${points} points (${rateText}${refundText}), available from ${maturesAt.slice(0, 10)}.`,
    };
  }
  return { ...base, status: 'available', points, maturesAt, explanation: `${points} points (${rateText}${refundText}).` };
}
