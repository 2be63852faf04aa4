import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_ENCRYPTION_KEY } from '../helpers/server.ts';

// The real `rapport` command, run as a child process against a temporary SQLite file.

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'rapport-cli-'));
const dbFile = join(dir, 'cli.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rapport(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return rapportWith({}, ...args);
}

async function rapportWith(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/rapport.js', ...args], {
      env: {
        ...process.env,
        DATABASE_URL: `file:${dbFile}`,
        ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
        LOG_LEVEL: 'silent',
        PUBLIC_URL: 'https://crm.example.pk/',
        ...env,
      },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('rapport CLI', () => {
  it('lists its commands', async () => {
    const r = await rapport('--help');
    expect(r.code).toBe(0);
    for (const cmd of ['migrate', 'demo', 'admin', 'connect', 'disconnect', 'connections', 'inbox']) expect(r.stdout).toContain(cmd);
  });

  it.each([
    [
      'a bad shop domain',
      ['connect', 'shopify', '--shop', 'not a shop', '--access-token', 'shpat_x', '--webhook-secret', 's'],
      /--shop must look like/,
    ],
    ['a missing option', ['connect', 'shopify', '--shop', 'x.myshopify.com'], /required option/],
    [
      'plain-HTTP WooCommerce',
      ['connect', 'woocommerce', '--url', 'http://shop.example.com', '--consumer-key', 'ck_1', '--consumer-secret', 'cs_1'],
      /https/,
    ],
    ['a short password', ['admin', 'create', '--email', 'a@b.co', '--password', 'short'], /at least 10/],
    ['retry without a target', ['inbox', 'retry'], /--id <n\.\.\.> or --all/],
    ['an unknown command', ['frobnicate'], /unknown command/],
  ])('rejects %s with a clear message and changes nothing', async (_t, args, message) => {
    const r = await rapport(...args);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(JSON.parse((await rapport('connections', '--json')).stdout)).toEqual([]);
  });

  // Verification against the shop is covered by cli-connect.test.ts (local Shopify fake).
  it('stores an unverified Shopify store without printing or storing the token in plaintext', async () => {
    const token = 'shpat_0123456789abcdef0123456789abcdef';
    const r = await rapport(
      'connect',
      'shopify',
      '--shop',
      'cli-shop.myshopify.com',
      '--access-token',
      token,
      '--webhook-secret',
      'whsec-cli-123',
      '--currency',
      'PKR',
      '--country',
      'PK',
      '--no-verify',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('unverified');
    const list = await rapport('connections', '--json');
    expect(JSON.parse(list.stdout)).toMatchObject([{ platform: 'shopify', domain: 'cli-shop.myshopify.com', status: 'unverified' }]);
    for (const out of [r.stdout, list.stdout]) expect(out).not.toContain(token);
    const bytes = readFileSync(dbFile).toString('latin1') + readFileSync(`${dbFile}-wal`, { flag: 'a+' }).toString('latin1');
    expect(bytes).not.toContain(token);
    expect(bytes).not.toContain('whsec-cli-123');
  });

  it('connects WooCommerce and prints a generated webhook secret once', async () => {
    const r = await rapport(
      'connect',
      'woocommerce',
      '--url',
      'https://woo.example.pk',
      '--consumer-key',
      'ck_abc',
      '--consumer-secret',
      'cs_def',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Webhook delivery URL: https:\/\/crm\.example\.pk\/webhooks\/woocommerce\/con_\w+/); // PUBLIC_URL
    expect(r.stdout).toMatch(/Webhook secret .*: [\w-]{20,}/);
    const storefront = /Storefront secret .*: ([\w-]{40,})/.exec(r.stdout)?.[1];
    expect(storefront).toBeDefined();
    // Stored sealed: the plaintext never reaches the database file.
    const bytes = readFileSync(dbFile).toString('latin1') + readFileSync(`${dbFile}-wal`, { flag: 'a+' }).toString('latin1');
    expect(bytes).not.toContain(storefront);
  });

  it('creates an admin, then refuses the same email', async () => {
    expect((await rapport('admin', 'create', '--email', 'Owner@Example.com', '--password', 'long enough pw')).code).toBe(0);
    const again = await rapport('admin', 'create', '--email', 'owner@example.com', '--password', 'long enough pw');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  });

  it('refuses the demo on a production instance (its login and webhook secret are public)', async () => {
    const r = await rapportWith({ NODE_ENV: 'production' }, 'demo', '--customers', '5');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/refused when NODE_ENV=production/);
    expect(r.stdout).not.toMatch(/Loaded the demo merchant/);
  });

  it('seeds the demo once', async () => {
    const first = await rapport('demo', '--customers', '40');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/40 shoppers, \d+ orders/);
    const second = await rapport('demo');
    expect(second.stdout).toMatch(/already loaded/);
    const status = await rapport('inbox', 'status');
    expect(status.stdout).toMatch(/pending 0/);
    // Three CLI processes, each starting tsx and the app (5–7 s each on two loaded cores).
  }, 120_000);
});
