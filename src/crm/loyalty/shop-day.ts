import type { Repos } from '../store.port.ts';
import { localDayOf } from './calendar.ts';

// A shop's "today": the calendar day in the shop's own time zone (stored on its connection from
// Shopify's shop.ianaTimezone or WordPress's timezone_string), UTC while it is not known.

export type ShopDay = { timeZone: string; day: string; year: number };

export async function shopDay(repos: Repos, accountId: string, now: string): Promise<ShopDay> {
  const timeZone = (await repos.connections.accountTimeZone(accountId)) ?? 'UTC';
  const day = localDayOf(now, timeZone);
  return { timeZone, day, year: Number(day.slice(0, 4)) };
}
