import { Worker } from 'node:worker_threads';
import type { Score } from '../crm/insights/insights-refresh.service.ts';
import type { AccountRefit } from '../crm/insights/refit-account.ts';

// `Score` on a worker thread: the histories go over by structured clone (Dates and Maps survive),
// one account at a time. The thread starts on first use and is unref'd: it never keeps the
// process alive, and `close()` ends it.

export type ScoringThread = { score: Score; close: () => Promise<void> };

export function startScoringThread(): ScoringThread {
  let worker: Worker | undefined;
  let ready: Promise<void> | undefined;
  let next = 0;
  const waiting = new Map<number, { resolve: (r: AccountRefit) => void; reject: (e: Error) => void }>();

  function start(): Promise<void> {
    const w = new Worker(new URL('./insights-scoring.worker.mjs', import.meta.url));
    worker = w;
    w.unref();
    const failAll = (err: Error) => {
      for (const p of waiting.values()) p.reject(err);
      waiting.clear();
      worker = undefined;
      ready = undefined;
    };
    w.on('error', failAll);
    w.on('exit', (code) => failAll(new Error(`the insights scoring thread exited (${code})`)));
    return new Promise<void>((resolve, reject) => {
      w.on('message', (m: { ready?: true; id?: number; result?: AccountRefit; error?: string }) => {
        if (m.ready) return resolve();
        const p = waiting.get(m.id!);
        if (!p) return;
        waiting.delete(m.id!);
        if (m.error !== undefined) p.reject(new Error(m.error));
        else p.resolve(m.result!);
      });
      w.once('error', reject);
    });
  }

  return {
    async score(histories, now, options) {
      ready ??= start();
      await ready;
      const id = next++;
      return new Promise<AccountRefit>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker!.postMessage({ id, histories, now, options });
      });
    },
    async close() {
      const w = worker;
      worker = undefined;
      ready = undefined;
      if (w) await w.terminate();
    },
  };
}
