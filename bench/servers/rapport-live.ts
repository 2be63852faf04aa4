import { createServer } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '../../src/config/config.ts';
import { createApp } from '../../src/http/app.ts';
import { startInboxWorker } from '../../src/jobs/inbox.worker.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { createRuntime } from '../../src/runtime.ts';
import { programSettings } from '../../src/crm/loyalty/program.settings.ts';
import { orderBody, SECRET, SHOP } from '../deliveries.ts';
import { serve } from './ipc.ts';

// The real app wired as src/main.ts wires it, inbox worker included (loyalty on): intake and
// processing share one event loop, as in production. Arguments: <sqlite file> [old done rows]
// [quiet orders]. Before listening it can fill the inbox with a year of processed deliveries
// (what made health slow) and time the worker draining `quiet orders` with no intake at all.
const [dbFile, oldRowsArg = '0', quietArg = '0'] = process.argv.slice(2);
if (!dbFile) throw new Error('usage: rapport-live.ts <sqlite file> [old done rows] [quiet orders]');
const config = loadConfig({
  NODE_ENV: 'production',
  LOG_LEVEL: 'silent',
  DATABASE_URL: `file:${dbFile}`,
  ENCRYPTION_KEY: 'b'.repeat(64),
  SHOPIFY_API_KEY: 'bench-api-key',
  SHOPIFY_API_SECRET: SECRET,
});
const logger = createLogger(config.LOG_LEVEL);
const runtime = await createRuntime(config, logger);
const sqlite = runtime.sqlite!.$client;
const accountId = await runtime.tenancy.createAccount('Bench shop', 'USD');
const connectionId = (
  await runtime.tenancy.upsertConnection({ accountId, platform: 'shopify', domain: SHOP, currency: 'USD', country: 'US' })
).id;
await runtime.store.transaction((repos) =>
  repos.loyalty.programs.save(
    accountId,
    programSettings.parse({
      earnOrdersPlacedFrom: '2000-01-01T00:00:00.000Z',
      earning: { rates: [{ currency: 'USD', points: 1, per: '1' }] },
      actions: { firstOrder: 50 },
    }),
    null,
    new Date().toISOString(),
  ),
);

const oldRows = Number(oldRowsArg);
if (oldRows > 0) {
  sqlite
    .prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
    INSERT INTO webhook_inbox (account_id, connection_id, platform, topic, dedupe_key, body, received_at, status, attempts, processed_at)
    SELECT ?, ?, 'shopify', 'orders/create', 'old-' || i, '{}', '2026-01-01T00:00:00Z', 'done', 1, '2026-01-01T00:00:01Z' FROM n`,
    )
    .run(oldRows, accountId, connectionId);
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
}

const stats: Record<string, number> = { quietOrders: 0, quietSeconds: 0, warmupOrders: 0 };
const quiet = Number(quietArg);
if (quiet > 0) {
  const at = new Date().toISOString();
  for (let i = 0; i < quiet; i++) {
    await runtime.inbox.accept(
      {
        accountId,
        connectionId,
        platform: 'shopify',
        topic: 'orders/create',
        dedupeKey: `quiet-${i}`,
        body: orderBody(2_000_000 + i, 5_000),
        triggeredAt: at,
      },
      at,
    );
  }
  // The first fifth warms up (JIT, page cache) untimed, as the load phase comes warm too.
  const warmup = Math.floor(quiet / 5);
  sqlite
    .prepare(
      `UPDATE webhook_inbox SET next_attempt_at = '2100-01-01' WHERE dedupe_key LIKE 'quiet-%' AND id > (SELECT min(id) FROM webhook_inbox WHERE dedupe_key LIKE 'quiet-%') + ?`,
    )
    .run(warmup - 1);
  const worker = startInboxWorker({ ...runtime.workerDeps, pollMs: 600_000 });
  await worker.drain();
  sqlite.prepare(`UPDATE webhook_inbox SET next_attempt_at = NULL WHERE status = 'pending'`).run();
  const start = performance.now();
  await worker.drain();
  stats.quietSeconds = (performance.now() - start) / 1000;
  stats.quietOrders = quiet - warmup;
  stats.warmupOrders = warmup;
  await worker.stop();
}

const { handler } = createApp({
  ...runtime.ports,
  config,
  logger,
  inbox: runtime.inbox,
  store: runtime.store,
  discountIssuers: runtime.discountIssuers,
  workerBeat: runtime.workerDeps.beat,
});
const worker = startInboxWorker(runtime.workerDeps);
// The server's own event-loop delay: how long anything (an ack) could have waited for the loop.
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
const counts = sqlite.prepare('SELECT status, sum(n) AS n FROM webhook_inbox_counts GROUP BY status');
serve(
  createServer(handler),
  () => {
    const out: Record<string, number> = { ...stats, pending: 0, done: 0, ignored: 0, dead: 0 };
    for (const r of counts.all() as { status: string; n: number }[]) out[r.status] = r.n;
    out.loopDelayMaxMs = loop.max / 1e6;
    out.loopDelayP99Ms = loop.percentile(99) / 1e6;
    loop.reset();
    return out;
  },
  () => {
    void worker.stop().then(() => runtime.close());
  },
);
