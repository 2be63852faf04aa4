import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { createPgPool } from '../../src/db/pg/client.ts';
import { pgDatabase, sqliteDatabase, type SqlDatabase } from '../../src/db/sql/database.ts';
import { query } from '../../src/db/sql/executor.ts';
import { TEST_DATABASE, testDatabaseUrl, type TestDatabaseUrl } from '../helpers/database.ts';
import { TEST_API_KEY, TEST_API_SECRET, TEST_ENCRYPTION_KEY } from '../helpers/server.ts';

// kill -9 in the middle of a 5,000-recipient campaign, on a real Rapport process (`npm start`'s
// main.ts, every job on) sending to a real SMTP server in this process; then the same process
// started again until the campaign is done. Every recipient outside the holdout gets exactly one
// message (one Message-ID per address; a repeat can only be a send the kill interrupted after the
// SMTP server took it, at most the 5 in flight, with the same Message-ID: at least once, as the
// sender's README says), the holdout gets nothing, nobody is skipped, and the recipients table
// agrees with the messages and the campaign's counts. Both databases (the pg project runs it on a
// PostgreSQL database of its own).

const AUDIENCE = 5_000;
const NOW = new Date().toISOString();
const dir = mkdtempSync(join(tmpdir(), 'rapport-campaign-crash-'));
const children: ChildProcess[] = [];
let url: TestDatabaseUrl | undefined;
let database: SqlDatabase | undefined;
let smtp: SMTPServer | undefined;

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await database?.close();
  await url?.drop();
  await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
  rmSync(dir, { recursive: true, force: true });
});

/** Every message the SMTP server accepted: envelope recipient and Message-ID. */
const received: Array<{ to: string; messageId: string }> = [];

async function startSmtp(): Promise<number> {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const head = Buffer.concat(chunks)
          .toString('utf8')
          .split(/\r?\n\r?\n/)[0]!;
        const messageId = /^message-id:\s*(\S+)/im.exec(head)?.[1] ?? '';
        for (const r of session.envelope.rcptTo) received.push({ to: r.address.toLowerCase(), messageId });
        callback();
      });
    },
  });
  // A killed client resets its connection: expected here, not an error of the test.
  smtp.on('error', () => undefined);
  await new Promise<void>((resolve) => smtp!.listen(0, '127.0.0.1', () => resolve()));
  return (smtp.server.address() as AddressInfo).port;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startRapport(port: number, smtpPort: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: url!.url,
      LOG_LEVEL: process.env.RAPPORT_CRASH_LOG_LEVEL ?? 'silent',
      SHOPIFY_API_KEY: TEST_API_KEY,
      SHOPIFY_API_SECRET: TEST_API_SECRET,
      ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      NODE_ENV: 'test',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: 'Crash Test <hello@crash.example>',
      EMAIL_RATE_PER_SECOND: '2000',
      MESSAGES_TICK_MS: '50',
      CAMPAIGNS_TICK_MS: '50',
      // A killed sender's claims come back after 2 s instead of 5 min.
      MESSAGES_LEASE_MS: '2000',
    },
    stdio: ['ignore', process.env.RAPPORT_CRASH_LOG_LEVEL ? 'inherit' : 'ignore', 'inherit'],
  });
  children.push(child);
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('server did not start');
}

const run = (text: string, params: Record<string, unknown> = {}) => database!.x.run(query(text), params);
const rows = <T>(text: string, params: Record<string, unknown> = {}) => database!.x.all<T>(query(text), params);
const count = async (text: string, params: Record<string, unknown> = {}) => Number((await rows<{ n: number }>(text, params))[0]!.n);

async function seed(): Promise<void> {
  const accountId = 'acc_cmp_crash';
  await run(`INSERT INTO accounts (id, name, currency, created_at) VALUES (:accountId, 'Crash', 'PKR', :now)`, { accountId, now: NOW });
  await run(
    `INSERT INTO connections (id, account_id, platform, domain, name, status, currency, created_at)
     VALUES ('con_cmp_crash', :accountId, 'shopify', 'crash.myshopify.com', 'Crash', 'active', 'PKR', :now)`,
    { accountId, now: NOW },
  );
  await database!.transaction(async (x) => {
    const customer =
      query(`INSERT INTO customers (id, account_id, email, email_key, first_name, search_text, currency, created_at, updated_at)
      VALUES (:id, :accountId, :email, :email, :name, :email, 'PKR', :now, :now)`);
    const consent = query(`INSERT INTO customer_consents (customer_id, account_id, channel, state, source, decided_at, updated_at)
      VALUES (:id, :accountId, 'email', 'subscribed', 'shopify', :now, :now)`);
    for (let i = 0; i < AUDIENCE; i++) {
      const id = `cus_crash${String(i).padStart(5, '0')}`;
      await x.run(customer, { id, accountId, email: `shopper${i}@crash.example`, name: `Shopper${i}`, now: NOW });
      await x.run(consent, { id, accountId, now: NOW });
    }
  });
  const body = '<mj-section><mj-column><mj-text>Hi {{ first_name }}</mj-text></mj-column></mj-section>';
  await run(
    `INSERT INTO message_templates (id, account_id, name, channel, purpose, variants, created_at, updated_at)
     VALUES ('tpl_crash', :accountId, 'Crash', 'email', 'marketing', :variants, :now, :now)`,
    { accountId, variants: JSON.stringify({ en: { subject: 'Sale for {{ first_name }}', body } }), now: NOW },
  );
  await run(
    `INSERT INTO campaigns (id, account_id, name, status, channel, audience, variants, holdout_percent, send_at, created_at, updated_at)
     VALUES ('cmp_crash', :accountId, 'Crash sale', 'scheduled', 'email', :audience, :variants, 10, :now, :now, :now)`,
    {
      accountId,
      audience: JSON.stringify({ kind: 'filter', filters: {} }),
      variants: JSON.stringify([{ key: 'A', templateId: 'tpl_crash', weight: 1 }]),
      now: NOW,
    },
  );
}

