import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createEmailChannel } from '../src/channels/email/email.channel.ts';
import { sendCampaignPage } from '../src/crm/campaigns/campaign-send.service.ts';
import { compileVariant } from '../src/crm/messaging/templates/compile.ts';
import { formatLocale } from '../src/crm/messaging/templates/languages.ts';
import { SAMPLE_CONTEXT } from '../src/crm/messaging/templates/merge-fields.ts';
import { renderEmail } from '../src/crm/messaging/templates/render.ts';
import { TemplateRenderer } from '../src/crm/messaging/templates/template-renderer.ts';
import type { TemplateVariants } from '../src/crm/messaging/templates/template.ts';
import { sendDueMessages } from '../src/crm/messaging/sender.service.ts';
import { createThrottle } from '../src/crm/messaging/throttle.ts';
import { openDatabase, runMigrations } from '../src/db/client.ts';
import { createMergeContextQuery } from '../src/db/merge-context.query.ts';
import { createMessageTemplatesRepo } from '../src/db/message-templates.repo.ts';
import { sqliteDatabase } from '../src/db/sql/database.ts';
import { createStore } from '../src/db/store.ts';
import { ask, startServer, stopServer } from './intake.bench.ts';

// A campaign to 100,000 shoppers on a SQLite file: the send's render + queue rate (audience pages,
// groups, composing each message from the saved template, one unit per page) beside rendering the
// same MJML template alone in the same run (compile once, Liquid merge per shopper: the floor);
// then sending what was queued through a local SMTP server (smtp-server in this process) with the
// sender's real path (claim, consent at send time, throttle, nodemailer pool, outcome) to a local
// SMTP server in a process of its own, memory sampled every second from start to end.

export type CampaignsOptions = { tmp: string; recipients: number; sends: number };
export type CampaignsResult = {
  recipients: number;
  queued: number;
  queuePerSecond: number;
  renderAlonePerSecond: number;
  sent: number;
  sendPerSecond: number;
  /** The email channel alone (nodemailer pool → the same server, the same concurrency, no database). */
  channelAlonePerSecond: number;
  concurrency: number;
  memory: { rssStartMb: number; rssEndMb: number; rssMaxMb: number; heapStartMb: number; heapEndMb: number; heapMaxMb: number };
};

const BODY = `<mj-section><mj-column>
  <mj-text><p>{{ first_name | default: 'Friend' }}, Eid Mubarak from {{ store.name }}!</p>
  <p>Points: <b>{{ points.balance | number }}</b>{% if tier.next_name %} · {{ tier.points_to_next | number }} to {{ tier.next_name }}{% endif %}</p></mj-text>
  <mj-button href="https://shop.example/eid">Shop the sale</mj-button>
  <mj-text font-size="11px"><a href="{{ unsubscribe_url }}">Unsubscribe</a></mj-text>
</mj-column></mj-section>`;
const VARIANTS: TemplateVariants = {
  en: { subject: '{{ first_name }}, our Eid sale is on', body: BODY },
  ur: { subject: '{{ first_name }}، عید سیل شروع', body: BODY.replace('Shop the sale', 'سیل دیکھیں') },
};

/** Messages in flight while sending, and the SMTP pool's connections. */
const CONCURRENCY = 10;
const mb = (n: number) => Math.round(n / 1048576);

