import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import express from 'express';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RouteRegistry } from '../../../src/http/admin/registry.ts';
import { errorHandler } from '../../../src/http/middleware/error-handler.ts';
import { responseDrift, sendChecked } from '../../../src/http/response-check.ts';

// The test run sets RAPPORT_CHECK_RESPONSES=1 (vitest.config.ts): a handler whose result departs
// from its declared response schema answers 500 naming the route and the first difference.

const member = z.object({ id: z.string(), points: z.number(), tier: z.object({ name: z.string() }).nullable() });
let server: Server;
let url: string;

beforeAll(async () => {
  expect(process.env.RAPPORT_CHECK_RESPONSES).toBe('1');
  const registry = new RouteRegistry();
  const route = (path: string, result: unknown, status?: number, setStatus?: number) =>
    registry.add({
      method: 'get',
      path,
      tag: 'Test',
      auth: false,
      summary: path,
      response: member,
      ...(status ? { status } : {}),
      handler: ({ res }) => {
        if (setStatus) res.status(setStatus);
        return result;
      },
    });
  route('/ok', { id: 'm1', points: 5, tier: null });
  route('/undeclared', { id: 'm1', points: 5, tier: { name: 'Gold', accountId: 'acc_secret' } });
  route('/wrong-type', { id: 'm1', points: '5', tier: null });
  route('/missing', { id: 'm1', tier: null });
  route('/status', { id: 'm1', points: 5, tier: null }, undefined, 202);
  const app = express();
  app.use(registry.mount((_req, _res, next) => next()));
  app.get('/storefront/balance', (_req, res) =>
    sendChecked(res, member, { id: 'm1', points: 5, tier: null, email: 'a@b.c' } as z.input<typeof member>),
  );
  app.use(errorHandler);
  server = createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function get(path: string) {
  const res = await fetch(`${url}${path}`);
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string; details: { path: string } } } };
}

describe('responses checked against their schemas', () => {
  it('a result that matches is sent as it is', async () => {
    expect(await get('/ok')).toEqual({ status: 200, body: { id: 'm1', points: 5, tier: null } });
  });

  it.each([
    { title: 'an undeclared nested field', path: '/undeclared', at: 'tier.accountId', says: /not declared/ },
    { title: 'a wrong type', path: '/wrong-type', at: 'points', says: /expected number/ },
    { title: 'a missing field', path: '/missing', at: 'points', says: /expected number/ },
    {
      title: 'a status the handler set over the declared one',
      path: '/status',
      at: '',
      says: /status 202 set by the handler, 200 declared/,
    },
  ])('$title -> 500 naming the route and the path', async ({ path, at, says }) => {
    const res = await get(path);
    expect(res.status).toBe(500);
    expect(res.body.error!.code).toBe('response_drift');
    expect(res.body.error!.message).toContain(`GET ${path}`);
    expect(res.body.error!.message).toMatch(says);
    expect(res.body.error!.details.path).toBe(at);
  });

  it('sendChecked holds a storefront body to its schema too', async () => {
    const res = await get('/storefront/balance');
    expect(res.status).toBe(500);
    expect(res.body.error!.message).toContain('GET /storefront/balance');
    expect(res.body.error!.details.path).toBe('email');
  });

  it.each([
    { title: 'array items', schema: z.array(z.object({ a: z.number() })), sent: [{ a: 1 }, { a: 2, b: 3 }], at: '1.b' },
    { title: 'a default the handler did not send', schema: z.object({ a: z.number().default(1) }), sent: {}, at: 'a' },
    { title: 'a record stays as sent', schema: z.record(z.string(), z.unknown()), sent: { x: { y: 1 } }, at: null },
  ])('drift in $title', ({ schema, sent, at }) => {
    expect(responseDrift(schema, sent)?.path ?? null).toBe(at);
  });
});
