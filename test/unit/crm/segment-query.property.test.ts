import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIELD_NAMES } from '../../../src/crm/segments/segment-fields.ts';
import { parseSegmentQuery } from '../../../src/crm/segments/segment-query.parser.ts';
import { printSegmentQuery } from '../../../src/crm/segments/segment-query.printer.ts';
import { exprArb } from '../../helpers/segment-query.arbitraries.ts';

// The parser and the printer agree on every tree, and no input makes the parser throw.

const WORDS = ['AND', 'or', 'NOT', 'BETWEEN', 'IN', 'contains', 'IS', 'NULL', '(', ')', ',', '=', '!=', '>', '>=', '<', '<=', '<>'];
const soup = fc
  .array(
    fc.oneof(
      fc.constantFrom(...WORDS, ...FIELD_NAMES),
      fc.string({ unit: 'grapheme', maxLength: 6 }),
      fc.string({ maxLength: 5 }).map((s) => `'${s}'`),
      fc.double({ noNaN: true }).map(String),
      fc.constantFrom('2026-01-31', '2026-02-30', '-90d', '-12w', '-6m', '-1y', '-5q', "'cod'", "'champions'", "'لاہور'"),
    ),
    { maxLength: 14 },
  )
  .map((parts) => parts.join(' '));

describe('segment query properties', () => {
  it('parse(print(tree)) is the tree', () => {
    fc.assert(
      fc.property(exprArb(), (tree) => {
        const text = printSegmentQuery(tree);
        const again = parseSegmentQuery(text);
        expect(again).toEqual({ ok: true, query: tree });
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws, and every error points inside the text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), soup), (text) => {
        const r = parseSegmentQuery(text);
        if (!r.ok) {
          expect(r.error.position).toBeGreaterThanOrEqual(0);
          expect(r.error.position).toBeLessThanOrEqual(text.length);
          expect(r.error.message.length).toBeGreaterThan(0);
        } else {
          // What parses prints to a canonical text that parses to the same tree.
          expect(parseSegmentQuery(printSegmentQuery(r.query))).toEqual(r);
        }
      }),
      { numRuns: 1500 },
    );
  });
});