export async function benchCampaigns(o: CampaignsOptions, progress: (line: string) => void = () => {}): Promise<CampaignsResult> {
  const dir = mkdtempSync(join(o.tmp, 'campaigns-'));
  const db = openDatabase(join(dir, 'bench.sqlite'));
  runMigrations(db);
  const database = sqliteDatabase(db);
  const store = createStore(database, { tombstoneKey: Buffer.alloc(32, 1) });
  const sqlite = db.$client;
  const now = new Date().toISOString();
  const accountId = 'acc_bench';
  progress(`campaigns: seeding ${o.recipients.toLocaleString('en')} shoppers`);
  sqlite.prepare(`INSERT INTO accounts (id, name, currency, created_at) VALUES (?, 'Bench', 'PKR', ?)`).run(accountId, now);
  sqlite
    .prepare(
      `INSERT INTO connections (id, account_id, platform, domain, name, status, currency, country, timezone, created_at)
      VALUES ('con_bench', ?, 'shopify', 'bench.myshopify.com', 'Bench', 'active', 'PKR', 'PK', 'Asia/Karachi', ?)`,
    )
    .run(accountId, now);
  const customer =
    sqlite.prepare(`INSERT INTO customers (id, account_id, email, email_key, first_name, locale, search_text, currency, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, 'PKR', ?, ?)`);
  const consent = sqlite.prepare(`INSERT INTO customer_consents (customer_id, account_id, channel, state, source, decided_at, updated_at)
    VALUES (?, ?, 'email', 'subscribed', 'shopify', ?, ?)`);
  sqlite.transaction(() => {
    for (let i = 0; i < o.recipients; i++) {
      const id = `cus_${String(i).padStart(7, '0')}`;
      const email = `shopper${i}@bench.example`;
      customer.run(id, accountId, email, email, `Shopper${i}`, i % 4 ? 'en' : 'ur-PK', email, now, now);
      consent.run(id, accountId, now, now);
    }
  })();
  const templates = createMessageTemplatesRepo(database);
  await templates.insert({
    id: 'tpl_bench',
    accountId,
    name: 'Eid',
    channel: 'email',
    purpose: 'marketing',
    variants: VARIANTS,
    createdAt: now,
    updatedAt: now,
  });
  sqlite
    .prepare(
      `INSERT INTO campaigns (id, account_id, name, status, channel, audience, variants, holdout_percent, send_at, created_at, updated_at)
      VALUES ('cmp_bench', ?, 'Eid', 'sending', 'email', '{"kind":"filter","filters":{}}', '[{"key":"A","templateId":"tpl_bench","weight":1}]', 10, ?, ?, ?)`,
    )
    .run(accountId, now, now, now);

  // The floor: the same template compiled once per language, merged per shopper.
  progress('campaigns: rendering the MJML template alone');
  const compiled = {
    en: await compileVariant('en', VARIANTS.en!),
    ur: await compileVariant('ur', VARIANTS.ur!),
  };
  if (!compiled.en.ok || !compiled.ur.ok) throw new Error('bench template does not compile');
  const formats = { en: { locale: formatLocale('en', 'PK'), currency: 'PKR' }, ur: { locale: formatLocale('ur', 'PK'), currency: 'PKR' } };
  const aloneCount = Math.min(o.recipients, 20_000);
  const aloneStart = performance.now();
  for (let i = 0; i < aloneCount; i++) {
    const language = i % 4 ? 'en' : 'ur';
    renderEmail(
      (language === 'en' ? compiled.en : compiled.ur).compiled,
      { ...SAMPLE_CONTEXT, first_name: `Shopper${i}` },
      formats[language],
    );
  }
  const renderAlonePerSecond = Math.round(aloneCount / ((performance.now() - aloneStart) / 1000));

  progress(`campaigns: render + queue to ${o.recipients.toLocaleString('en')} shoppers`);
  const compose = {
    renderer: new TemplateRenderer(),
    facts: createMergeContextQuery(database),
    store,
    unsubscribeUrl: (c: { customerId: string; messageId: string }) => `https://rapport.example/u/${c.customerId}.${c.messageId}`,
  };
  const deps = { store, compose, templates, pageSize: 500 };
  const queueStart = performance.now();
  for (;;) {
    const page = await sendCampaignPage(deps, accountId, 'cmp_bench', new Date());
    if (page.outcome !== 'page') break;
  }
  const queueSeconds = (performance.now() - queueStart) / 1000;
  const queued = Number((sqlite.prepare(`SELECT queued FROM campaigns WHERE id = 'cmp_bench'`).get() as { queued: number }).queued);

  progress(`campaigns: sending ${o.sends.toLocaleString('en')} through a local SMTP server`);
  // The SMTP server runs in a process of its own (bench/servers/smtp-sink.ts), as a real MTA would.
  const sink = await startServer('smtp-sink', []);
  const accepted = async () => (await ask(sink, { type: 'stats' }, 'stats')).stats.accepted ?? 0;
  const email = createEmailChannel({
    smtpUrl: `smtp://127.0.0.1:${sink.port}`,
    from: 'Bench <hello@bench.example>',
    ratePerSecond: 10_000,
    maxConnections: CONCURRENCY,
  });
  // The baseline: the channel alone, the same messages' size, as many in flight.
  const sample1 = sqlite
    .prepare(
      `SELECT m.id, m.to_address AS "to", m.subject, b.html, b.text FROM messages m
    JOIN message_bodies b ON b.message_id = m.id LIMIT 1`,
    )
    .get() as { id: string; to: string; subject: string; html: string; text: string };
  const aloneSends = Math.min(o.sends, 2_000);
  let nextAlone = 0;
  const channelStart = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (nextAlone < aloneSends) {
        const i = nextAlone++;
        const r = await email.send({
          ...sample1,
          id: `msg_alone${i}`,
          accountId,
          channel: 'email',
          purpose: 'marketing',
          language: 'en',
          dir: 'ltr',
          unsubscribeUrl: 'https://rapport.example/u/x',
        });
        if (r.outcome !== 'sent') throw new Error(`the channel alone failed: ${JSON.stringify(r)}`);
      }
    }),
  );
  const channelAlonePerSecond = Math.round(aloneSends / ((performance.now() - channelStart) / 1000));
  const sender = {
    store,
    channels: new Map([['email' as const, email]]),
    throttle: createThrottle(),
    unsubscribeUrl: compose.unsubscribeUrl,
    batchSize: 200,
    concurrency: CONCURRENCY,
  };
  const samples: Array<{ rss: number; heap: number }> = [];
  const sample = () => {
    const m = process.memoryUsage();
    samples.push({ rss: m.rss, heap: m.heapUsed });
  };
  global.gc?.();
  sample();
  const timer = setInterval(sample, 1000);
  const sendStart = performance.now();
  let sent = 0;
  while (sent < o.sends) {
    const pass = await sendDueMessages(sender);
    if (!pass.claimed) break;
    sent += pass.sent;
  }
  const sendSeconds = (performance.now() - sendStart) / 1000;
  clearInterval(timer);
  global.gc?.();
  sample();
  await email.close();
  const acceptedBySink = (await accepted()) - aloneSends;
  await stopServer(sink);
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
  if (acceptedBySink < sent) throw new Error(`the SMTP server accepted ${acceptedBySink} of ${sent} messages sent`);
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  return {
    recipients: o.recipients,
    queued,
    queuePerSecond: Math.round(queued / queueSeconds),
    renderAlonePerSecond,
    sent,
    sendPerSecond: Math.round(sent / sendSeconds),
    channelAlonePerSecond,
    concurrency: CONCURRENCY,
    memory: {
      rssStartMb: mb(first.rss),
      rssEndMb: mb(last.rss),
      rssMaxMb: mb(Math.max(...samples.map((s) => s.rss))),
      heapStartMb: mb(first.heap),
      heapEndMb: mb(last.heap),
      heapMaxMb: mb(Math.max(...samples.map((s) => s.heap))),
    },
  };
}

