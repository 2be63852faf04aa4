import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Value } from '../../../src/crm/segments/segment-query.ast.ts';
import { compileSegmentQuery } from '../../../src/db/queries/segment-query.sql.ts';
import { conditionArb, exprArb } from '../../helpers/segment-query.arbitraries.ts';

// Every literal of a segment query reaches the database as a bound parameter, never as SQL text:
// texts marked with a sentinel never appear in the compiled condition, whatever they contain.

const MARK = '§§';
const marked: fc.Arbitrary<Value> = fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => ({ kind: 'string', value: `${MARK}${s}` }));
const texts = {
  tags: marked,
  store: marked,
  city: marked,
  province: marked,
  country: marked,
  language: marked,
  tier: marked,
  products_purchased: marked,
};

describe('segment query SQL', () => {
  it.each(['sqlite', 'pg'] as const)('binds every literal as a parameter (%s)', (dialect) => {
    fc.assert(
      fc.property(exprArb(conditionArb(texts)), (query) => {
        const { where, params } = compileSegmentQuery(query, { dialect, accountId: 'acc_1', now: new Date(), currencyExponent: 2 });
        expect(where).not.toContain(MARK);
        expect(where.startsWith('c.account_id = :accountId AND c.redacted_at IS NULL AND ')).toBe(true);
        // Each parameter the text names is bound, and each bound one is named.
        const named = new Set([...where.matchAll(/:([A-Za-z_]\w*)/g)].map((m) => m[1]));
        expect(named).toEqual(new Set(Object.keys(params)));
      }),
      { numRuns: 500 },
    );
  });
});
