import type { z } from 'zod';
import type { segmentFieldSchema } from '../../../../src/http/admin/segments.schemas.ts';

// Types from the schema itself, not api.ts: the unit test imports this file outside the web build.
type SegmentField = z.infer<typeof segmentFieldSchema>;

// Autocomplete for the segment query editor, pure so it reads (and tests) without a browser.
// It looks only at the text before the cursor: the word being typed, and the one or two tokens
// before it, which say whether a field, an operator, an enum value or AND/OR comes next.

export type Completion = {
  /** What replaces `text.slice(from, to)`. */
  insert: string;
  /** The field's one-line description, or nothing for keywords and values. */
  detail?: string;
};
export type Completions = {
  from: number;
  to: number;
  options: Completion[];
  /** The field whose value is being typed, when it is one: the editor says what kind of value it takes. */
  valueField?: SegmentField;
};

const WORD_CHAR = /[A-Za-z0-9_]/;
const MAX_OPTIONS = 8;

/** The quote that opens the text literal the cursor is in, or -1 (a doubled '' is an escaped quote). */
function openQuote(text: string, cursor: number): number {
  let open = -1;
  for (let i = 0; i < cursor; i++) {
    if (text[i] !== "'") continue;
    if (open === -1) open = i;
    else if (text[i + 1] === "'" && i + 1 < cursor) i++;
    else open = -1;
  }
  return open;
}

/** The tokens before `end`, last first: words, operators, parentheses and commas (strings count as one token). */
function tokensBefore(text: string, end: number): string[] {
  const re = /'(?:[^']|'')*'|[A-Za-z0-9_.-]+|!=|>=|<=|[=<>(),]/g;
  return (text.slice(0, end).match(re) ?? []).reverse();
}

const startsWith = (candidate: string, typed: string) => candidate.toLowerCase().startsWith(typed.toLowerCase());

/** What may be typed at `cursor` in `text`, given the field catalogue. */
export function complete(text: string, cursor: number, fields: readonly SegmentField[]): Completions {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const quote = openQuote(text, cursor);
  if (quote >= 0) {
    // Inside a text value: enum values of the field named before the operator.
    const field = fieldTakingValue(tokensBefore(text, quote), byName);
    const typed = text.slice(quote + 1, cursor);
    const end = text.indexOf("'", cursor);
    const to = end === -1 ? cursor : end + 1;
    const values = (field?.values ?? []).filter((v) => startsWith(v, typed) && v !== typed);
    return { from: quote, to, options: values.slice(0, MAX_OPTIONS).map((v) => ({ insert: `'${v}'` })), valueField: field };
  }
  let from = cursor;
  while (from > 0 && WORD_CHAR.test(text[from - 1]!)) from--;
  let to = cursor;
  while (to < text.length && WORD_CHAR.test(text[to]!)) to++;
  const typed = text.slice(from, cursor);
  const before = tokensBefore(text, from);
  const previous = before[0];

  const valueField = fieldTakingValue(before, byName);
  if (valueField) {
    // `churn_risk = ` or `payment_method IN ('cod', `: the enum's values, quoted; other fields
    // take a number, date or text the merchant types (the list says which kind).
    const values = valueField.values.filter((v) => startsWith(v, typed));
    return { from, to, options: values.slice(0, MAX_OPTIONS).map((v) => ({ insert: `'${v}'` })), valueField };
  }
  const previousField = previous ? byName.get(previous.toLowerCase()) : undefined;
  if (previousField) {
    // After a field: its operators (the words of them, such as IS NULL, in full).
    const ops = previousField.operators.filter((o) => typed === '' || startsWith(o, typed));
    return { from, to, options: ops.slice(0, MAX_OPTIONS).map((o) => ({ insert: o })) };
  }
  const expectsCondition = previous === undefined || previous === '(' || /^(AND|OR|NOT)$/i.test(previous);
  if (expectsCondition) {
    const matches = fields
      .filter((f) => f.name.includes(typed.toLowerCase()))
      // Names that start with what was typed first, then those that merely contain it.
      .sort((a, b) => Number(!a.name.startsWith(typed.toLowerCase())) - Number(!b.name.startsWith(typed.toLowerCase())));
    if (matches.length === 1 && matches[0]!.name === typed.toLowerCase()) return { from, to, options: [] };
    return { from, to, options: matches.slice(0, MAX_OPTIONS).map((f) => ({ insert: f.name, detail: f.description })) };
  }
  // After a complete condition (a value or a closing parenthesis): join with AND or OR.
  const completeCondition = previous === ')' || previous.startsWith("'") || /^-?[0-9]/.test(previous) || /^NULL$/i.test(previous);
  if (completeCondition) {
    return {
      from,
      to,
      options: ['AND', 'OR'].filter((k) => startsWith(k, typed) && k !== typed.toUpperCase()).map((k) => ({ insert: k })),
    };
  }
  return { from, to, options: [] };
}

