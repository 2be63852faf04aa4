import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { hashPassword, verifyPassword } from '../../src/lib/crypto.ts';
import { passwordHasher } from '../../src/lib/password.ts';
import { createMemoryLoginLimiter } from '../../src/http/admin/login-limiter.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Issue #12 "Trust": the standalone login's cookie, cross-site requests, login throttling.

let server: TestServer;
let accountId: string;

beforeAll(async () => {
  server = await startTestServer();
  const t = server.runtime.tenancy;
  accountId = await t.createAccount('A');
  await t.createAdminUser(accountId, 'owner@shop-a.example', 'correct horse battery');
});
afterAll(() => server.close());

async function login(email = 'owner@shop-a.example', password = 'correct horse battery', headers: Record<string, string> = {}) {
  return fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email, password }),
  });
}

describe('session cookie parsing', () => {
  it.each([
    ['malformed percent-encoding', 'rapport_session=%E0%A4%A'],
    ['lone percent sign', 'rapport_session=%; other=1'],
  ])('%s is no credential: 401, never 500', async (_t, cookie) => {
    for (const [method, path] of [
      ['GET', '/api/customers'],
      ['POST', '/api/auth/logout'],
    ] as const) {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { cookie, 'content-type': 'application/json' },
        body: method === 'POST' ? '{}' : undefined,
      });
      expect(res.status, `${method} ${path}`).toBe(path === '/api/auth/logout' ? 200 : 401);
    }
  });

  it('a well-formed cookie among others still signs in', async () => {
    const { token } = (await (await login()).json()) as { token: string };
    const res = await fetch(`${server.url}/api/customers`, {
      headers: { cookie: `theme=dark; rapport_session=${encodeURIComponent(token)}; x=%E0` },
    });
    expect(res.status).toBe(200);
  });
});

describe('cross-site requests with the session cookie', () => {
  let cookie: string;
  let token: string;
  beforeAll(async () => {
    token = ((await (await login()).json()) as { token: string }).token;
    cookie = `rapport_session=${encodeURIComponent(token)}`;
  });
  const host = () => new URL(server.url).host;
  const retry = (headers: Record<string, string>, body = '{}') => fetch(`${server.url}/api/inbox/retry`, { method: 'POST', headers, body });

  it('a form post from another site (text/plain, foreign Origin) is refused with 403 and a reason', async () => {
    const res = await retry({ cookie, 'content-type': 'text/plain', origin: 'https://evil.example' }, 'ids=1');
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/origin/i),
    });
  });

  it('a foreign Origin is refused even with a JSON body', async () => {
    expect((await retry({ cookie, 'content-type': 'application/json', origin: 'https://evil.example' })).status).toBe(403);
    expect((await retry({ cookie, 'content-type': 'application/json', origin: 'null' })).status).toBe(403);
  });

  it('without Origin, only a JSON body is accepted (a simple form cannot send one)', async () => {
    expect((await retry({ cookie, 'content-type': 'text/plain' })).status).toBe(403);
    expect((await retry({ cookie, 'content-type': 'application/x-www-form-urlencoded' }, 'ids=1')).status).toBe(403);
    expect((await retry({ cookie, 'content-type': 'application/json' })).status).toBe(201);
  });

  it("the panel's own requests (same Origin) pass, bodyless ones too", async () => {
    expect((await retry({ cookie, 'content-type': 'application/json', origin: `http://${host()}` })).status).toBe(201);
    const res = await fetch(`${server.url}/api/staff/usr_nope`, { method: 'DELETE', headers: { cookie, origin: `http://${host()}` } });
    expect(res.status).toBe(404);
  });

  it('a cross-site logout does not end the session', async () => {
    const res = await fetch(`${server.url}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'text/plain', origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
    expect((await fetch(`${server.url}/api/customers`, { headers: { cookie } })).status).toBe(200);
  });

  it('bearer-token requests are not cookie-borne and are not checked', async () => {
    const res = await retry({ authorization: `Bearer ${token}`, 'content-type': 'text/plain', origin: 'https://tool.example' });
    expect(res.status).toBe(201);
  });
});

describe('Secure session cookie', () => {
  it.each([
    ['https PUBLIC_URL', { PUBLIC_URL: 'https://crm.example.pk' }, true],
    ['http PUBLIC_URL (local)', { PUBLIC_URL: 'http://localhost:3000' }, false],
    ['no public URL', {}, false],
  ] as const)('%s -> Secure %s', async (_t, env, secure) => {
    const s = await startTestServer({ ...env });
    try {
      const a = await s.runtime.tenancy.createAccount('S');
      await s.runtime.tenancy.createAdminUser(a, 'sec@shop.example', 'correct horse battery');
      const res = await fetch(`${s.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'sec@shop.example', password: 'correct horse battery' }),
      });
      const setCookie = res.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/rapport_session=.*HttpOnly/i);
      expect(/;\s*Secure/i.test(setCookie)).toBe(secure);
      const out = await fetch(`${s.url}/api/auth/logout`, { method: 'POST', headers: { 'content-type': 'application/json' } });
      expect(/;\s*Secure/i.test(out.headers.get('set-cookie') ?? '')).toBe(secure);
    } finally {
      await s.close();
    }
  });
});

