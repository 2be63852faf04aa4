// UTC calendar arithmetic for tiers and expiry. Months are calendar months, the day clamped to
// the month's end (31 Jan + 1 month = 28/29 Feb), so "12 months" never skips into the next month.

const DAY_MS = 86_400_000;

export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * DAY_MS).toISOString();
}

export function addMonths(iso: string, months: number): string {
  const d = new Date(iso);
  const month = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), month + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      d.getUTCFullYear(),
      month,
      Math.min(d.getUTCDate(), lastDay),
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
      d.getUTCMilliseconds(),
    ),
  ).toISOString();
}

/** "2026-11-23" */
export const dayOf = (iso: string): string => new Date(iso).toISOString().slice(0, 10);

export const startOfDay = (iso: string): string => `${dayOf(iso)}T00:00:00.000Z`;

export const yearOf = (iso: string): number => new Date(iso).getUTCFullYear();

export const startOfYear = (year: number): string => `${String(year).padStart(4, '0')}-01-01T00:00:00.000Z`;

/** Instants compared as instants: stored timestamps are not all written the same way. */
export const before = (a: string, b: string): boolean => Date.parse(a) < Date.parse(b);

export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** Whether `zone` is an IANA time zone this runtime knows ("Asia/Karachi"). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The calendar day ("2026-11-23") of an instant in a shop's IANA time zone: a shop at UTC+5 is
 * already on the 23rd at 19:30 UTC on the 22nd. An unknown or unreadable zone counts as UTC.
 */
export function localDayOf(iso: string, timeZone: string | null): string {
  if (!timeZone || timeZone === 'UTC' || !isTimeZone(timeZone)) return dayOf(iso);
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

const wallFormats = new Map<string, Intl.DateTimeFormat>();

function wallParts(ms: number, timeZone: string): number[] {
  let format = wallFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallFormats.set(timeZone, format);
  }
  const p = Object.fromEntries(format.formatToParts(new Date(ms)).map((x) => [x.type, Number(x.value)]));
  return [p.year!, p.month!, p.day!, p.hour!, p.minute!, p.second!];
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms (Asia/Karachi: +5 h). */
function zoneOffsetMs(ms: number, timeZone: string): number {
  const [y, mo, d, h, mi, s] = wallParts(ms, timeZone);
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!) - (ms - (ms % 1000));
}

/**
 * The instant a shop's wall clock shows `local` ("2027-03-10T00:00"): a campaign window is entered
 * in the shop's time zone. A wall time a daylight-saving jump skips resolves to an instant an hour off.
 */
export function zonedInstant(local: string, timeZone: string | null): string {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d))?$/.exec(local);
  if (!m) throw new Error(`not a local date-time: ${local}`);
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  if (!timeZone || timeZone === 'UTC' || !isTimeZone(timeZone)) return new Date(wall).toISOString();
  let at = wall - zoneOffsetMs(wall, timeZone);
  at = wall - zoneOffsetMs(at, timeZone);
  return new Date(at).toISOString();
}

/** The shop's wall time ("2027-03-10T00:00") of an instant. */
export function localDateTimeOf(iso: string, timeZone: string | null): string {
  const ms = Date.parse(iso);
  const zone = timeZone && isTimeZone(timeZone) ? timeZone : 'UTC';
  const [y, mo, d, h, mi] = wallParts(ms, zone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${y}-${two(mo!)}-${two(d!)}T${two(h!)}:${two(mi!)}`;
}
