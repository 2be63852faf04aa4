import type { Repos } from '../store.port.ts';
import { awardAction } from './actions.service.ts';
import { dayOf, isLeapYear, yearOf } from './calendar.ts';
import type { Member } from './loyalty.port.ts';

// Birthday points, once a year (awardAction keys them by customer and year).

/** Birthdays ("MM-DD") celebrated on the UTC day of `now`: Feb 29 falls on Feb 28 in other years. */
export function birthdaysOn(now: string): string[] {
  const today = dayOf(now).slice(5);
  return today === '02-28' && !isLeapYear(yearOf(now)) ? ['02-28', '02-29'] : [today];
}

export async function awardBirthday(repos: Repos, member: Member, now: string): Promise<boolean> {
  if (!member.birthday || !birthdaysOn(now).includes(member.birthday)) return false;
  const r = await awardAction(repos, member.accountId, member.customerId, 'birthday', null, now, 'scheduler');
  return r.outcome === 'awarded';
}
