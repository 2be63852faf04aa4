import type { Repos } from '../store.port.ts';
import { addMonths } from './calendar.ts';
import { ensureMember } from './ledger.service.ts';

// A shopper enters their own birthday (month and day; a year only to check the date, never kept).
// They may set it, then change it once in 12 months at most, so nobody moves it around the
// calendar to collect birthday points; staff edits in the panel are not limited. Points then come
// from the birthday scheduler, once per year (birthdays.service.ts).

export const BIRTHDAY_CHANGE_MONTHS = 12;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Why a date cannot be a birthday, or null. Feb 29 needs a leap year only when a year is given. */
export function impossibleBirthday(month: number, day: number, year?: number): string | null {
  if (!Number.isInteger(month) || month < 1 || month > 12) return 'month must be 1 to 12';
  const max = month === 2 && year !== undefined && !isLeap(year) ? 28 : DAYS_IN_MONTH[month - 1]!;
  if (!Number.isInteger(day) || day < 1 || day > max)
    return `day must be 1 to ${max} in that month${month === 2 && max === 28 ? ` (${year} is not a leap year)` : ''}`;
  return null;
}

export const birthdayKey = (month: number, day: number): string => `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

export type ShopperBirthday = { birthday: string | null; changeableFrom: string | null };

export type SetBirthdayOutcome = ({ outcome: 'saved' | 'unchanged' } & ShopperBirthday) | ({ outcome: 'too_soon' } & ShopperBirthday);

/** What the shopper sees: their birthday and, while it is locked, from when they may change it. */
export async function shopperBirthday(repos: Repos, customerId: string, now: string): Promise<ShopperBirthday> {
  const member = await repos.loyalty.members.get(customerId);
  return {
    birthday: member?.birthday ?? null,
    changeableFrom: lockedUntil(member?.birthday ?? null, member?.birthdaySetByShopperAt ?? null, now),
  };
}

function lockedUntil(birthday: string | null, setAt: string | null, now: string): string | null {
  if (!birthday || !setAt) return null;
  const until = addMonths(setAt, BIRTHDAY_CHANGE_MONTHS);
  return Date.parse(now) < Date.parse(until) ? until : null;
}

export async function setShopperBirthday(
  repos: Repos,
  accountId: string,
  customerId: string,
  birthday: string,
  now: string,
): Promise<SetBirthdayOutcome> {
  const member = await ensureMember(repos, accountId, customerId, now);
  const locked = lockedUntil(member.birthday, member.birthdaySetByShopperAt, now);
  if (member.birthday === birthday) return { outcome: 'unchanged', birthday, changeableFrom: locked };
  if (locked) return { outcome: 'too_soon', birthday: member.birthday, changeableFrom: locked };
  await repos.loyalty.members.update(customerId, { birthday, birthdaySetByShopperAt: now });
  await repos.timeline.add({
    accountId,
    customerId,
    kind: 'birthday_set',
    occurredAt: now,
    subjectType: 'customer',
    subjectId: customerId,
    data: { from: member.birthday, to: birthday, by: 'shopper' },
    dedupeKey: `birthday_set:${customerId}:${now}`,
  });
  return { outcome: 'saved', birthday, changeableFrom: addMonths(now, BIRTHDAY_CHANGE_MONTHS) };
}
