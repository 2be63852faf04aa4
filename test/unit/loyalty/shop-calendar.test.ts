import { describe, expect, it } from 'vitest';
import { birthdaysOn } from '../../../src/crm/loyalty/birthdays.service.ts';
import { localDayOf } from '../../../src/crm/loyalty/calendar.ts';
import { impossibleBirthday } from '../../../src/crm/loyalty/shopper-birthday.service.ts';
import { wordpressTimeZone } from '../../../src/platforms/woocommerce/timezone.ts';

// The shop's calendar day, the birthdays celebrated on it, which dates can be birthdays, and the
// zone a WordPress site's settings name.

describe('localDayOf', () => {
  it.each([
    ['Karachi (UTC+5) is already on the 23rd', '2026-11-22T19:30:00.000Z', 'Asia/Karachi', '2026-11-23'],
    ['Karachi just before its midnight', '2026-11-22T18:59:59.999Z', 'Asia/Karachi', '2026-11-22'],
    ['Kolkata (UTC+5:30)', '2026-11-22T18:30:00.000Z', 'Asia/Kolkata', '2026-11-23'],
    ['Toronto (UTC-5) is still on the 22nd', '2026-11-23T03:00:00.000Z', 'America/Toronto', '2026-11-22'],
    ['a new year in Karachi before UTC', '2026-12-31T19:00:00.000Z', 'Asia/Karachi', '2027-01-01'],
    ['no zone: UTC', '2026-11-22T23:59:00.000Z', null, '2026-11-22'],
    ['an unknown zone: UTC', '2026-11-22T23:59:00.000Z', 'Mars/Olympus', '2026-11-22'],
  ])('%s', (_title, at, zone, day) => {
    expect(localDayOf(at, zone)).toBe(day);
  });
});

describe('birthdaysOn', () => {
  it.each([
    ['2026-03-21', ['03-21']],
    ['2027-02-28', ['02-28', '02-29']],
    ['2028-02-28', ['02-28']],
    ['2028-02-29', ['02-29']],
    ['2026-11-22T19:30:00.000Z', ['11-22']],
  ])('%s', (day, expected) => {
    expect(birthdaysOn(day)).toEqual(expected);
  });
});

describe('impossibleBirthday', () => {
  it.each([
    [3, 21, undefined, null],
    [2, 29, undefined, null],
    [2, 29, 2024, null],
    [2, 29, 2023, 'day must be 1 to 28 in that month (2023 is not a leap year)'],
    [2, 30, undefined, 'day must be 1 to 29 in that month'],
    [4, 31, undefined, 'day must be 1 to 30 in that month'],
    [13, 1, undefined, 'month must be 1 to 12'],
    [0, 1, undefined, 'month must be 1 to 12'],
    [1, 0, undefined, 'day must be 1 to 31 in that month'],
  ])('%i-%i (year %s)', (month, day, year, why) => {
    expect(impossibleBirthday(month, day, year)).toBe(why);
  });
});

describe('wordpressTimeZone', () => {
  it.each([
    ['a city', 'Asia/Karachi', 5, 'Asia/Karachi'],
    ['a manual UTC+5 (empty timezone_string)', '', 5, 'Etc/GMT-5'],
    ['a manual UTC-3', '', -3, 'Etc/GMT+3'],
    ['UTC', '', 0, 'UTC'],
    ['UTC+5:30 by offset', '', 5.5, 'Asia/Kolkata'],
    ['UTC+5:45 by offset, as a string', '', '5.75', 'Asia/Kathmandu'],
    ['an offset kept in timezone_string by old sites', 'UTC+5', null, 'Etc/GMT-5'],
    ['an offset with no fixed zone', '', 3.5, null],
    ['nothing at all', null, null, null],
    ['an unknown city, no offset', 'Atlantis/Capital', null, null],
  ])('%s', (_title, zone, offset, expected) => {
    expect(wordpressTimeZone(zone, offset)).toBe(expected);
  });
});
