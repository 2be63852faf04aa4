// Runs SQLite WAL checkpoints on a thread of their own (see wal-checkpointer.ts). Plain ESM
// JavaScript so it loads the same under tsx, vitest and node without a TypeScript loader.
import { clearInterval, setInterval } from 'node:timers';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.path);
// PASSIVE never waits for the writer and never blocks it: it copies what it can and leaves
// the rest for the next tick. The WAL restarts from its beginning once a pass got everything.
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
// After an erasure: copy everything and cut the WAL to zero bytes, so no frame holding the
// erased data survives. It waits (busy timeout) for the writer; busy means try again next tick.
const truncate = db.prepare('PRAGMA wal_checkpoint(TRUNCATE)');
let truncatePending = false;
const timer = setInterval(() => {
  try {
    if (truncatePending) truncatePending = truncate.get().busy !== 0;
    else checkpoint.get();
  } catch (err) {
    parentPort?.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
}, workerData.intervalMs);

parentPort?.on('message', (message) => {
  if (message === 'truncate') truncatePending = true;
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort?.close();
});
