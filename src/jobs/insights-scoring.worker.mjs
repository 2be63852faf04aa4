// Scores accounts on a thread of its own (see insights-scoring.thread.ts): a refit of a large
// account is seconds of CPU that must not stall webhook acks on the main thread. Plain ESM so it
// loads under node, tsx and vitest alike; it registers tsx itself to import the TypeScript model.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { refitAccount } = await import('../crm/insights/refit-account.ts');

parentPort?.on('message', (m) => {
  try {
    const result = refitAccount(m.histories, m.now, m.options);
    parentPort?.postMessage({ id: m.id, result });
  } catch (err) {
    parentPort?.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err) });
  }
});
parentPort?.postMessage({ ready: true });
