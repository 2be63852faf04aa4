import { Worker } from 'node:worker_threads';
import type { Logger } from '../lib/logger.ts';

// A WAL checkpoint copies committed pages into the database file and fsyncs it: tens of
// milliseconds once a few thousand pages have piled up. Run by SQLite's auto-checkpoint it
// happens inside whichever commit crosses the threshold, usually a webhook ack, and stalls the
// event loop for all of them (p99 ack 40 ms in bench/ at 2,500 deliveries/s). So the server's
// own connection never checkpoints except as a far-off safety net, and a second connection on
// a worker thread checkpoints every interval, off the event loop.

/** Pages after which the main connection checkpoints by itself if the worker falls behind. */
export const SAFETY_NET_PAGES = 5000;

type WalCheckpointer = {
  /** Asks for a TRUNCATE checkpoint on the next tick (after an erasure: see store.ts). */
  truncate: () => void;
  stop: () => Promise<void>;
};

export function startWalCheckpointer(path: string, logger: Logger, intervalMs = 100): WalCheckpointer {
  const worker = new Worker(new URL('./wal-checkpoint.worker.mjs', import.meta.url), { workerData: { path, intervalMs } });
  // Never the reason the process stays alive.
  worker.unref();
  worker.on('message', (m: { type: string; message?: string }) => {
    if (m.type === 'error') logger.warn({ module: 'db', err: m.message }, 'WAL checkpoint failed');
  });
  worker.on('error', (err) => logger.error({ module: 'db', err }, 'WAL checkpointer stopped'));
  let stopped: Promise<void> | undefined;
  return {
    truncate: () => {
      if (!stopped) worker.postMessage('truncate');
    },
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        // Referenced again while stopping: otherwise a process with nothing else to do exits
        // before the worker says it has closed its connection.
        worker.ref();
        worker.once('exit', () => resolve());
        worker.postMessage('stop');
        setTimeout(() => void worker.terminate(), 2_000).unref();
      })),
  };
}
