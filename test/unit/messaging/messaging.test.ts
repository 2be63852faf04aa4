import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromDomain, unsubscribeHeaders } from '../../../src/channels/email/email.channel.ts';
import { htmlDocument } from '../../../src/channels/email/html-document.ts';
import { ConfigError, loadConfig } from '../../../src/config/config.ts';
import { retryDelayMs } from '../../../src/crm/messaging/sender.service.ts';
import { sendDecision } from '../../../src/crm/messaging/send-rule.ts';
import { createThrottle } from '../../../src/crm/messaging/throttle.ts';
import { unsubscribeToken, verifyUnsubscribeToken, type UnsubscribeClaims } from '../../../src/crm/messaging/unsubscribe-token.ts';
import { pageLanguage, unsubscribePage } from '../../../src/http/unsubscribe/unsubscribe.page.ts';

// The messaging module's pure parts: the send-time consent rule, the unsubscribe token, the email
// headers and html document, the throttle, the backoff, and the email settings' validation.

describe('send decision', () => {
  const cases = [
    { title: 'marketing to a subscriber', purpose: 'marketing', consent: 'subscribed', suppressed: false, send: true },
    { title: 'marketing after an unsubscribe', purpose: 'marketing', consent: 'unsubscribed', suppressed: false, send: false },
    { title: 'marketing with consent unknown', purpose: 'marketing', consent: 'unknown', suppressed: false, send: false },
    { title: 'marketing with no decision at all', purpose: 'marketing', consent: undefined, suppressed: false, send: false },
    {
      title: 'transactional to someone unsubscribed from marketing',
      purpose: 'transactional',
      consent: 'unsubscribed',
      suppressed: false,
      send: true,
    },
    { title: 'transactional to a bounced address', purpose: 'transactional', consent: 'subscribed', suppressed: true, send: false },
    { title: 'marketing to a bounced subscriber', purpose: 'marketing', consent: 'subscribed', suppressed: true, send: false },
  ] as const;
  it.each(cases)('$title', ({ purpose, consent, suppressed, send }) => {
    expect(sendDecision({ purpose, consent, addressSuppressed: suppressed }).send).toBe(send);
  });
  it('says why', () => {
    expect(sendDecision({ purpose: 'marketing', consent: 'unknown', addressSuppressed: false })).toEqual({
      send: false,
      reason: 'not_subscribed',
    });
    expect(sendDecision({ purpose: 'transactional', consent: undefined, addressSuppressed: true })).toEqual({
      send: false,
      reason: 'address_suppressed',
    });
  });
});

describe('unsubscribe token', () => {
  const key = Buffer.alloc(32, 1);
  const claims: UnsubscribeClaims = { accountId: 'acc_1', customerId: 'cus_1', channel: 'email', language: 'pa', messageId: 'msg_1' };
  const token = unsubscribeToken(key, claims);

  it('round-trips its claims', () => {
    expect(verifyUnsubscribeToken(key, token)).toEqual({ ok: true, claims });
  });
  it.each([
    { title: 'another key', check: () => verifyUnsubscribeToken(Buffer.alloc(32, 2), token), reason: 'bad_signature' },
    {
      title: 'an edited payload (another customer)',
      check: () => {
        const forged = Buffer.from(JSON.stringify(['u1', 'acc_1', 'cus_2', 'email', 'pa', 'msg_1'])).toString('base64url');
        return verifyUnsubscribeToken(key, `${forged}.${token.split('.')[1]}`);
      },
      reason: 'bad_signature',
    },
    { title: 'a truncated signature', check: () => verifyUnsubscribeToken(key, token.slice(0, -1)), reason: 'malformed' },
    { title: 'no signature', check: () => verifyUnsubscribeToken(key, token.split('.')[0]!), reason: 'malformed' },
    { title: 'an overlong token', check: () => verifyUnsubscribeToken(key, `${'a'.repeat(700)}.${'b'.repeat(22)}`), reason: 'malformed' },
    {
      title: 'a signed payload of the wrong shape',
      check: () => {
        const payload = Buffer.from(JSON.stringify(['u1', 'acc_1'])).toString('base64url');
        const sig = createHmac('sha256', key).update(payload).digest().subarray(0, 16).toString('base64url');
        return verifyUnsubscribeToken(key, `${payload}.${sig}`);
      },
      reason: 'malformed',
    },
  ])('refuses $title', ({ check, reason }) => {
    expect(check()).toEqual({ ok: false, reason });
  });
});

