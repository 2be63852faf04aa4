import { describe, expect, it } from 'vitest';
import { localDayOf } from '../../../src/crm/loyalty/calendar.ts';
import { shopDayOf } from '../../../src/crm/insights/shop-days.ts';
import { seededRandom } from './simulate.ts';

// The fast shop day agrees with `localDayOf` (Intl per instant) in zones with and without clock
// changes, half-hour and quarter-hour offsets and a half-hour daylight shift, on random instants
// and on an hourly grid (±1 ms) over the weeks around 2026's clock changes.

const ZONES = [
  'Asia/Karachi',
  'America/New_York',
  'Europe/London',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'America/St_Johns',
  'Pacific/Chatham',
];
const HOUR = 3_600_000;

function instants(seed: number): number[] {
  const random = seededRandom(seed);
  const out: number[] = [];
  for (let i = 0; i < 1_500; i++) out.push(Date.UTC(2019, 0, 1) + Math.floor(random() * 8 * 365 * 24 * HOUR));
  for (const [from, to] of [
    [Date.UTC(2026, 2, 6), Date.UTC(2026, 3, 7)],
    [Date.UTC(2026, 8, 25), Date.UTC(2026, 10, 3)],
  ] as const)
    for (let t = from!; t < to!; t += HOUR) out.push(t - 1, t, t + 1);
  return out;
}

describe('shopDayOf', () => {
  it.each(ZONES)('agrees with localDayOf in %s', (zone) => {
    const fast = shopDayOf(zone);
    const wrong = instants(zone.length).filter((ms) => fast(new Date(ms)) !== localDayOf(new Date(ms).toISOString(), zone));
    expect(wrong.map((ms) => new Date(ms).toISOString())).toEqual([]);
  });

  it('reads UTC, a missing zone and an unknown one as UTC', () => {
    const at = new Date('2026-03-08T23:30:00.000Z');
    for (const zone of ['UTC', null, undefined, 'Not/AZone']) expect(shopDayOf(zone)(at)).toBe('2026-03-08');
    expect(shopDayOf('Asia/Karachi')(at)).toBe('2026-03-09');
    expect(shopDayOf('America/New_York')(at)).toBe('2026-03-08');
  });
});
