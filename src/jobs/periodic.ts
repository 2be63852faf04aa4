import type { Logger } from '../lib/logger.ts';

// The one way Rapport runs work on a timer. Each run is followed by a pause of `intervalMs` plus
// up to `jitter` of it at random (instances and tasks drift apart instead of calling a platform
// at the same instant), so runs never overlap. A failed run is logged and the next one comes as
// usual. Timers are unref'd: a periodic job never keeps the process alive. `isLeader` lets only
// one instance run jobs that must not run twice (lib/leader.ts: on PostgreSQL an advisory lock,
// on SQLite always this process); it is asked on every tick, and a run it declines is skipped, not queued.

/** Whether this instance runs the singleton jobs now (`LeaderElection.isLeader`, lib/leader.ts). */
export type IsLeader = () => boolean | Promise<boolean>;

export type PeriodicOptions = {
  /** Named in logs. */
  name: string;
  intervalMs: number;
  /** Fraction of the interval added at random to each pause (default 0.1). */
  jitter?: number;
  /** First run on the next turn of the event loop instead of after the first pause. */
  runAtStart?: boolean;
  run: () => Promise<unknown>;
  logger: Logger;
  isLeader?: IsLeader;
};

export type PeriodicJob = {
  /** No run starts after this; resolves once the run in flight (if any) has finished. */
  stop: () => Promise<void>;
};

export function startPeriodic(options: PeriodicOptions): PeriodicJob {
  const jitter = Math.max(0, options.jitter ?? 0.1);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(tick, ms);
    timer.unref();
  };
  const pause = () => options.intervalMs * (1 + jitter * Math.random());

  function tick(): void {
    timer = undefined;
    inFlight = runOnce().finally(() => schedule(pause()));
  }

  async function runOnce(): Promise<void> {
    try {
      if (options.isLeader && !(await options.isLeader())) return;
      if (stopped) return;
      await options.run();
    } catch (err) {
      options.logger.error({ job: options.name, err }, `${options.name} failed`);
    }
  }

  schedule(options.runAtStart ? 0 : pause());
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}
