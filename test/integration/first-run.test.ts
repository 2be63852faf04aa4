import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// `npm start` on an empty database: no login exists, so the owner's account is created from the
// sign-in page, once; after that the setup route is closed to everyone.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const post = async (body: unknown) => {
  const res = await fetch(`${server.url}/api/setup/owner`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, cookie: res.headers.get('set-cookie'), body: (await res.json()) as Record<string, any> };
};
const OWNER = { shopName: 'Zari Lahore', currency: 'PKR', email: 'owner@zari.pk', password: 'a long enough password' };

describe('first run', () => {
  it('says the owner is still needed on an empty database', async () => {
    expect(await (await fetch(`${server.url}/api/setup`)).json()).toEqual({ ownerNeeded: true });
  });

  it.each([
    ['a short password', { ...OWNER, password: 'short' }, 'password'],
    ['a bad currency', { ...OWNER, currency: 'rupees' }, 'currency'],
    ['no shop name', { ...OWNER, shopName: ' ' }, 'shopName'],
  ])('refuses %s with the field named, and creates nothing', async (_t, body, field) => {
    const r = await post(body);
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    expect(await server.runtime.tenancy.hasAnyLogin()).toBe(false);
  });

  it("creates the owner's account and login, and signs them in", async () => {
    const r = await post(OWNER);
    expect(r.status).toBe(201);
    expect(r.cookie).toMatch(/rapport_session=rps_/);
    const connections = await fetch(`${server.url}/api/connections`, { headers: { authorization: `Bearer ${r.body.token}` } });
    expect(connections.status).toBe(200);
    expect(await server.runtime.tenancy.getAccount(r.body.accountId)).toMatchObject({ name: 'Zari Lahore', currency: 'PKR' });
    expect(await (await fetch(`${server.url}/api/setup`)).json()).toEqual({ ownerNeeded: false });
  });

  it('is closed once a login exists, to anyone', async () => {
    const r = await post({ ...OWNER, email: 'intruder@example.com' });
    expect(r.status).toBe(409);
    expect(await server.runtime.tenancy.findAdminUser('intruder@example.com')).toBeUndefined();
  });

  it('lets only one of two racing first-run requests win', async () => {
    const fresh = await startTestServer();
    try {
      const attempt = (email: string) =>
        fetch(`${fresh.url}/api/setup/owner`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...OWNER, email }),
        });
      const statuses = (await Promise.all([attempt('a@zari.pk'), attempt('b@zari.pk')])).map((r) => r.status).sort();
      expect(statuses).toEqual([201, 409]);
    } finally {
      await fresh.close();
    }
  });
});
