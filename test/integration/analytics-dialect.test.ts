import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlOf } from '../../src/db/sql/dialect.ts';
import { query } from '../../src/db/sql/executor.ts';
import { STORES, type StoreHarness } from '../helpers/stores.ts';

// The dialect spellings the Analytics reports group and measure by: an instant's UTC month, and
// its UTC day as a whole number of days since 1970-01-01, the same on SQLite (ISO text) and
// PostgreSQL (timestamptz), at the edges of days, months, leap years and the epoch.

const monthAndDay = query((d) => {
  const t = d === 'pg' ? 'CAST(:t AS timestamptz)' : 'CAST(:t AS text)';
  return `SELECT ${sqlOf(d).utcMonth(t)} AS "month", ${sqlOf(d).utcDayNumber(t)} AS "day"`;
});

const CASES: Array<[string, string]> = [
  ['1970-01-01T00:00:00.000Z', '1970-01'],
  ['1969-12-31T23:59:59.999Z', '1969-12'],
  ['2024-02-29T23:59:59.999Z', '2024-02'],
  ['2024-03-01T00:00:00.000Z', '2024-03'],
  ['2026-12-31T23:59:59.999Z', '2026-12'],
  ['2027-01-01T00:00:00.000Z', '2027-01'],
];

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`analytics dialect spellings (${kind.name})`, () => {
    let h: StoreHarness;
    beforeAll(async () => {
      h = await kind.open();
    });
    afterAll(async () => {
      await h?.close();
    });

    it.each(CASES)('%s is in %s, on the UTC day JavaScript counts', async (t, month) => {
      const row = (await h.database.x.get<{ month: string; day: number }>(monthAndDay, { t }))!;
      expect(row).toEqual({ month, day: Math.floor(Date.parse(t) / 86_400_000) });
    });
  });
}
