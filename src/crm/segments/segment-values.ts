import { daysInMonth } from './segment-query.lexer.ts';
import type { Value } from './segment-query.ast.ts';

// What a literal means once the shop and the clock are known: a date value is a UTC day, money
// a number of minor units. The reference evaluator and the SQL compiler share these, so both
// read `-6m` and `19.99` the same way.

/** `YYYY-MM-DD` of an instant, in UTC. */
export const utcDay = (instant: Date | string): string => new Date(instant).toISOString().slice(0, 10);

function format(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The day a date value names: absolute as written, relative counted back from today (UTC). A month back from 31 March is the last of February. */
export function resolveDay(value: Extract<Value, { kind: 'date' | 'relative' }>, now: Date): string {
  if (value.kind === 'date') return value.value;
  const [y, m, d] = utcDay(now).split('-').map(Number) as [number, number, number];
  if (value.unit === 'd' || value.unit === 'w') {
    const days = value.amount * (value.unit === 'w' ? 7 : 1);
    return utcDay(new Date(Date.UTC(y, m - 1, d) - days * 86_400_000));
  }
  const months = y * 12 + (m - 1) - value.amount * (value.unit === 'y' ? 12 : 1);
  const year = Math.floor(months / 12);
  const month = (months % 12) + 1;
  return format(year, month, Math.min(d, daysInMonth(year, month)));
}

/** The day after `day`. */
export function nextDay(day: string): string {
  return utcDay(new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000));
}

/** The first instant of a UTC day, in the form instants are stored (ISO, milliseconds, Z). */
export const startOf = (day: string): string => `${day}T00:00:00.000Z`;

/**
 * Major units -> minor units through the decimal text, never by multiplying floats (19.99 × 100
 * is 1998.9999…). A value finer than the currency (0.005 USD) stays fractional, and compares as such.
 */
export function toMinorUnits(major: number, exponent: number): number {
  const text = String(major);
  return text.includes('e') ? major * 10 ** exponent : Number(`${text}e${exponent}`);
}