describe(`campaign crash safety (${TEST_DATABASE})`, () => {
  it('messages every recipient exactly once across a kill -9 mid-send, the holdout never', async () => {
    url = await testDatabaseUrl(dir);
    const smtpPort = await startSmtp();
    const port = await freePort();
    // The first start migrates the database; the seed goes in while the campaign job finds nothing due.
    let child = await startRapport(port, smtpPort);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    database =
      TEST_DATABASE === 'pg'
        ? pgDatabase(createPgPool({ url: url.url, max: 2 }))
        : sqliteDatabase(openDatabase(join(dir, 'rapport.sqlite')));
    await seed();

    child = await startRapport(port, smtpPort);
    while (received.length < 300) await new Promise((r) => setTimeout(r, 5));
    if (process.env.RAPPORT_CRASH_LOG_LEVEL) console.log('kill at', received.length);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const atKill = received.length;
    const expandedAtKill = await count("SELECT count(*) AS n FROM campaign_recipients WHERE campaign_id = 'cmp_crash'");
    expect(atKill).toBeLessThan(AUDIENCE * 0.9);

    child = await startRapport(port, smtpPort);
    for (let i = 0; i < 4800; i++) {
      const [c] = await rows<{ status: string }>("SELECT status FROM campaigns WHERE id = 'cmp_crash'");
      const pending = await count("SELECT count(*) AS n FROM messages WHERE source_id = 'cmp_crash' AND status IN ('queued', 'sending')");
      if (c!.status === 'sent' && pending === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));

    const recipients = await rows<{ customer_id: string; group_key: string; outcome: string; message_id: string | null; email: string }>(
      `SELECT r.customer_id, r.group_key, r.outcome, r.message_id, c.email FROM campaign_recipients r
       JOIN customers c ON c.id = r.customer_id WHERE r.campaign_id = 'cmp_crash'`,
    );
    // Everybody expanded once, nobody skipped.
    expect(recipients).toHaveLength(AUDIENCE);
    expect(new Set(recipients.map((r) => r.customer_id)).size).toBe(AUDIENCE);
    expect(recipients.filter((r) => r.outcome === 'skipped')).toEqual([]);
    const holdout = recipients.filter((r) => r.outcome === 'holdout');
    const queued = recipients.filter((r) => r.outcome === 'queued');
    expect(holdout.length).toBeGreaterThan(AUDIENCE * 0.07);
    expect(holdout.length).toBeLessThan(AUDIENCE * 0.13);
    expect(holdout.every((r) => r.group_key === 'holdout' && r.message_id === null)).toBe(true);

    // One message per queued recipient, each sent, each naming its recipient row.
    const messages = await rows<{ id: string; customer_id: string; status: string; to_address: string }>(
      "SELECT id, customer_id, status, to_address FROM messages WHERE source_id = 'cmp_crash'",
    );
    expect(messages).toHaveLength(queued.length);
    expect(messages.filter((m) => m.status !== 'sent')).toEqual([]);
    const byId = new Map(messages.map((m) => [m.id, m]));
    for (const r of queued) expect(byId.get(r.message_id!)?.customer_id).toBe(r.customer_id);
    const [c] = await rows<{ status: string; recipients: number; queued: number; skipped: number; holdout: number }>(
      "SELECT status, recipients, queued, skipped, holdout FROM campaigns WHERE id = 'cmp_crash'",
    );
    expect([c!.status, Number(c!.recipients), Number(c!.queued), Number(c!.skipped), Number(c!.holdout)]).toEqual([
      'sent',
      AUDIENCE,
      queued.length,
      0,
      holdout.length,
    ]);

    // What the SMTP server got: one Message-ID per recipient address, and it is that recipient's message.
    const idsByAddress = new Map<string, Set<string>>();
    for (const m of received) {
      const ids = idsByAddress.get(m.to) ?? new Set<string>();
      ids.add(m.messageId);
      idsByAddress.set(m.to, ids);
    }
    expect(idsByAddress.size).toBe(queued.length);
    for (const r of queued) {
      const ids = [...(idsByAddress.get(r.email) ?? [])];
      expect(ids, r.email).toHaveLength(1);
      expect(ids[0]).toMatch(new RegExp(`^<${r.message_id}@`));
    }
    for (const r of holdout) expect(idsByAddress.has(r.email)).toBe(false);
    // At least once: only the sends the kill interrupted (the sender has 5 in flight with SMTP_URL,
    // runtime.messaging.ts) may arrive twice, each with its same Message-ID (one id per address above).
    expect(received.length - queued.length).toBeLessThanOrEqual(5);
    // The kill really fell mid-campaign: some sent and some expanded before it, more after.
    expect(atKill).toBeGreaterThanOrEqual(300);
    expect(expandedAtKill).toBeGreaterThan(0);
  }, 600_000);
});
