import type { Repos } from '../store.port.ts';
import { orderPoints } from './order-points.ts';
import type { ProgramSettings } from './program.settings.ts';

// "In the last 30 days this program would have given 12,400 points to 85 customers": what the
// proposed (or any) settings would have earned on the orders the shop actually took, shown before
// a merchant launches or changes the program. Read-only: nothing is written to the ledger.

type Backtest = {
  from: string;
  to: string;
  days: number;
  orders: number;
  customers: number;
  /** Points the counted orders would hold now: spendable, and still waiting (COD not delivered, return window). */
  availablePoints: number;
  pendingPoints: number;
  /** More orders than `limit` in the window: the figures cover the newest `limit`. */
  truncated: boolean;
};

const DAY_MS = 86_400_000;

export async function backtestProgram(
  repos: Repos,
  accountId: string,
  settings: ProgramSettings,
  now: string,
  days = 30,
  limit = 20_000,
): Promise<Backtest> {
  const to = now;
  const from = new Date(Date.parse(now) - days * DAY_MS).toISOString();
  // As if the program had started at the window's start and been switched on.
  const asIfRunning = { ...settings, enabled: true, earnOrdersPlacedFrom: from };
  const orders = await repos.orders.countedPlacedBetween(accountId, from, to, limit + 1);
  const truncated = orders.length > limit;
  const tags = new Map<string, string[]>();
  const earners = new Set<string>();
  let availablePoints = 0;
  let pendingPoints = 0;
  for (const order of orders.slice(0, limit)) {
    const customerId = order.customerId;
    if (!customerId) continue; // nobody to award (an order without a shopper)
    if (!tags.has(customerId)) tags.set(customerId, await repos.customers.tagsOf(customerId));
    const worth = orderPoints(
      { ...order, lineItems: await repos.orders.lineItemsOf(order.id) },
      asIfRunning,
      1,
      tags.get(customerId)!,
      now,
    );
    if (worth.status === 'available') availablePoints += worth.points;
    else if (worth.status === 'pending') pendingPoints += worth.points;
    else continue;
    if (worth.points > 0) earners.add(customerId);
  }
  return { from, to, days, orders: Math.min(orders.length, limit), customers: earners.size, availablePoints, pendingPoints, truncated };
}
