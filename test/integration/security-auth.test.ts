import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Issue #12 "Trust": the standalone login's cookie, cross-site requests, login throttling.

let server: TestServer;
let accountId: string;

beforeAll(async () => {
  server = await startTestServer();
  const t = server.runtime.tenancy;
  accountId = t.createAccount('A');
  t.createAdminUser(accountId, 'owner@shop-a.example', 'correct horse battery');
});
afterAll(() => server.close());

async function login(email = 'owner@shop-a.example', password = 'correct horse battery', headers: Record<string, string> = {}) {
  return fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ email, password }) });
}

describe('session cookie parsing', () => {
  it.each([
    ['malformed percent-encoding', 'rapport_session=%E0%A4%A'],
    ['lone percent sign', 'rapport_session=%; other=1'],
  ])('%s is no credential: 401, never 500', async (_t, cookie) => {
    for (const [method, path] of [['GET', '/api/customers'], ['POST', '/api/auth/logout']] as const) {
      const res = await fetch(`${server.url}${path}`, { method, headers: { cookie, 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
      expect(res.status, `${method} ${path}`).toBe(path === '/api/auth/logout' ? 200 : 401);
    }
  });

  it('a well-formed cookie among others still signs in', async () => {
    const { token } = (await (await login()).json()) as { token: string };
    const res = await fetch(`${server.url}/api/customers`, { headers: { cookie: `theme=dark; rapport_session=${encodeURIComponent(token)}; x=%E0` } });
    expect(res.status).toBe(200);
  });
});