const COMPARISONS = new Set(['=', '!=', '>', '>=', '<', '<=']);

/**
 * The field whose value comes next: `field =` (any comparison), `field BETWEEN`, `field BETWEEN x AND`,
 * `field CONTAINS`, `field IN (` or `field IN ('a',`.
 */
function fieldTakingValue(before: string[], byName: Map<string, SegmentField>): SegmentField | undefined {
  const field = (name: string | undefined) => (name ? byName.get(name.toLowerCase()) : undefined);
  const is = (i: number, word: string) => (before[i] ?? '').toUpperCase() === word;
  const first = before[0];
  if (first === undefined) return undefined;
  if (COMPARISONS.has(first) || is(0, 'CONTAINS') || is(0, 'BETWEEN'))
    return field(before[1]) ?? (is(1, 'NOT') ? field(before[2]) : undefined);
  // `amount_spent BETWEEN 10 AND`: the second bound.
  if (is(0, 'AND') && is(2, 'BETWEEN')) return field(before[3]) ?? (is(3, 'NOT') ? field(before[4]) : undefined);
  let i = 0;
  if (first === ',') {
    // Inside an IN list: walk back over values and commas to the opening parenthesis.
    while (i < before.length && before[i] !== '(') i++;
  }
  if (before[i] === '(' && is(i + 1, 'IN')) return field(before[i + 2]) ?? (is(i + 2, 'NOT') ? field(before[i + 3]) : undefined);
  return undefined;
}

/**
 * The stretch of text a positioned error points at: a quoted text, a word, an operator, or one
 * character; at the end of the text, nothing (the editor shows a caret there).
 */
export function errorSpan(text: string, position: number): { from: number; to: number } {
  const at = text[position];
  if (at === undefined) return { from: text.length, to: text.length };
  if (at === "'") {
    let i = position + 1;
    while (i < text.length) {
      if (text[i] === "'" && text[i + 1] === "'") i += 2;
      else if (text[i] === "'") return { from: position, to: i + 1 };
      else i++;
    }
    return { from: position, to: text.length };
  }
  const run = WORD_CHAR.test(at) ? WORD_CHAR : /[!<>=]/.test(at) ? /[!<>=]/ : null;
  if (!run) return { from: position, to: position + 1 };
  let to = position;
  while (to < text.length && run.test(text[to]!)) to++;
  return { from: position, to };
}

/** The query with the error's word replaced by the suggestion (a value keeps its quotes). */
export function applySuggestion(text: string, position: number, suggestion: string): { text: string; cursor: number } {
  const { from, to } = errorSpan(text, position);
  const quoted = text[position] === "'" && !suggestion.startsWith("'") ? `'${suggestion.replace(/'/g, "''")}'` : suggestion;
  return { text: text.slice(0, from) + quoted + text.slice(to), cursor: from + quoted.length };
}
