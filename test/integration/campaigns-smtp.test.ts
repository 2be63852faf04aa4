import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDueCampaigns } from '../../src/crm/campaigns/campaign-send.service.ts';
import { differenceOfProportions } from '../../src/crm/campaigns/lift.ts';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import { sendDueMessages } from '../../src/crm/messaging/sender.service.ts';
import { loginToken } from '../helpers/api.ts';
import { customer, order } from '../helpers/canonical.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// The "done when" for campaigns, end to end through the admin API and a real SMTP server
// on localhost (smtp-server, parsed with mailparser): a campaign to a segment arrives with each
// shopper's merge fields, List-Unsubscribe and List-Unsubscribe-Post, right-to-left markup for
// Urdu readers; the holdout and shoppers outside the segment receive nothing; a one-click
// unsubscribe from the received header makes the NEXT campaign skip that shopper (suppressed at
// send, and its report says so); the report's conversion and lift match the orders placed.

const SHOP = 'campaign-smtp.myshopify.com';
let smtp: SMTPServer;
const received: ParsedMail[] = [];
let server: TestServer;
let token: string;
let shop: string;
let templateId: string;
let segmentId: string;
const shoppers: Array<{ externalId: string; email: string; firstName: string; urdu: boolean; customerId: string }> = [];

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const header = (mail: ParsedMail, name: string) => mail.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '');
const addressOf = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to[0] : mail.to)!.value[0]!.address!.toLowerCase();

/** What the leader's jobs do: expand the due campaigns, then send until the queue is empty. */
async function runJobs(): Promise<void> {
  await sendDueCampaigns(server.runtime.messaging.campaigns, { budgetMs: 60_000 });
  while ((await sendDueMessages(server.runtime.messaging.sender)).claimed > 0);
}

async function sendCampaign(name: string, holdoutPercent: number): Promise<string> {
  const created = await api('POST', '/api/campaigns', {
    name,
    audience: { kind: 'segment', segmentId },
    variants: [{ key: 'A', templateId, weight: 1 }],
    holdoutPercent,
  });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ status: 'draft', channel: 'email', holdoutPercent });
  const scheduled = await api('POST', `/api/campaigns/${created.body.id}/schedule`, {});
  expect(scheduled.body.status).toBe('scheduled');
  await runJobs();
  return created.body.id as string;
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const port = (smtp.server.address() as AddressInfo).port;
  server = await startTestServer({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Sialkot Sports <hello@sialkot.example>' });
  const t = server.runtime.tenancy;
  const accountId = await t.createAccount('Sialkot Sports', 'PKR');
  shop = (
    await t.upsertConnection({ accountId, platform: 'shopify', domain: SHOP, currency: 'PKR', country: 'PK', timezone: 'Asia/Karachi' })
  ).id;
  await t.createAdminUser(accountId, 'owner@sialkot.example', 'correct horse battery');
  token = await loginToken(server, 'owner@sialkot.example', 'correct horse battery');
  // 40 shoppers tagged for Eid (every fourth reads Urdu), and 3 without the tag: outside the segment.
  for (let i = 0; i < 43; i++) {
    const urdu = i % 4 === 0;
    const s = { externalId: `s${i}`, email: `shopper${i}@example.pk`, firstName: urdu ? `عائشہ${i}` : `Ali${i}`, urdu, customerId: '' };
    await applyEvent(server.runtime.store, shop, {
      type: 'customer.upserted',
      customer: customer(s.externalId, {
        email: s.email,
        firstName: s.firstName,
        locale: urdu ? 'ur-PK' : 'en',
        tags: i < 40 ? ['eid'] : [],
      }),
    });
    await applyEvent(server.runtime.store, shop, {
      type: 'customer.consent',
      externalId: s.externalId,
      email: s.email,
      phone: null,
      consents: [{ channel: 'email', state: 'subscribed', source: 'shopify', detail: 'subscribed', decidedAt: '2026-01-01T00:00:00.000Z' }],
    });
    s.customerId = (await server.runtime.store.transaction((r) => r.customers.findIdentity(shop, s.externalId)))!.customerId;
    shoppers.push(s);
  }
  const template = await api('POST', '/api/message-templates', {
    name: 'Eid',
    purpose: 'marketing',
    variants: {
      en: {
        subject: 'Eid Mubarak, {{ first_name }}',
        body: '<mj-section><mj-column><mj-text>Dear {{ first_name }}, our Eid sale is on.</mj-text></mj-column></mj-section>',
      },
      ur: {
        subject: 'عید مبارک، {{ first_name }}',
        body: '<mj-section><mj-column><mj-text>پیارے {{ first_name }}، عید کی سیل جاری ہے۔</mj-text></mj-column></mj-section>',
      },
    },
  });
  expect(template.status).toBe(201);
  templateId = template.body.id as string;
  const segment = await api('POST', '/api/segments', { name: 'Eid shoppers', query: "tags contains 'eid'" });
  expect(segment.status).toBe(201);
  segmentId = segment.body.id as string;
});

afterAll(async () => {
  await server?.close();
  await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
});

