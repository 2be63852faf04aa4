import { describe, expect, it } from 'vitest';
import { FIELD_NAMES, operatorsOf, SEGMENT_FIELDS, type FieldSpec } from '../../src/crm/segments/segment-fields.ts';
import { parseSegmentQuery } from '../../src/crm/segments/segment-query.parser.ts';
import { applySuggestion, complete, errorSpan } from '../../web/src/components/segments/completion.ts';

// The Segments editor's autocomplete and one-click fix (web/src/components/segments/completion.ts),
// over the real field catalogue and checked against the real parser.

const fields = FIELD_NAMES.map((name) => {
  const spec: FieldSpec = SEGMENT_FIELDS[name];
  return {
    name,
    type: spec.type,
    many: spec.many ?? false,
    nullable: spec.nullable,
    operators: [...operatorsOf(name)],
    values: [...(spec.values ?? [])],
    description: spec.description,
  };
});

/** `|` marks the cursor. */
const at = (marked: string) => {
  const cursor = marked.indexOf('|');
  const text = marked.replace('|', '');
  const c = complete(text, cursor, fields);
  return { ...c, inserts: c.options.map((o) => o.insert), replaced: text.slice(c.from, c.to) };
};

describe('segment query completion', () => {
  it.each([
    ['a field name from the word at the cursor', 'last_ord|', ['last_order_date'], 'last_ord'],
    ['fields containing the word, those starting with it first', 'number_of_orders > 1 AND rate|', ['rto_rate'], 'rate'],
    ['the word around the cursor is replaced whole', 'amount_sp|ent > 1', ['amount_spent'], 'amount_spent'],
    ["a field's operators after it", 'tags |', ['CONTAINS', 'IN', 'IS NULL', 'IS NOT NULL'], ''],
    ["an enum's values after `field =`", 'churn_risk = |', ["'low'", "'medium'", "'high'"], ''],
    ['values filtered inside an open quote', "payment_method != 'ca|", ["'card'"], "'ca"],
    ['values inside an IN list', "rfm_segment NOT IN ('lost', 'ch|", ["'champions'"], "'ch"],
    ['AND / OR after a complete condition', 'number_of_orders > 1 |', ['AND', 'OR'], ''],
    ['nothing to pick while a number is typed', 'amount_spent >= |', [], ''],
  ])('%s', (_title, marked, inserts, replaced) => {
    const c = at(marked);
    expect(c.inserts).toEqual(inserts);
    expect(c.replaced).toBe(replaced);
  });

  it('says which field a value is for, so the editor can name its kind', () => {
    expect(at('last_order_date < |').valueField?.type).toBe('date');
    expect(at('amount_spent BETWEEN 10 AND |').valueField?.type).toBe('money');
    expect(at('number_of_orders > 1 AND |').valueField).toBeUndefined();
  });

  it('every completed enum value makes a query the parser accepts', () => {
    for (const f of fields.filter((x) => x.values.length)) {
      const c = at(`${f.name} = |`);
      for (const insert of c.inserts) expect([f.name, parseSegmentQuery(`${f.name} = ${insert}`).ok]).toEqual([f.name, true]);
    }
  });
});

describe('positioned errors and their fix', () => {
  it.each([
    ['an unknown field', 'last_order > -90d'],
    ['an operator a list does not take', "tags = 'vip'"],
    ['an enum value with a typo', "rfm_segment = 'champion'"],
    ['a misspelt keyword', "number_of_orders > 1 ANDD city = 'Lahore'"],
  ])('%s: the mark covers the word, and the suggestion makes the query parse', (_title, query) => {
    const r = parseSegmentQuery(query);
    if (r.ok) throw new Error(`${query} parsed`);
    expect(r.error.suggestion).toBeDefined();
    const { from, to } = errorSpan(query, r.error.position);
    expect(to).toBeGreaterThan(from);
    const fixed = applySuggestion(query, r.error.position, r.error.suggestion!);
    expect(parseSegmentQuery(fixed.text).ok).toBe(true);
  });

  it('marks the end of a query that stopped too soon', () => {
    expect(errorSpan('number_of_orders >', 18)).toEqual({ from: 18, to: 18 });
  });
});
