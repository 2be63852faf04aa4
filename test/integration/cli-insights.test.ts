import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { CDNOW_PATH, cdnowAvailable } from '../unit/insights/cdnow.ts';

// `npx rapport insights fit` as a child process: the CDNOW sample, a small CSV, and bad input.
// It needs no database.

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'rapport-insights-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rapport(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/rapport.js', 'insights', 'fit', ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const shape = (o: Record<string, unknown>) => ({
  top: Object.keys(o).sort(),
  bgnbd: Object.keys(o.bgnbd as object).sort(),
  gammaGamma: Object.keys(o.gammaGamma as object).sort(),
  holdout: Object.keys(o.holdout as object).sort(),
});
const SHAPE = {
  top: ['bgnbd', 'customers', 'gammaGamma', 'holdout', 'repeaters'],
  bgnbd: ['a', 'alpha', 'b', 'logLikelihood', 'r'],
  gammaGamma: ['gamma', 'p', 'q'],
  holdout: ['actual', 'predicted'],
};

const csv = join(dir, 'shop.csv');
writeFileSync(
  csv,
  [
    'customer_id,date,amount',
    'a,2024-01-01,10.00',
    'a,2024-01-01,5.00', // same day as the line above: one transaction
    'a,2024-02-01,20.00',
    'a,2024-03-15,30.00',
    'a,2024-07-01,25.00', // holdout
    'b,2024-01-10,40.00',
    'b,2024-05-01,35.00',
    'b,2024-08-01,12.50', // holdout, twice on one day: one transaction
    'b,2024-08-01,7.50',
    'c,2024-02-01,15.00',
    'd,2024-03-01,22.00',
    'd,2024-04-01,18.00',
    'e,2024-07-15,99.00', // first purchase after calibration: not in the cohort
    '',
  ].join('\n'),
);

describe('rapport insights fit', () => {
  it.skipIf(!cdnowAvailable)('fits CDNOW to the published estimates and prints exactly the documented JSON', async () => {
    const r = await rapport('--transactions', CDNOW_PATH, '--format', 'cdnow', '--calibration-end', '1997-09-30', '--json');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const out = JSON.parse(r.stdout);
    expect(shape(out)).toEqual(SHAPE);
    expect(out).toMatchObject({ customers: 2357, repeaters: 946, holdout: { actual: 1882 } });
    const published = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, logLikelihood: -9582.4 };
    for (const [k, v] of Object.entries(published)) expect(Math.abs(out.bgnbd[k] / v - 1), k).toBeLessThan(0.01);
    for (const [k, v] of Object.entries({ p: 6.25, q: 3.74, gamma: 15.44 }))
      expect(Math.abs(out.gammaGamma[k] / v - 1), k).toBeLessThan(0.01);
    expect(out.holdout.predicted).toBeGreaterThan(1500);
    expect(out.holdout.predicted).toBeLessThan(1882);
  });

  it('fits a small CSV log: same-day purchases merged, later first purchases left out, the rest of the log as holdout', async () => {
    const r = await rapport('--transactions', csv, '--format', 'csv', '--calibration-end', '2024-06-30', '--json');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const out = JSON.parse(r.stdout);
    expect(shape(out)).toEqual(SHAPE);
    expect(out).toMatchObject({ customers: 4, repeaters: 3, holdout: { actual: 2 } });
    for (const v of [...Object.values(out.bgnbd), ...Object.values(out.gammaGamma), out.holdout.predicted])
      expect(Number.isFinite(v)).toBe(true);
    // a holdout that ends before b's two August purchases counts only a's
    const short = await rapport(
      '--transactions',
      csv,
      '--format',
      'csv',
      '--calibration-end',
      '2024-06-30',
      '--holdout-end',
      '2024-07-31',
      '--json',
    );
    expect(JSON.parse(short.stdout).holdout.actual).toBe(1);
  });

  it('prints a readable table without --json', async () => {
    const r = await rapport('--transactions', csv, '--format', 'csv', '--calibration-end', '2024-06-30');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('4 customers (first purchase by 2024-06-30), 3 bought again in calibration');
    expect(r.stdout).toMatch(/^BG\/NBD\s+alpha\s+\S+\s+\S+$/m);
    expect(r.stdout).toMatch(/^Gamma-Gamma\s+gamma\s+/m);
    // four customers do not identify seven parameters, and the table says so
    expect(r.stdout).toContain('n/a: not identified by these data');
    expect(r.stdout).toMatch(/Holdout 4\.571 weeks to 2024-08-01: predicted \d+\.\d repeat purchases, actual 2/);
  });

  it.each([
    [
      'a missing file',
      ['--transactions', join(dir, 'nope.csv'), '--format', 'csv', '--calibration-end', '2024-06-30'],
      /cannot read .*nope\.csv: ENOENT/,
    ],
    [
      'an unknown format',
      ['--transactions', csv, '--format', 'xlsx', '--calibration-end', '2024-06-30'],
      /argument 'xlsx' is invalid.*cdnow, csv/,
    ],
    [
      'a bad date',
      ['--transactions', csv, '--format', 'csv', '--calibration-end', '2024-02-30'],
      /--calibration-end must be a date YYYY-MM-DD/,
    ],
    [
      'the wrong format for the file',
      ['--transactions', csv, '--format', 'cdnow', '--calibration-end', '2024-06-30'],
      /is not a cdnow transaction log: line 1/,
    ],
    [
      'no customers by the calibration end',
      ['--transactions', csv, '--format', 'csv', '--calibration-end', '2023-12-31'],
      /no customer with a purchase on or before 2023-12-31/,
    ],
  ])('rejects %s with one clear line and exit code 1', async (_t, args, message) => {
    const r = await rapport(...args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });
});
