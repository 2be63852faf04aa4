import { isTimeZone, localDayOf } from '../loyalty/calendar.ts';
import { dayFromNumber } from './calibration.ts';

// The shop's calendar day of each order, fast. Intl in a named time zone costs ~0.15 ms a call:
// 26 s for an account's 177,000 orders at Asia/Karachi on the shared machine, twice over once the
// model check repeats it. Orders fall on a few hundred UTC days, so the zone's offset is read once
// at the start and once at the end of each UTC day; when they agree (no clock change that day)
// every instant of the day is shifted by it, and a day with a clock change asks Intl per order.
// Same answers as `localDayOf` (test/unit/insights/shop-days.test.ts), an unknown zone as UTC.

const DAY_MS = 86_400_000;

/** A function from an instant to its day ("2026-11-23") in `timeZone`, for many instants. */
export function shopDayOf(timeZone: string | null | undefined): (at: Date) => string {
  if (!timeZone || timeZone === 'UTC' || !isTimeZone(timeZone)) return (at) => at.toISOString().slice(0, 10);
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  // Local wall time minus the instant (whole seconds): the zone's offset at `ms`.
  const offsetAt = (ms: number): number => {
    const p: Record<string, number> = {};
    for (const part of format.formatToParts(ms)) if (part.type !== 'literal') p[part.type] = Number(part.value);
    return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - Math.floor(ms / 1000) * 1000;
  };
  const offsets = new Map<number, number | null>(); // UTC day number -> the day's one offset, or null
  return (at) => {
    const ms = at.getTime();
    const utcDay = Math.floor(ms / DAY_MS);
    let offset = offsets.get(utcDay);
    if (offset === undefined) {
      const start = offsetAt(utcDay * DAY_MS);
      offset = start === offsetAt((utcDay + 1) * DAY_MS - 1) ? start : null;
      offsets.set(utcDay, offset);
    }
    return offset === null ? localDayOf(at.toISOString(), timeZone) : dayFromNumber(Math.floor((ms + offset) / DAY_MS));
  };
}
