import fc from 'fast-check';
import { FIELD_NAMES, operatorsOf, SEGMENT_FIELDS, type FieldName, type FieldSpec } from '../../src/crm/segments/segment-fields.ts';
import type { Condition, Expr, Value } from '../../src/crm/segments/segment-query.ast.ts';

// Random segment query trees for property tests. `values` overrides the literals of a field
// (tests over a database draw them from the data, so conditions match someone).

export type ValueArbs = Partial<Record<FieldName, fc.Arbitrary<Value>>>;

const day = fc.date({ min: new Date('0001-01-01T00:00:00.000Z'), max: new Date('9999-12-31T00:00:00.000Z'), noInvalidDate: true });

export function valueOf(field: FieldName, values: ValueArbs = {}): fc.Arbitrary<Value> {
  const given = values[field];
  if (given) return given;
  const spec: FieldSpec = SEGMENT_FIELDS[field];
  switch (spec.type) {
    case 'number':
    case 'money':
      return fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => ({ kind: 'number', value: value === 0 ? 0 : value }));
    case 'date':
      return fc.oneof(
        day.map((d): Value => ({ kind: 'date', value: d.toISOString().slice(0, 10) })),
        fc.record({
          kind: fc.constant('relative' as const),
          amount: fc.integer({ min: 0, max: 100 }),
          unit: fc.constantFrom('d', 'w', 'm', 'y'),
        }),
      );
    case 'text':
    case 'list':
      return fc.string({ unit: 'grapheme' }).map((value) => ({ kind: 'string', value }));
    case 'enum':
      return fc.constantFrom(...(spec.values ?? [])).map((value) => ({ kind: 'string', value }));
  }
}

export const conditionArb = (values: ValueArbs = {}, fields: readonly FieldName[] = FIELD_NAMES): fc.Arbitrary<Condition> =>
  fc.constantFrom(...fields).chain((field) =>
    fc.constantFrom(...operatorsOf(field)).chain((op): fc.Arbitrary<Condition> => {
      const v = valueOf(field, values);
      switch (op) {
        case 'BETWEEN':
          return fc.record({ low: v, high: v }).map(({ low, high }) => ({ kind: 'between', field, low, high }));
        case 'IN':
          return fc.array(v, { minLength: 1, maxLength: 4 }).map((values) => ({ kind: 'in', field, values }));
        case 'CONTAINS':
          return v.map((value) => ({ kind: 'contains', field, value }));
        case 'IS NULL':
        case 'IS NOT NULL':
          return fc.constant({ kind: 'null', field, negated: op === 'IS NOT NULL' });
        default:
          return v.map((value) => ({ kind: 'compare', field, op, value }));
      }
    }),
  );

export const exprArb = (leaf: fc.Arbitrary<Condition> = conditionArb()): fc.Arbitrary<Expr> =>
  fc.letrec<{ expr: Expr }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), left: tie('expr'), right: tie('expr') }),
      fc.record({ kind: fc.constant('not' as const), expr: tie('expr') }),
    ),
  })).expr;