describe('email headers and document', () => {
  it('adds one-click unsubscribe headers to marketing mail with a link only', () => {
    const url = 'https://rapport.example/u/abc.def';
    expect(unsubscribeHeaders({ purpose: 'marketing', unsubscribeUrl: url }, 'unsub@shop.pk')).toEqual({
      'List-Unsubscribe': `<${url}>, <mailto:unsub@shop.pk?subject=unsubscribe>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    expect(unsubscribeHeaders({ purpose: 'marketing', unsubscribeUrl: url })).toEqual({
      'List-Unsubscribe': `<${url}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    expect(unsubscribeHeaders({ purpose: 'transactional', unsubscribeUrl: url })).toEqual({});
    expect(unsubscribeHeaders({ purpose: 'marketing', unsubscribeUrl: null })).toEqual({});
  });

  it.each([
    { title: 'wraps a fragment', html: '<p>سلام</p>', contains: ['<html dir="rtl" lang="ur">', '<body dir="rtl"><p>سلام</p>'] },
    { title: 'adds dir and lang to a bare <html>', html: '<html><body>x</body></html>', contains: ['<html lang="ur" dir="rtl">'] },
    {
      title: "keeps a template's own dir",
      html: '<html dir="ltr" lang="ur"><body>x</body></html>',
      contains: ['<html dir="ltr" lang="ur">'],
    },
  ])('$title', ({ html, contains }) => {
    const out = htmlDocument(html, 'rtl', 'ur');
    for (const piece of contains) expect(out).toContain(piece);
  });

  it('names Message-IDs after the From domain', () => {
    expect(fromDomain('Shop <hello@shop.pk>')).toBe('shop.pk');
    expect(fromDomain('hello@shop.pk')).toBe('shop.pk');
  });
});

describe('unsubscribe page', () => {
  it.each([
    ['ur-PK', 'ur', 'rtl'],
    ['pa-Arab', 'pa', 'rtl'],
    ['hi', 'hi', 'ltr'],
    ['fr', 'en', 'ltr'],
  ])('%s reads as %s, %s', (language, page, dir) => {
    expect(pageLanguage(language)).toBe(page);
    expect(unsubscribePage('confirm', pageLanguage(language))).toContain(`<html lang="${page}" dir="${dir}">`);
  });
  it('escapes the reason it shows', () => {
    expect(unsubscribePage('invalid', 'en', '<script>')).not.toContain('<script>');
  });
});

describe('throttle and backoff', () => {
  it('spaces sends to the channel rate, each channel on its own', async () => {
    let now = 0;
    const slept: number[] = [];
    const throttle = createThrottle({
      now: () => now,
      sleep: async (ms) => {
        slept.push(ms);
        now += ms;
      },
    });
    for (let i = 0; i < 4; i++) await throttle.wait('email', 10);
    await throttle.wait('whatsapp', 10);
    expect(slept).toEqual([100, 100, 100]);
    expect(now).toBe(300);
  });
  it('backs off 30 s, 2 min, 8 min, 32 min, then hourly', () => {
    expect([1, 2, 3, 4, 5, 9].map(retryDelayMs)).toEqual([30_000, 120_000, 480_000, 1_920_000, 3_600_000, 3_600_000]);
  });
});

describe('email settings', () => {
  const base = { NODE_ENV: 'test' };
  it('accepts smtp and smtps URLs and never echoes a refused one', () => {
    expect(loadConfig({ ...base, SMTP_URL: 'smtps://user:pw@smtp.example.com:465' }).SMTP_URL).toBe('smtps://user:pw@smtp.example.com:465');
    try {
      loadConfig({ ...base, SMTP_URL: 'https://user:hunter2@smtp.example.com' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toContain('SMTP_URL');
      expect((err as Error).message).not.toContain('hunter2');
    }
  });
  it('wants DKIM whole or not at all', () => {
    expect(() => loadConfig({ ...base, DKIM_DOMAIN: 'shop.pk' })).toThrow(/set all or none/);
    const key = '-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----';
    expect(loadConfig({ ...base, DKIM_DOMAIN: 'shop.pk', DKIM_SELECTOR: 'rapport', DKIM_PRIVATE_KEY: key }).DKIM_SELECTOR).toBe('rapport');
    expect(() =>
      loadConfig({ ...base, DKIM_DOMAIN: 'shop.pk', DKIM_SELECTOR: 'rapport', DKIM_PRIVATE_KEY: key, DKIM_PRIVATE_KEY_FILE: '/k.pem' }),
    ).toThrow(/set one/);
  });
  it('defaults to the local outbox with a From', () => {
    const c = loadConfig(base);
    expect(c.SMTP_URL).toBeUndefined();
    expect(c.MAIL_FROM).toBe('Rapport <no-reply@localhost>');
    expect(() => loadConfig({ ...base, MAIL_FROM: 'not an address' })).toThrow(/MAIL_FROM/);
  });
});