export function campaignsReport(r: CampaignsResult, table: (rows: Array<Array<string | number>>, leftColumns?: number) => string) {
  const m = r.memory;
  const lines = [
    '',
    `Campaigns: ${r.recipients.toLocaleString('en')} shoppers (10% holdout: ${r.queued.toLocaleString('en')} queued), SQLite file`,
    table([
      ['', 'messages per second', 'ratio'],
      ['MJML template alone: compiled once, Liquid merge per shopper (baseline)', r.renderAlonePerSecond, '1.00'],
      [
        'rapport: campaign render + queue (pages, groups, compose, one unit per page)',
        r.queuePerSecond,
        (r.queuePerSecond / r.renderAlonePerSecond).toFixed(2),
      ],
    ]),
    table([
      ['', 'messages per second', 'ratio'],
      [`email channel alone: nodemailer pool → local SMTP server, ${r.concurrency} in flight (baseline)`, r.channelAlonePerSecond, '1.00'],
      [
        'rapport: sender (claim, consent at send, throttle, outcome + timeline)',
        r.sendPerSecond,
        (r.sendPerSecond / r.channelAlonePerSecond).toFixed(2),
      ],
    ]),
    `  memory while sending ${r.sent.toLocaleString('en')}: rss ${m.rssStartMb} → ${m.rssEndMb} MB (max ${m.rssMaxMb}), heap ${m.heapStartMb} → ${m.heapEndMb} MB (max ${m.heapMaxMb})`,
  ];
  return {
    lines,
    targets: [
      { name: 'campaign render + queue ≥ 2,000 messages/s', figure: `${r.queuePerSecond}/s`, pass: r.queuePerSecond >= 2_000 },
      { name: 'campaign send via SMTP ≥ 500 messages/s', figure: `${r.sendPerSecond}/s`, pass: r.sendPerSecond >= 500 },
    ],
  };
}
