import type { Repos } from '../store.port.ts';
import { MAX_ATTRIBUTION_DAYS } from './messaging-settings.port.ts';
import type { MessageTouch } from './messages.port.ts';

// Which message an order counts for: the customer's last touch before the order was placed —
// an email's (first) click, or a WhatsApp message's delivery — within the shop's attribution
// window (default 5 days). Decided once, in the unit of work that first stores the order with its
// customer; a replayed or updated order keeps its attribution. Revenue is read from the order when
// a report asks, so refunds count.

const DAY_MS = 86_400_000;

export type AttributableOrder = { id: string; accountId: string; customerId: string; placedAt: string; test: boolean };

/** The touch an order placed at `placedAt` counts for, among `touches` (any order), within `windowDays`. */
export function lastTouch(
  touches: readonly MessageTouch[],
  placedAt: string,
  windowDays: number,
): (MessageTouch & { touch: 'click' | 'delivered'; at: string }) | null {
  const placed = Date.parse(placedAt);
  const earliest = placed - windowDays * DAY_MS;
  let best: (MessageTouch & { touch: 'click' | 'delivered'; at: string }) | null = null;
  for (const t of touches) {
    const candidates: Array<['click' | 'delivered', string | null]> = [
      ['click', t.clickedAt],
      ['delivered', t.channel === 'whatsapp' ? t.deliveredAt : null],
    ];
    for (const [touch, at] of candidates) {
      if (!at) continue;
      const time = Date.parse(at);
      if (time < earliest || time > placed) continue;
      if (!best || time > Date.parse(best.at)) best = { ...t, touch, at };
    }
  }
  return best;
}

export async function attributeOrder(repos: Repos, order: AttributableOrder, now: string): Promise<boolean> {
  if (order.test) return false;
  const placed = Date.parse(order.placedAt);
  // A backfilled old order cannot count for any message: no reads on the import path.
  if (!Number.isFinite(placed) || placed < Date.parse(now) - MAX_ATTRIBUTION_DAYS * DAY_MS) return false;
  const from = new Date(placed - MAX_ATTRIBUTION_DAYS * DAY_MS).toISOString();
  const touches = await repos.messages.touchesOf(order.accountId, order.customerId, from, order.placedAt, 50);
  if (touches.length === 0) return false;
  const chosen = lastTouch(touches, order.placedAt, await repos.messages.attributionWindowDays(order.accountId));
  if (!chosen) return false;
  return repos.messages.attribute({
    orderId: order.id,
    accountId: order.accountId,
    messageId: chosen.messageId,
    source: chosen.source,
    sourceId: chosen.sourceId,
    channel: chosen.channel,
    touch: chosen.touch,
    touchedAt: chosen.at,
    attributedAt: now,
  });
}