describe('a campaign over real SMTP', () => {
  let first: string;
  let unsubscribed: (typeof shoppers)[number];

  it('reaches the segment with merge fields, one-click headers and rtl for Urdu readers; the holdout gets nothing', async () => {
    first = await sendCampaign('Eid 1', 25);
    const recipients = (await api('GET', `/api/campaigns/${first}/recipients?first=500`)).body.recipients as Array<Record<string, any>>;
    expect(recipients).toHaveLength(40);
    const queued = recipients.filter((r) => r.outcome === 'queued');
    const holdout = recipients.filter((r) => r.outcome === 'holdout');
    expect(queued.length + holdout.length).toBe(40);
    expect(holdout.length).toBeGreaterThan(0);
    expect(queued.every((r) => r.messageStatus === 'sent' && r.group === 'A')).toBe(true);

    expect(received).toHaveLength(queued.length);
    const byAddress = new Map(received.map((m) => [addressOf(m), m]));
    for (const r of queued) {
      const s = shoppers.find((x) => x.customerId === r.customerId)!;
      const mail = byAddress.get(s.email)!;
      expect(mail, s.email).toBeDefined();
      expect(header(mail, 'list-unsubscribe')).toMatch(/^<https?:\/\/[^>]+\/u\/[\w-]+\.[\w-]+>$/);
      expect(header(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      if (s.urdu) {
        expect(mail.subject).toBe(`عید مبارک، ${s.firstName}`);
        expect(mail.html).toMatch(/<html[^>]*lang="ur"[^>]*dir="rtl"|<html[^>]*dir="rtl"[^>]*lang="ur"/);
        expect(mail.html).toContain(`پیارے ${s.firstName}`);
      } else {
        expect(mail.subject).toBe(`Eid Mubarak, ${s.firstName}`);
        expect(mail.html).not.toContain('dir="rtl"');
        expect(mail.text).toContain(`Dear ${s.firstName}, our Eid sale is on.`);
      }
    }
    for (const r of holdout) expect(byAddress.has(shoppers.find((x) => x.customerId === r.customerId)!.email)).toBe(false);
    for (const s of shoppers.slice(40)) expect(byAddress.has(s.email)).toBe(false);
    unsubscribed = shoppers.find((s) => s.urdu && queued.some((r) => r.customerId === s.customerId))!;
    expect(unsubscribed).toBeDefined();
  });

  it('reports conversion and lift against the holdout from the orders placed in the window', async () => {
    const campaign = (await api('GET', `/api/campaigns/${first}`)).body;
    const recipients = (await api('GET', `/api/campaigns/${first}/recipients?first=500`)).body.recipients as Array<Record<string, any>>;
    // Every third customer orders two days after the send (twice for some), one also long after the window.
    const converted = new Set<string>();
    let n = 0;
    for (const [i, s] of shoppers.entries()) {
      if (i % 3 !== 0) continue;
      converted.add(s.customerId);
      const placedAt = new Date(Date.parse(campaign.startedAt as string) + 2 * 86_400_000).toISOString();
      const late = new Date(Date.parse(campaign.startedAt as string) + 9 * 86_400_000).toISOString();
      for (const at of i % 2 ? [placedAt, late] : [placedAt])
        await applyEvent(server.runtime.store, shop, {
          type: 'order.upserted',
          order: order(`o${++n}`, {
            currency: 'PKR',
            totalMinor: 250_000,
            placedAt: at,
            updatedAt: at,
            customer: customer(s.externalId, { email: s.email }),
          }),
        });
    }
    const report = await api('GET', `/api/campaigns/${first}/report`);
    expect(report.status).toBe(200);
    const groupOf = (g: string) => recipients.filter((r) => r.group === g);
    const conv = (g: string) => groupOf(g).filter((r) => converted.has(r.customerId)).length;
    const [a, h] = [report.body.groups.find((g: any) => g.group === 'A'), report.body.groups.find((g: any) => g.group === 'holdout')];
    expect(a).toMatchObject({
      recipients: groupOf('A').length,
      queued: groupOf('A').length,
      sent: groupOf('A').length,
      converted: conv('A'),
    });
    expect(a.orders).toBe(conv('A'));
    expect(a.revenueMinor).toBe(conv('A') * 250_000);
    expect(h).toMatchObject({ recipients: groupOf('holdout').length, queued: 0, sent: 0, converted: conv('holdout') });
    const expected = differenceOfProportions(conv('A'), groupOf('A').length, conv('holdout'), groupOf('holdout').length)!;
    expect(report.body.lift).toEqual([
      {
        group: 'all',
        difference: expected.difference,
        ci95: expected.ci95,
        revenuePerRecipientDifferenceMinor:
          (conv('A') * 250_000) / groupOf('A').length - (conv('holdout') * 250_000) / groupOf('holdout').length,
      },
    ]);
    expect(report.body.attribution).toMatchObject({ from: campaign.startedAt, days: 5 });
  });

  it('one-click unsubscribe from the received header makes the next campaign skip that shopper', async () => {
    const mail = received.find((m) => addressOf(m) === unsubscribed.email)!;
    const link = header(mail, 'list-unsubscribe')!.slice(1, -1);
    const res = await fetch(`${server.url}${new URL(link).pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);

    const before = received.length;
    const second = await sendCampaign('Eid 2', 0);
    const recipients = (await api('GET', `/api/campaigns/${second}/recipients?first=500`)).body.recipients as Array<Record<string, any>>;
    const skipped = recipients.find((r) => r.customerId === unsubscribed.customerId)!;
    expect(skipped).toMatchObject({ outcome: 'queued', messageStatus: 'suppressed' });
    const got = received.slice(before).map(addressOf);
    expect(got).toHaveLength(39);
    expect(got).not.toContain(unsubscribed.email);
    const report = (await api('GET', `/api/campaigns/${second}/report`)).body;
    expect(report.groups).toEqual([expect.objectContaining({ group: 'A', recipients: 40, sent: 39, suppressed: 1 })]);
    expect(report.lift).toEqual([]);
  });
});
