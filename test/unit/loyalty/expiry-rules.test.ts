import { describe, expect, it } from 'vitest';
import { birthdaysOn } from '../../../src/crm/loyalty/birthdays.service.ts';
import { addMonths } from '../../../src/crm/loyalty/calendar.ts';
import { dueByCutoff, expiresAt, nextExpiry } from '../../../src/crm/loyalty/expiry.service.ts';

// The pure rules behind expiry and birthdays, one table row per edge.

describe('calendar months', () => {
  it.each([
    ['2026-01-31T10:00:00.000Z', 1, '2026-02-28T10:00:00.000Z'],
    ['2028-01-31T10:00:00.000Z', 1, '2028-02-29T10:00:00.000Z'],
    ['2026-03-31T00:00:00.000Z', -1, '2026-02-28T00:00:00.000Z'],
    ['2026-11-15T00:00:00.000Z', 2, '2027-01-15T00:00:00.000Z'],
    ['2025-12-01T09:00:00.000Z', 12, '2026-12-01T09:00:00.000Z'],
  ])('%s %+d months -> %s', (from, months, to) => expect(addMonths(from, months)).toBe(to));

  it('points expire at the end of the UTC day', () => {
    expect(expiresAt('2026-01-10T23:30:00+05:00', 6)).toBe('2026-07-11T00:00:00.000Z');
  });
});

describe('first in, first out', () => {
  const flows = {
    credits: [
      { occurredAt: '2026-01-10T10:00:00.000Z', points: 100 },
      { occurredAt: '2026-02-20T10:00:00.000Z', points: 50 },
    ],
    debited: 120,
  };
  it.each([
    ['before anything is due', '2026-07-10T00:00:00.000Z', 0],
    ['the first credit, covered by spending', '2026-07-11T00:00:00.000Z', 0],
    ['both credits, less what was spent', '2026-08-21T00:00:00.000Z', 30],
  ])('%s', (_t, cutoff, due) => expect(dueByCutoff(flows, 6, cutoff)).toBe(due));

  it('next expiry is the oldest credit not yet used up', () => {
    expect(nextExpiry(flows, 6)).toBe('2026-08-21T00:00:00.000Z');
    expect(nextExpiry({ ...flows, debited: 150 }, 6)).toBeNull();
  });
});

describe('birthdays', () => {
  it.each([
    ['2027-02-28T12:00:00.000Z', ['02-28', '02-29']],
    ['2028-02-28T12:00:00.000Z', ['02-28']],
    ['2028-02-29T00:00:00.000Z', ['02-29']],
    ['2027-03-15T23:59:59.000Z', ['03-15']],
  ])('%s', (now, days) => expect(birthdaysOn(now)).toEqual(days));
});
