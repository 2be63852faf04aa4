import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startPeriodic, type PeriodicOptions } from '../../../src/jobs/periodic.ts';
import { createLogger } from '../../../src/lib/logger.ts';

// The one timer helper every scheduler uses, on real timers at ~10 ms intervals: what is asserted
// is behaviour (overlap, stop, errors, leadership), never how precise a timer is.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A real logger writing to memory, so what the helper logs can be read back. */
function memoryLogger() {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, logger: createLogger('info', { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) }) };
}

const start = (o: Partial<PeriodicOptions> & Pick<PeriodicOptions, 'run'>) =>
  startPeriodic({ name: 'test job', intervalMs: 10, logger: memoryLogger().logger, ...o });

describe('startPeriodic', () => {
  it('runs again and again, waiting for the first pause unless asked to start at once', async () => {
    let runs = 0;
    const job = start({
      run: async () => {
        runs++;
      },
    });
    expect(runs).toBe(0);
    await sleep(150);
    await job.stop();
    expect(runs).toBeGreaterThanOrEqual(3);

    let early = 0;
    const slow = start({
      intervalMs: 60_000,
      runAtStart: true,
      run: async () => {
        early++;
      },
    });
    await sleep(50);
    await slow.stop();
    expect(early).toBe(1);
  });

  it('never overlaps runs, even when a run takes longer than the interval', async () => {
    let active = 0;
    let most = 0;
    let runs = 0;
    const job = start({
      intervalMs: 1,
      jitter: 0,
      run: async () => {
        active++;
        most = Math.max(most, active);
        await sleep(25);
        active--;
        runs++;
      },
    });
    await sleep(200);
    await job.stop();
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(most).toBe(1);
  });

  it('stop waits for the run in flight, and no run starts after it', async () => {
    let started = 0;
    let finished = 0;
    const job = start({
      runAtStart: true,
      run: async () => {
        started++;
        await sleep(60);
        finished++;
      },
    });
    await sleep(20);
    expect(started).toBe(1);
    await job.stop();
    expect(finished).toBe(1);
    await sleep(60);
    expect(started).toBe(1);
  });

  it('logs a failed run and keeps running', async () => {
    const { lines, logger } = memoryLogger();
    let calls = 0;
    const job = startPeriodic({
      name: 'flaky job',
      intervalMs: 5,
      logger,
      run: async () => {
        calls++;
        if (calls <= 2) throw new Error(`boom ${calls}`);
      },
    });
    await sleep(150);
    await job.stop();
    expect(calls).toBeGreaterThanOrEqual(4);
    const errors = lines.filter((l) => l.msg === 'flaky job failed');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({ job: 'flaky job', err: expect.objectContaining({ message: 'boom 1' }) });
  });

  it('skips runs while this instance is not the leader, and resumes when it is', async () => {
    let leader = false;
    let asked = 0;
    let runs = 0;
    const job = start({
      intervalMs: 5,
      isLeader: async () => {
        asked++;
        return leader;
      },
      run: async () => {
        runs++;
      },
    });
    await sleep(80);
    expect(asked).toBeGreaterThanOrEqual(3);
    expect(runs).toBe(0);
    leader = true;
    await sleep(80);
    await job.stop();
    expect(runs).toBeGreaterThanOrEqual(2);
  });

  it('a leadership check that throws is logged like a failed run', async () => {
    const { lines, logger } = memoryLogger();
    let runs = 0;
    const job = startPeriodic({
      name: 'led job',
      intervalMs: 5,
      logger,
      isLeader: () => {
        throw new Error('lock lost');
      },
      run: async () => {
        runs++;
      },
    });
    await sleep(60);
    await job.stop();
    expect(runs).toBe(0);
    expect(lines.some((l) => l.msg === 'led job failed')).toBe(true);
  });

  it('never keeps the process alive', () => {
    // A process whose only work is a periodic job due in a minute exits at once.
    const helper = fileURLToPath(new URL('../../../src/jobs/periodic.ts', import.meta.url));
    const script = `import { startPeriodic } from ${JSON.stringify(helper)};
      startPeriodic({ name: 'idle', intervalMs: 60000, logger: { error() {} }, run: async () => {} });`;
    const began = Date.now();
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(Date.now() - began).toBeLessThan(20_000);
  });
});
