import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireWorkerLock } from '../../src/jobs/worker-lock.ts';
import { fixture } from '../helpers/fixtures.ts';
import { TEST_API_KEY, TEST_API_SECRET, TEST_ENCRYPTION_KEY } from '../helpers/server.ts';
import { postShopify } from '../helpers/signed.ts';

// `rapport web` and `rapport worker` as real processes on one SQLite file: the web accepts
// signed webhooks, the worker (another process, polling) applies them, each stops cleanly on SIGTERM.

const run = promisify(execFile);
const SHOP = 'roles-test.myshopify.com';
const dir = mkdtempSync(join(tmpdir(), 'rapport-roles-'));
const dbPath = join(dir, 'rapport.sqlite');
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOST: '127.0.0.1',
    DATABASE_URL: `file:${dbPath}`,
    LOG_LEVEL: 'silent',
    SHOPIFY_API_KEY: TEST_API_KEY,
    SHOPIFY_API_SECRET: TEST_API_SECRET,
    ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    NODE_ENV: 'test',
    ...extra,
  };
}

async function rapport(args: string[], extra: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/rapport.js', ...args], { env: env(extra) });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function spawnRole(role: 'web' | 'worker', extra: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['bin/rapport.js', role], { env: env(extra), stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  return child;
}

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  // A deadline, not a count of tries: starting a process under tsx takes seconds on a loaded machine.
  for (const deadline = Date.now() + 45_000; Date.now() < deadline;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function sigterm(child: ChildProcess): Promise<number | null> {
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  return code;
}

describe('process roles', () => {
  it('web accepts, a separate worker applies; a second worker is refused; both stop cleanly on SIGTERM', async () => {
    const created = await rapport(['admin', 'create', '--email', 'owner@roles.example', '--password', 'long enough pw']);
    expect(created.code).toBe(0);
    const accountId = /for account (\S+)\./.exec(created.stdout)![1]!;
    const db = new Database(dbPath);
    db.prepare(
      `INSERT INTO connections (id, account_id, platform, domain, name, status, currency, created_at)
       VALUES ('con_roles', ?, 'shopify', ?, 'Roles', 'active', 'USD', ?)`,
    ).run(accountId, SHOP, new Date().toISOString());
    db.close();

    const port = await freePort();
    const healthPort = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const web = spawnRole('web', { PORT: String(port) });
    const worker = spawnRole('worker', { INBOX_POLL_MS: '50', WORKER_HEALTH_PORT: String(healthPort) });

    // The web role does not run the worker: health says it is elsewhere, not dead.
    const health = await until(async () => {
      const res = await fetch(`${base}/api/health`);
      return res.ok ? ((await res.json()) as unknown) : undefined;
    }, 'web health');
    expect(health).toMatchObject({ status: 'ok', worker: { lastBeatAgeMs: null, remote: true } });
    // Readiness as this process last checked its database and queue (in the background, not per call).
    expect(health).toMatchObject({ checks: { database: { ok: true }, queue: { ok: true } } });
    // The worker's own liveness listener answers from its heartbeat.
    const live = await until(async () => {
      const res = await fetch(`http://127.0.0.1:${healthPort}/`);
      return res.ok ? ((await res.json()) as { status: string; worker: { lastBeatAgeMs: number } }) : undefined;
    }, 'worker health');
    expect(live.status).toBe('ok');
    expect(live.worker.lastBeatAgeMs).toBeGreaterThanOrEqual(0);

    const second = await rapport(['worker']);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/another worker \(PID \d+\) is already running/);
    expect(second.stderr).toMatch(/PostgreSQL/);

    const email = 'roles-buyer@example.com';
    const body = fixture('shopify/order-card-paid.json', (o) => {
      o.id = 7_100_001;
      o.email = email;
      o.customer = { ...(o.customer as object), id: 71_001, email };
    });
    const res = await postShopify(base, { topic: 'orders/create', shop: SHOP, body });
    expect(res.status).toBe(200);

    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@roles.example', password: 'long enough pw' }),
    });
    const { token } = (await login.json()) as { token: string };
    const customers = await until(async () => {
      const r = await fetch(`${base}/api/customers`, { headers: { authorization: `Bearer ${token}` } });
      const text = await r.text();
      return r.ok && text.includes(email) ? text : undefined;
    }, 'the customer to appear');
    expect(customers).toContain(email);

    expect(await sigterm(worker)).toBe(0);
    expect(existsSync(`${dbPath}.worker.lock`)).toBe(false);
    expect(await sigterm(web)).toBe(0);
  }, 150_000);

  it('takes over a lock left by a process that no longer exists, and keeps a live one', async () => {
    const file = join(dir, 'stale.sqlite');
    const gone = spawn(process.execPath, ['-e', '0']);
    await once(gone, 'exit');
    writeFileSync(`${file}.worker.lock`, String(gone.pid));
    const lock = acquireWorkerLock(file);
    expect(() => acquireWorkerLock(file, process.pid + 1)).toThrow(/another worker/);
    lock.release();
    expect(existsSync(`${file}.worker.lock`)).toBe(false);
  });
});
