import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startRole, type Started } from '../../src/roles.ts';
import { testDatabaseUrl, type TestDatabaseUrl } from '../helpers/database.ts';
import { TEST_API_KEY, TEST_API_SECRET, TEST_ENCRYPTION_KEY } from '../helpers/server.ts';

// The sender job as `npm start` wires it (roles.ts, the `all` role): a test email queued through
// the API is sent by the periodic sender, with nobody calling it, to a real SMTP server.

const dir = mkdtempSync(join(tmpdir(), 'rapport-sender-role-'));
const received: ParsedMail[] = [];
let smtp: SMTPServer;
let database: TestDatabaseUrl;
let started: Started;
let url: string;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => (received.push(mail), callback()), callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  database = await testDatabaseUrl(dir);
  started = await startRole('all', {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: database.url,
    ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    SHOPIFY_API_KEY: TEST_API_KEY,
    SHOPIFY_API_SECRET: TEST_API_SECRET,
    SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    MAIL_FROM: 'Multan Mangoes <hello@multan.example>',
    MESSAGES_TICK_MS: '100',
  });
  url = `http://127.0.0.1:${(started.server!.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await started?.stop();
  await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

it('sends what is queued without being asked', async () => {
  const owner = await fetch(`${url}/api/setup/owner`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ shopName: 'Multan Mangoes', currency: 'PKR', email: 'owner@multan.example', password: 'correct horse battery' }),
  });
  expect(owner.status).toBe(201);
  const { token } = (await owner.json()) as { token: string };
  const queued = await fetch(`${url}/api/messages/test`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ subject: 'آموں کا موسم', html: '<p>آموں کا موسم آ گیا</p>', text: 'آموں کا موسم آ گیا', language: 'ur' }),
  });
  expect(queued.status).toBe(201);
  const { id } = (await queued.json()) as { id: string };
  await expect.poll(() => received.length).toBe(1);
  expect(received[0]).toMatchObject({ subject: 'آموں کا موسم', messageId: `<${id}@multan.example>` });
  expect(received[0]!.html).toContain('dir="rtl"');
  const status = async () =>
    ((await (await fetch(`${url}/api/messages/${id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { status: string })
      .status;
  await expect.poll(status).toBe('sent');
}, 60_000);
