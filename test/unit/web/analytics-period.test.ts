import { describe, expect, it } from 'vitest';
import { heat } from '../../../web/src/components/analytics/heatmap.ts';
import { lastDays, MAX_DAYS, rangeProblem } from '../../../web/src/components/analytics/period.ts';

// The Analytics page's period (what it asks the API for) and its heatmap colours (readable text).

describe('Analytics period', () => {
  const noon = Date.parse('2026-03-01T12:00:00Z');

  it.each([
    [30, '2026-01-31'],
    [90, '2025-12-02'],
    [365, '2025-03-02'],
  ])('the last %i days end today and include it (UTC)', (days, from) => {
    expect(lastDays(days, noon)).toEqual({ from, to: '2026-03-01' });
  });

  it('counts UTC days even just before midnight UTC', () => {
    expect(lastDays(1, Date.parse('2026-03-01T23:59:59Z'))).toEqual({ from: '2026-03-01', to: '2026-03-01' });
  });

  it.each([
    ['one day', { from: '2026-03-01', to: '2026-03-01' }, null],
    ['the longest range', { from: '2024-01-01', to: '2026-12-31' }, null],
    ['one day too long', { from: '2024-01-01', to: '2027-01-01' }, 'tooLong'],
    ['to before from', { from: '2026-03-02', to: '2026-03-01' }, 'order'],
    ['an empty date', { from: '', to: '2026-03-01' }, 'missing'],
    ['a half-typed date', { from: '2026-3-1', to: '2026-03-01' }, 'missing'],
    ['a day that does not exist', { from: '2026-02-30', to: '2026-03-01' }, 'missing'],
  ] as const)('%s', (_title, period, problem) => {
    expect(rangeProblem(period)).toBe(problem);
  });

  it('allows exactly the API limit', () => {
    // 2024-01-01..2026-12-31 is 1096 days (2024 is a leap year): the API's MAX_REPORT_DAYS.
    expect(MAX_DAYS).toBe(1096);
  });
});

describe('retention heatmap colours', () => {
  // WCAG relative luminance and contrast, against Polaris' text colour (#303030).
  const hslToRgb = (h: number, s: number, l: number) => {
    const a = s * Math.min(l, 1 - l);
    const f = (n: number) => {
      const k = (n + h / 30) % 12;
      return l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    };
    return [f(0), f(8), f(4)];
  };
  const luminance = (rgb: number[]) => {
    const [r, g, b] = rgb.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrastWithText = (css: string) => {
    const [, h, s, l] = /^hsl\((\d+) (\d+)% (\d+)%\)$/.exec(css)!.map(Number) as [number, number, number, number];
    const bg = luminance(hslToRgb(h, s / 100, l / 100));
    const text = luminance([48 / 255, 48 / 255, 48 / 255]);
    return (bg + 0.05) / (text + 0.05);
  };

  it('leaves months not yet begun uncoloured', () => {
    expect(heat(null)).toBeUndefined();
  });

  it('deepens with the rate and keeps text at 4.5:1 or better, even above 100 %', () => {
    const rates = [0, 0.1, 0.25, 0.5, 0.75, 1, 1.5];
    const contrasts = rates.map((r) => contrastWithText(heat(r)!));
    for (const c of contrasts) expect(c).toBeGreaterThanOrEqual(4.5);
    expect(heat(0)).not.toBe(heat(1));
    for (let i = 1; i < 6; i++) expect(contrasts[i]!).toBeLessThan(contrasts[i - 1]!);
  });
});
