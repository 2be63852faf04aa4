import { createServer } from 'node:http';
import { loadConfig } from '../../src/config/config.ts';
import { createApp } from '../../src/http/app.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { query } from '../../src/db/sql/executor.ts';
import { createRuntime } from '../../src/runtime.ts';
import { SECRET, SHOP } from '../deliveries.ts';
import { serve } from './ipc.ts';

// The real app (createApp: webhook fast path + Express) over a real SQLite file, or a PostgreSQL
// database when given a postgres:// URL, with the real migrations, wired as src/main.ts wires it,
// minus the inbox worker: only intake is measured.
const target = process.argv[2];
if (!target) throw new Error('usage: rapport.ts <sqlite file | postgres:// URL>');
const config = loadConfig({
  NODE_ENV: 'production',
  LOG_LEVEL: 'silent',
  DATABASE_URL: target.startsWith('postgres://') ? target : `file:${target}`,
  ENCRYPTION_KEY: 'b'.repeat(64),
  SHOPIFY_API_KEY: 'bench-api-key',
  SHOPIFY_API_SECRET: SECRET,
});
const logger = createLogger(config.LOG_LEVEL);
const runtime = await createRuntime(config, logger);
const accountId = await runtime.tenancy.createAccount('Bench shop', 'USD');
await runtime.tenancy.upsertConnection({ accountId, platform: 'shopify', domain: SHOP, currency: 'USD', country: 'US' });
const { handler } = createApp({
  ...runtime.ports,
  config,
  logger,
  inbox: runtime.inbox,
  store: runtime.store,
  discountIssuers: runtime.discountIssuers,
});
const count = query('SELECT count(*) AS n FROM webhook_inbox');
serve(
  createServer(handler),
  async () => ({ n: Number((await runtime.database.x.get<{ n: number }>(count))?.n ?? 0) }),
  () => void runtime.close(),
);