describe('sign-in', () => {
  it('an unknown email runs the same scrypt check (against a dummy hash) as a wrong password', async () => {
    const before = passwordHasher.stats();
    expect((await login('nobody@shop-a.example', 'whatever it is')).status).toBe(401);
    const afterUnknown = passwordHasher.stats();
    expect(afterUnknown.dummyVerified).toBe(before.dummyVerified + 1);
    expect((await login('owner@shop-a.example', 'not the password')).status).toBe(401);
    const afterWrong = passwordHasher.stats();
    expect(afterWrong.verified).toBe(afterUnknown.verified + 1);
    expect(afterWrong.dummyVerified).toBe(afterUnknown.dummyVerified);
  });

  it('hashes stay in the stored format: a login created the old way still signs in', async () => {
    const hash = hashPassword('an old password!');
    expect(hash).toMatch(/^scrypt\.[\w-]{22}\.[\w-]{43}$/);
    expect(await passwordHasher.verify('an old password!', hash)).toBe(true);
    expect(verifyPassword('a new one, hashed async', await passwordHasher.hash('a new one, hashed async'))).toBe(true);
  });

  describe('throttling', () => {
    let s: TestServer;
    const attempt = (email: string, password: string, ip: string) =>
      fetch(`${s.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
        body: JSON.stringify({ email, password }),
      });
    beforeAll(async () => {
      // TRUST_PROXY loopback: the test client's X-Forwarded-For is its address.
      s = await startTestServer({ LOGIN_FAILURES_PER_EMAIL: '3', LOGIN_FAILURES_PER_IP: '6' });
      const a = await s.runtime.tenancy.createAccount('T');
      await s.runtime.tenancy.createAdminUser(a, 'target@shop.example', 'correct horse battery');
      await s.runtime.tenancy.createAdminUser(a, 'other@shop.example', 'correct horse battery');
    });
    afterAll(() => s.close());

    it('after 3 failures for an email: 429 with Retry-After, even with the right password, from any address', async () => {
      for (let i = 0; i < 3; i++) expect((await attempt('target@shop.example', `wrong ${i}`, '203.0.113.1')).status).toBe(401);
      const before = passwordHasher.stats();
      const locked = await attempt('target@shop.example', 'correct horse battery', '203.0.113.2');
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(((await locked.json()) as { error: { code: string } }).error.code).toBe('too_many_requests');
      expect(passwordHasher.stats().verified).toBe(before.verified); // no scrypt spent on a locked key
      // Another login is unaffected.
      expect((await attempt('other@shop.example', 'correct horse battery', '203.0.113.2')).status).toBe(201);
    });

    it('after 6 failures from one address, across emails: 429 for that address only', async () => {
      for (let i = 0; i < 6; i++) expect((await attempt(`guess${i}@shop.example`, 'wrong', '198.51.100.7')).status).toBe(401);
      const res = await attempt('other@shop.example', 'correct horse battery', '198.51.100.7');
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await attempt('other@shop.example', 'correct horse battery', '198.51.100.8')).status).toBe(201);
    });
  });
});

describe('login limiter back-off', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('locks for 30 s, then twice as long per further failure, and forgets after a quiet period', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const limiter = createMemoryLoginLimiter();
    const keys = [{ key: 'email:a@b.c', maxFailures: 2 }];
    const t = 1_000_000;
    const at = (ms: number) => vi.setSystemTime(t + ms);
    at(0);
    await limiter.failed(keys);
    expect(await limiter.retryAfter(keys)).toBeNull();
    await limiter.failed(keys);
    expect(await limiter.retryAfter(keys)).toBe(30);
    at(30_000);
    await limiter.failed(keys);
    expect(await limiter.retryAfter(keys)).toBe(60);
    at(90_000);
    expect(await limiter.retryAfter(keys)).toBeNull();
    at(90_000 + 16 * 60_000);
    expect(await limiter.retryAfter(keys)).toBeNull();
    await limiter.failed(keys);
    expect(await limiter.retryAfter(keys)).toBeNull(); // counting from 1 again
  });
});
