import type { Expr, Value } from './segment-query.ast.ts';

// Tree -> canonical text: upper-case keywords, single spaces, parentheses only where the
// precedence (NOT > AND > OR, left-grouping) needs them. Parsing the text gives the tree back.

export function printValue(v: Value): string {
  switch (v.kind) {
    case 'number':
      return String(v.value);
    case 'string':
      return `'${v.value.replaceAll("'", "''")}'`;
    case 'date':
      return v.value;
    case 'relative':
      return `-${v.amount}${v.unit}`;
  }
}

const level = (e: Expr): number => (e.kind === 'or' ? 1 : e.kind === 'and' ? 2 : e.kind === 'not' ? 3 : 4);

function child(e: Expr, min: number): string {
  const text = printSegmentQuery(e);
  return level(e) < min ? `(${text})` : text;
}

export function printSegmentQuery(e: Expr): string {
  switch (e.kind) {
    case 'or':
      // Left-grouping: a right operand of the same level needs parentheses to stay on the right.
      return `${child(e.left, 1)} OR ${child(e.right, 2)}`;
    case 'and':
      return `${child(e.left, 2)} AND ${child(e.right, 3)}`;
    case 'not':
      return `NOT ${child(e.expr, 3)}`;
    case 'compare':
      return `${e.field} ${e.op} ${printValue(e.value)}`;
    case 'between':
      return `${e.field} BETWEEN ${printValue(e.low)} AND ${printValue(e.high)}`;
    case 'in':
      return `${e.field} IN (${e.values.map(printValue).join(', ')})`;
    case 'contains':
      return `${e.field} CONTAINS ${printValue(e.value)}`;
    case 'null':
      return `${e.field} IS ${e.negated ? 'NOT ' : ''}NULL`;
  }
}
