import type { Repos } from '../store.port.ts';
import { awardAction } from './actions.service.ts';
import { dayOf, isLeapYear, localDayOf, yearOf } from './calendar.ts';
import type { Member } from './loyalty.port.ts';
import { shopDay, type ShopDay } from './shop-day.ts';

// Birthday points, once a year per customer, on the shop's own calendar day: a shop in Karachi
// celebrates at its midnight, not at UTC's. awardAction keys them by customer and the shop's year,
// so a rerun, a restart or a birthday moved within the year never pays twice.

/** Birthdays ("MM-DD") celebrated on a calendar day ("YYYY-MM-DD" or an instant's UTC day): Feb 29 falls on Feb 28 in other years. */
export function birthdaysOn(day: string): string[] {
  const today = dayOf(day.length === 10 ? `${day}T00:00:00.000Z` : day).slice(5);
  return today === '02-28' && !isLeapYear(yearOf(`${day.slice(0, 10)}T00:00:00.000Z`)) ? ['02-28', '02-29'] : [today];
}

export async function awardBirthday(repos: Repos, member: Member, now: string, day?: ShopDay): Promise<boolean> {
  const today = day ?? (await shopDay(repos, member.accountId, now));
  if (!member.birthday || !birthdaysOn(today.day).includes(member.birthday)) return false;
  // A birthday the shopper enters on the day itself counts from next year: otherwise anyone could
  // open an account, say "today" and collect the points.
  if (member.birthdaySetByShopperAt && localDayOf(member.birthdaySetByShopperAt, today.timeZone) === today.day) return false;
  const r = await awardAction(repos, member.accountId, member.customerId, 'birthday', null, now, 'scheduler', String(today.year));
  return r.outcome === 'awarded';
}

/** One page of an account's members whose birthday is the shop's today; the scheduler walks the pages. */
export async function awardBirthdaysPage(
  repos: Repos,
  accountId: string,
  now: string,
  after: string | null,
  limit: number,
): Promise<{ awarded: number; last: string | null; full: boolean; day: string | null }> {
  const program = await repos.loyalty.programs.current(accountId);
  if (!program?.settings.enabled || program.settings.actions.birthday <= 0) return { awarded: 0, last: null, full: false, day: null };
  const today = await shopDay(repos, accountId, now);
  const members = await repos.loyalty.members.page(accountId, { birthdays: birthdaysOn(today.day) }, after, limit);
  let awarded = 0;
  for (const m of members) if (await awardBirthday(repos, m, now, today)) awarded++;
  return { awarded, last: members.at(-1)?.customerId ?? null, full: members.length === limit, day: today.day };
}
