import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropPrefix, REDIS_TEST_URL, redisAvailable, testPrefix } from '../helpers/redis.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Two web processes behind one load balancer (issue #15): what a client spends on one counts on
// the other. Without Redis the database holds the login lockouts; with REDIS_URL, Redis does.

const attempt = (server: TestServer, email: string, password: string, ip: string) =>
  fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ email, password }),
  });

describe('two web processes on one database (SQLite file or PostgreSQL), no Redis', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    a = await startTestServer({ TRUST_PROXY: '1' });
    b = await startTestServer({ TRUST_PROXY: '1', DATABASE_URL: a.runtime.config.DATABASE_URL });
    const accountId = await a.runtime.tenancy.createAccount('Two', 'USD');
    await a.runtime.tenancy.createAdminUser(accountId, 'owner@two.example', 'correct horse battery');
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('failed sign-ins on one lock the email out on the other', async () => {
    expect(a.runtime.sharedState.kind).toBe('database');
    for (let i = 0; i < 3; i++) expect((await attempt(i % 2 ? a : b, 'owner@two.example', 'wrong', `203.0.113.${i}`)).status).toBe(401);
    expect((await attempt(b, 'owner@two.example', 'wrong', '203.0.113.9')).status).toBe(401);
    expect((await attempt(a, 'owner@two.example', 'wrong', '203.0.113.10')).status).toBe(401);
    const locked = await attempt(b, 'owner@two.example', 'correct horse battery', '203.0.113.11');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await attempt(a, 'owner@two.example', 'correct horse battery', '203.0.113.12')).status).toBe(429);
  });
});

describe.skipIf(!redisAvailable)('two web processes sharing Redis (REDIS_URL)', () => {
  const prefix = testPrefix('web');
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    const env = { TRUST_PROXY: '1', REDIS_URL: REDIS_TEST_URL, REDIS_KEY_PREFIX: prefix };
    // Separate databases: the lockout can only travel through Redis.
    [a, b] = await Promise.all([startTestServer(env), startTestServer(env)]);
    // Connected soon after start; until then each process would count in its own memory.
    while (!(a.runtime.sharedState.reachable?.() && b.runtime.sharedState.reachable?.())) await new Promise((r) => setTimeout(r, 20));
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    const admin = new Redis(REDIS_TEST_URL);
    await dropPrefix(admin, prefix);
    admin.disconnect();
  });

  it('health says Redis is reachable', async () => {
    const res = await fetch(`${a.url}/api/health`);
    expect(((await res.json()) as { redis?: unknown }).redis).toEqual({ reachable: true });
  });

  it('failures from one address on either process lock that address out on both', async () => {
    expect(a.runtime.sharedState.kind).toBe('redis');
    // LOGIN_FAILURES_PER_IP defaults to 20: spread over both processes.
    for (let i = 0; i < 20; i++) expect((await attempt(i % 2 ? a : b, `guess${i}@x.example`, 'wrong', '198.51.100.77')).status).toBe(401);
    expect((await attempt(a, 'another@x.example', 'wrong', '198.51.100.77')).status).toBe(429);
    expect((await attempt(b, 'another@x.example', 'wrong', '198.51.100.77')).status).toBe(429);
    expect((await attempt(b, 'another@x.example', 'wrong', '198.51.100.78')).status).toBe(401);
  });
});
