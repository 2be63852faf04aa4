import { describe, expect, it } from 'vitest';
import { nextSendTime, shopperTimeZone } from '../../../src/crm/campaigns/send-window.ts';

// The send window in the shopper's time zone: inside it a message goes now, outside it waits for
// the next opening (today's or tomorrow's), and the zone comes from the address's country.

const at = (iso: string) => new Date(iso);
const window = { opens: 10 * 60, closes: 20 * 60 };

describe('send window', () => {
  it.each([
    {
      title: 'inside the window (Karachi 12:00)',
      now: '2026-05-01T07:00:00.000Z',
      zone: 'Asia/Karachi',
      expected: '2026-05-01T07:00:00.000Z',
    },
    {
      title: 'before it opens (Karachi 08:00 → 10:00)',
      now: '2026-05-01T03:00:00.000Z',
      zone: 'Asia/Karachi',
      expected: '2026-05-01T05:00:00.000Z',
    },
    {
      title: 'before it opens (Kolkata 08:30 → 10:00)',
      now: '2026-05-01T03:00:00.000Z',
      zone: 'Asia/Kolkata',
      expected: '2026-05-01T04:30:00.000Z',
    },
    {
      title: 'after it closes (Karachi 21:30 → tomorrow 10:00)',
      now: '2026-05-01T16:30:00.000Z',
      zone: 'Asia/Karachi',
      expected: '2026-05-02T05:00:00.000Z',
    },
    {
      title: 'at the closing minute (20:00 is outside)',
      now: '2026-05-01T15:00:00.000Z',
      zone: 'Asia/Karachi',
      expected: '2026-05-02T05:00:00.000Z',
    },
    {
      title: 'seconds past a minute are kept to the opening',
      now: '2026-05-01T03:00:27.500Z',
      zone: 'Asia/Karachi',
      expected: '2026-05-01T05:00:00.000Z',
    },
  ])('$title', ({ now, zone, expected }) => {
    expect(nextSendTime(at(now), window, zone).toISOString()).toBe(expected);
  });

  it('wraps a window across midnight (22:00–06:00)', () => {
    const night = { opens: 22 * 60, closes: 6 * 60 };
    expect(nextSendTime(at('2026-05-01T18:00:00.000Z'), night, 'UTC').toISOString()).toBe('2026-05-01T22:00:00.000Z');
    expect(nextSendTime(at('2026-05-01T23:00:00.000Z'), night, 'UTC').toISOString()).toBe('2026-05-01T23:00:00.000Z');
    expect(nextSendTime(at('2026-05-02T03:00:00.000Z'), night, 'UTC').toISOString()).toBe('2026-05-02T03:00:00.000Z');
  });

  it('sends at once without a window', () => {
    expect(nextSendTime(at('2026-05-01T03:00:00.000Z'), null, 'Asia/Karachi').toISOString()).toBe('2026-05-01T03:00:00.000Z');
  });

  it("takes the zone from a one-zone country, else the shop's, else UTC", () => {
    expect(shopperTimeZone('PK', 'Europe/London')).toBe('Asia/Karachi');
    expect(shopperTimeZone('in', null)).toBe('Asia/Kolkata');
    expect(shopperTimeZone('US', 'Asia/Karachi')).toBe('Asia/Karachi');
    expect(shopperTimeZone(null, null)).toBe('UTC');
  });
});
