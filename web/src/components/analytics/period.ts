// The Analytics page's period: a preset of the last N UTC days (today included) or a custom
// range. The API takes UTC days with `to` inclusive, at most MAX_DAYS long
// (src/http/admin/analytics-period.ts); a custom range is checked here first so a typo never
// becomes a request.

export const presets = [30, 90, 365] as const;
export const MAX_DAYS = 1096;
const DAY_MS = 86_400_000;

export type Period = { from: string; to: string };

/** The last `days` UTC days, today included. */
export function lastDays(days: number, now = Date.now()): Period {
  return { from: new Date(now - (days - 1) * DAY_MS).toISOString().slice(0, 10), to: new Date(now).toISOString().slice(0, 10) };
}

export type RangeProblem = 'missing' | 'order' | 'tooLong';

/** Why a custom range cannot be asked for, or null when it can. */
export function rangeProblem(p: Period): RangeProblem | null {
  // A real calendar day: Date.parse alone would take 2026-02-30 for March 2.
  const valid = (d: string) => {
    const ms = /^\d{4}-\d{2}-\d{2}$/.test(d) ? Date.parse(`${d}T00:00:00Z`) : Number.NaN;
    return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === d;
  };
  if (!valid(p.from) || !valid(p.to)) return 'missing';
  const days = (Date.parse(p.to) - Date.parse(p.from)) / DAY_MS + 1;
  if (days < 1) return 'order';
  return days > MAX_DAYS ? 'tooLong' : null;
}
