import type { RelativeUnit, SegmentQueryError } from './segment-query.ast.ts';

// Splits a segment query into tokens, each with its offset in the text. Never throws: a
// character it cannot read is an error value with its position.

export type Token =
  | { type: 'word'; text: string; pos: number }
  | { type: 'string'; value: string; pos: number }
  | { type: 'number'; value: number; pos: number }
  | { type: 'date'; value: string; pos: number }
  | { type: 'relative'; amount: number; unit: RelativeUnit; pos: number }
  | { type: 'op'; text: '=' | '!=' | '>' | '>=' | '<' | '<='; pos: number }
  | { type: '(' | ')' | ','; pos: number }
  | { type: 'eof'; pos: number };

export const KEYWORDS = ['AND', 'OR', 'NOT', 'BETWEEN', 'IN', 'CONTAINS', 'IS', 'NULL'] as const;

// Far enough back for any shop's history, near enough that the day stays a valid date.
const RELATIVE_LIMITS: Record<RelativeUnit, number> = { d: 36_500, w: 5_200, m: 1_200, y: 100 };

const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const DATE = /(\d{4})-(\d{2})-(\d{2})(?![A-Za-z0-9_.])/y;
const RELATIVE = /-(\d+)([dwmy])(?![A-Za-z0-9_.])/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![A-Za-z0-9_.])/y;
const SPACE = /\s+/y;

const at = (re: RegExp, text: string, pos: number): RegExpExecArray | null => {
  re.lastIndex = pos;
  return re.exec(text);
};

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

export const daysInMonth = (y: number, m: number): number => [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;

export const isValidDay = (y: number, m: number, d: number): boolean => y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);

export function tokenize(text: string): { ok: true; tokens: Token[] } | { ok: false; error: SegmentQueryError } {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < text.length) {
    const space = at(SPACE, text, pos);
    if (space) {
      pos += space[0].length;
      continue;
    }
    const ch = text[pos]!;
    if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ type: ch, pos });
      pos++;
      continue;
    }
    if (ch === "'") {
      let value = '';
      let i = pos + 1;
      for (;;) {
        if (i >= text.length) return { ok: false, error: { position: pos, message: 'This text has no closing quote', expected: ["'"] } };
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          break;
        }
        value += text[i];
        i++;
      }
      tokens.push({ type: 'string', value, pos });
      pos = i + 1;
      continue;
    }
    const two = text.slice(pos, pos + 2);
    if (two === '!=' || two === '>=' || two === '<=') {
      tokens.push({ type: 'op', text: two, pos });
      pos += 2;
      continue;
    }
    if (two === '<>') {
      return { ok: false, error: { position: pos, message: 'Write "not equal" as !=', suggestion: '!=' } };
    }
    if (ch === '=' || ch === '>' || ch === '<') {
      tokens.push({ type: 'op', text: ch, pos });
      pos++;
      continue;
    }
    const date = at(DATE, text, pos);
    if (date) {
      const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
      if (!isValidDay(y, m, d)) return { ok: false, error: { position: pos, message: `${date[0]} is not a date (YYYY-MM-DD)` } };
      tokens.push({ type: 'date', value: date[0], pos });
      pos += date[0].length;
      continue;
    }
    const relative = at(RELATIVE, text, pos);
    if (relative) {
      const unit = relative[2] as RelativeUnit;
      const amount = Number(relative[1]);
      if (amount > RELATIVE_LIMITS[unit]) {
        return { ok: false, error: { position: pos, message: `At most -${RELATIVE_LIMITS[unit]}${unit} back` } };
      }
      tokens.push({ type: 'relative', amount, unit, pos });
      pos += relative[0].length;
      continue;
    }
    const number = at(NUMBER, text, pos);
    if (number) {
      const value = Number(number[0]);
      if (!Number.isFinite(value)) return { ok: false, error: { position: pos, message: 'This number is too large' } };
      // -0 reads as 0: one number, one tree.
      tokens.push({ type: 'number', value: value === 0 ? 0 : value, pos });
      pos += number[0].length;
      continue;
    }
    const word = at(WORD, text, pos);
    if (word) {
      tokens.push({ type: 'word', text: word[0], pos });
      pos += word[0].length;
      continue;
    }
    if (/[-\d]/.test(ch)) {
      return {
        ok: false,
        error: { position: pos, message: 'Not a number, a date (2026-01-31) or a relative date (-90d, -12w, -6m, -1y)' },
      };
    }
    return { ok: false, error: { position: pos, message: `Unexpected character ${JSON.stringify(ch)}` } };
  }
  tokens.push({ type: 'eof', pos: text.length });
  return { ok: true, tokens };
}
