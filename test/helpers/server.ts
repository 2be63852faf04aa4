import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { loadConfig } from '../../src/config/config.ts';
import { createApp } from '../../src/http/app.ts';
import { createHttpServer } from '../../src/http/server.ts';
import { startInboxWorker } from '../../src/jobs/inbox.worker.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../src/runtime.ts';
import { testDatabaseUrl } from './database.ts';

export const TEST_API_KEY = 'test-api-key';
export const TEST_API_SECRET = 'test-api-secret-shhh';
export const TEST_ENCRYPTION_KEY = 'a'.repeat(64);

export type TestServer = {
  url: string;
  runtime: Runtime;
  dir: string;
  /** Processes everything pending in the inbox (the background worker is off in tests). */
  drain: () => Promise<number>;
  close: () => Promise<void>;
};

/**
 * A real HTTP server over a real database with the real migrations: a SQLite file in a temporary
 * directory, or (RAPPORT_TEST_DATABASE=pg, the suite's PostgreSQL half) a PostgreSQL database of
 * its own (./database.ts).
 */
export async function startTestServer(
  env: Record<string, string> = {},
  logSink?: { write: (line: string) => void },
  options: RuntimeOptions & { webDist?: string } = {},
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-test-'));
  const database = env.DATABASE_URL ? undefined : await testDatabaseUrl(dir);
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: database?.url ?? '',
    SHOPIFY_API_KEY: TEST_API_KEY,
    SHOPIFY_API_SECRET: TEST_API_SECRET,
    ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    INBOX_MAX_ATTEMPTS: '3',
    ...env,
  });
  const logger = createLogger(config.LOG_LEVEL, logSink);
  const runtime = await createRuntime(config, logger, options);
  const { handler } = createApp({
    ...runtime.ports,
    config,
    logger,
    inbox: runtime.inbox,
    store: runtime.store,
    discountIssuers: runtime.discountIssuers,
    wooSync: runtime.wooSync,
    wooConnect: runtime.wooConnect,
    shopify: runtime.shopify,
    disconnect: runtime.disconnect,
    sharedState: runtime.sharedState,
    webDist: options.webDist,
    workerBeat: runtime.workerDeps.beat,
  });
  const server: Server = await new Promise((resolve) => {
    const s = createHttpServer(handler, config).listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const worker = startInboxWorker({ ...runtime.workerDeps, pollMs: 60_000 });
  return {
    url: `http://127.0.0.1:${port}`,
    runtime,
    dir,
    drain: () => worker.drain(),
    close: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await worker.stop();
      await runtime.wooSync.idle();
      await runtime.shopify.idle();
      await runtime.close();
      await database?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
