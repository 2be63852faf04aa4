import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../../src/db/sql/executor.ts';
import { createApp } from '../../src/http/app.ts';
import { startHealthMonitor, type HealthMonitor } from '../../src/jobs/health-monitor.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Readiness vs liveness per process: readiness (GET /api/health) follows the database as the
// background monitor last saw it, liveness (GET /api/health/live) only that the process answers.
// Neither runs a query per call (anonymous, polled by load balancers).

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
};

async function serve(monitor: HealthMonitor, isReady = () => true) {
  const { runtime } = server;
  const { app } = createApp({
    ...runtime.ports,
    config: runtime.config,
    logger: createLogger('silent'),
    inbox: runtime.inbox,
    store: runtime.store,
    discountIssuers: runtime.discountIssuers,
    healthMonitor: monitor,
    isReady,
  });
  const http = app.listen(0, '127.0.0.1');
  await once(http, 'listening');
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const get = async (path: string) => {
    const res = await fetch(`${base}${path}`);
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  return { get, close: () => new Promise<void>((r) => http.close(() => r())) };
}

describe('readiness and liveness', () => {
  it('reports the database and the queue as this process last checked them', async () => {
    let pings = 0;
    const monitor = startHealthMonitor({
      intervalMs: 50,
      checks: {
        database: () => {
          pings++;
          return server.runtime.database.x.get(query('SELECT 1 AS ok'));
        },
        queue: () => server.runtime.inbox.counts(),
      },
    });
    const h = await serve(monitor);
    try {
      // Both checks done once (on PostgreSQL the queue's answer can come after the database's).
      await until(() => monitor.ready() && monitor.snapshot().queue?.checkedAt != null);
      const before = pings;
      const ready = await h.get('/api/health');
      expect(ready.status).toBe(200);
      expect(ready.body.checks).toEqual({
        database: { ok: true, checkedAgoMs: expect.any(Number) },
        queue: { ok: true, checkedAgoMs: expect.any(Number) },
      });
      // Ten anonymous calls, no query of their own: only the monitor's timer pings.
      for (let i = 0; i < 10; i++) await h.get('/api/health');
      expect(pings - before).toBeLessThan(10);
      expect(await h.get('/api/health/live')).toEqual({ status: 200, body: { status: 'ok' } });
    } finally {
      monitor.stop();
      await h.close();
    }
  });

  it('is not ready while the database does not answer, and says so without details; liveness stays up', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432 user=rapport'), { code: 'ECONNREFUSED' });
    const monitor = startHealthMonitor({ intervalMs: 50, checks: { database: () => Promise.reject(refused) } });
    const h = await serve(monitor);
    try {
      await until(() => monitor.snapshot().database?.checkedAt != null);
      const res = await h.get('/api/health');
      expect(res.status).toBe(503);
      expect(res.body.error.message).toBe('Not ready: database error ECONNREFUSED');
      expect(JSON.stringify(res.body)).not.toContain('10.0.0.5');
      expect((await h.get('/api/health/live')).status).toBe(200);
    } finally {
      monitor.stop();
      await h.close();
    }
  });

  it('fails a check that hangs, and recovers when the database answers again', async () => {
    let hang = true;
    const monitor = startHealthMonitor({
      intervalMs: 50,
      timeoutMs: 60,
      checks: { database: () => (hang ? new Promise(() => undefined) : Promise.resolve(1)) },
    });
    try {
      await until(() => monitor.snapshot().database?.checkedAt != null);
      expect(monitor.snapshot().database).toMatchObject({ ok: false, problem: 'no answer within 60 ms' });
      expect(monitor.ready()).toBe(false);
      hang = false;
      await until(() => monitor.ready());
      expect(monitor.ready()).toBe(true);
    } finally {
      monitor.stop();
    }
  });

  it('reports a queue whose oldest delivery waits too long, without holding traffic back', async () => {
    const monitor = startHealthMonitor({
      intervalMs: 50,
      stuckAfterMs: 60_000,
      checks: { database: () => Promise.resolve(1), queue: async () => ({ oldestPendingAt: '2020-01-01T00:00:00.000Z' }) },
    });
    const h = await serve(monitor);
    try {
      await until(() => monitor.ready() && monitor.snapshot().queue?.checkedAt != null);
      const res = await h.get('/api/health');
      expect(res.status).toBe(200);
      expect(res.body.checks.queue).toEqual({ ok: false, checkedAgoMs: expect.any(Number), problem: 'deliveries waiting too long' });
    } finally {
      monitor.stop();
      await h.close();
    }
  });

  it('a draining process answers 503 to readiness and 200 to liveness', async () => {
    const monitor = startHealthMonitor({ intervalMs: 50, checks: { database: () => Promise.resolve(1) } });
    const h = await serve(monitor, () => false);
    try {
      await until(() => monitor.ready());
      const res = await h.get('/api/health');
      expect(res.status).toBe(503);
      expect(res.body.error.message).toBe('Not ready: starting or shutting down');
      expect((await h.get('/api/health/live')).status).toBe(200);
    } finally {
      monitor.stop();
      await h.close();
    }
  });
});
