import type { FieldName } from './segment-fields.ts';

// The typed tree of a segment query. It carries no source positions, so a query printed and
// parsed again is the same tree (the parser reports positions while it builds it).

export type RelativeUnit = 'd' | 'w' | 'm' | 'y';

export type Value =
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  /** An absolute UTC day, `YYYY-MM-DD`. */
  | { kind: 'date'; value: string }
  /** So many days, weeks, months or years before today (`-90d`). */
  | { kind: 'relative'; amount: number; unit: RelativeUnit };

export type Comparison = '=' | '!=' | '>' | '>=' | '<' | '<=';

export type Condition =
  | { kind: 'compare'; field: FieldName; op: Comparison; value: Value }
  | { kind: 'between'; field: FieldName; low: Value; high: Value }
  | { kind: 'in'; field: FieldName; values: Value[] }
  | { kind: 'contains'; field: FieldName; value: Value }
  | { kind: 'null'; field: FieldName; negated: boolean };

export type Expr =
  Condition | { kind: 'and'; left: Expr; right: Expr } | { kind: 'or'; left: Expr; right: Expr } | { kind: 'not'; expr: Expr };

/** Where a query went wrong, as a value: `position` is an offset into the text (UTF-16 units, as JavaScript counts). */
export type SegmentQueryError = {
  position: number;
  message: string;
  /** What would have been accepted there. */
  expected?: string[];
  /** The closest known word, for "did you mean …?". */
  suggestion?: string;
};

export type ParseResult = { ok: true; query: Expr } | { ok: false; error: SegmentQueryError };

/** Whether the query names any of these fields (which segments a change of those fields can move). */
export function readsAnyField(expr: Expr, fields: ReadonlySet<FieldName>): boolean {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return readsAnyField(expr.left, fields) || readsAnyField(expr.right, fields);
    case 'not':
      return readsAnyField(expr.expr, fields);
    default:
      return fields.has(expr.field);
  }
}
