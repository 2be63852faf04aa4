import { describe, expect, it } from 'vitest';
import { lastTouch } from '../../../src/crm/messaging/attribution.ts';
import type { MessageTouch } from '../../../src/crm/messaging/messages.port.ts';
import { linkToken, openToken, trackingKey, verifyLinkToken, verifyOpenToken } from '../../../src/crm/messaging/tracking-token.ts';
import { trackHtml } from '../../../src/crm/messaging/tracking.ts';

const key = trackingKey(Buffer.alloc(32, 3));

describe('tracked links', () => {
  const html = `<html><head><link href="https://fonts.example/x.css" rel="stylesheet"></head><body>
<a href="https://shop.example/a?x=1&amp;y=2" class="b">A</a>
<a class="c" href='http://shop.example/b'>B</a>
<a href="https://rapport.example/u/tok">Unsubscribe</a>
<a href="mailto:hi@shop.example">Mail</a><a href="#top">Top</a><a href="tel:+923001234567">Call</a>
</body></html>`;

  it('sends only web links of anchors through the redirect, keeping the unsubscribe link, with the pixel before </body>', () => {
    const out = trackHtml(html, {
      link: (url) => `https://rapport.example/c/${encodeURIComponent(url)}`,
      pixel: 'https://rapport.example/o/p.gif',
      keep: (url) => url.startsWith('https://rapport.example/u/'),
    });
    expect(out).toContain('href="https://rapport.example/c/https%3A%2F%2Fshop.example%2Fa%3Fx%3D1%26y%3D2" class="b"');
    expect(out).toContain(`class="c" href='https://rapport.example/c/http%3A%2F%2Fshop.example%2Fb'`);
    expect(out).toContain('href="https://rapport.example/u/tok"');
    expect(out).toContain('href="https://fonts.example/x.css"');
    for (const kept of ['mailto:hi@shop.example', '#top', 'tel:+923001234567']) expect(out).toContain(`href="${kept}"`);
    expect(out).toMatch(/<img src="https:\/\/rapport.example\/o\/p.gif"[^>]*><\/body>/);
  });

  it('changes nothing when neither is on', () => {
    expect(trackHtml(html, { link: null, pixel: null })).toBe(html);
  });

  it('signs tokens that carry the link, and refuses edited ones or a non-web link', () => {
    const token = linkToken(key, { accountId: 'acc_1', messageId: 'msg_1', url: 'https://shop.example/eid' });
    expect(verifyLinkToken(key, token)).toEqual({
      ok: true,
      claims: { accountId: 'acc_1', messageId: 'msg_1', url: 'https://shop.example/eid' },
    });
    const [payload, sig] = token.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify(['c1', 'acc_1', 'msg_1', 'https://evil.example'])).toString('base64url');
    expect(verifyLinkToken(key, `${forged}.${sig}`)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyLinkToken(trackingKey(Buffer.alloc(32, 4)), token)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyLinkToken(key, `${payload}`)).toEqual({ ok: false, reason: 'malformed' });
    const js = linkToken(key, { accountId: 'a', messageId: 'm', url: 'javascript:alert(1)' });
    expect(verifyLinkToken(key, js)).toEqual({ ok: false, reason: 'malformed' });
    // An open token is not a link token, and the other way round.
    const open = openToken(key, { accountId: 'acc_1', messageId: 'msg_1' });
    expect(verifyOpenToken(key, open)).toEqual({ ok: true, claims: { accountId: 'acc_1', messageId: 'msg_1' } });
    expect(verifyLinkToken(key, open).ok).toBe(false);
    expect(verifyOpenToken(key, token).ok).toBe(false);
  });
});

describe('last touch', () => {
  const touch = (over: Partial<MessageTouch>): MessageTouch => ({
    messageId: 'm',
    source: 'campaign',
    sourceId: 'c',
    channel: 'email',
    clickedAt: null,
    deliveredAt: null,
    ...over,
  });
  const placed = '2026-05-10T12:00:00.000Z';

  it('takes the latest click (or WhatsApp delivery) inside the window before the order', () => {
    const touches = [
      touch({ messageId: 'early', clickedAt: '2026-05-04T12:00:00.000Z' }), // 6 days before: outside 5
      touch({ messageId: 'mail', clickedAt: '2026-05-08T09:00:00.000Z' }),
      touch({ messageId: 'wa', channel: 'whatsapp', deliveredAt: '2026-05-09T09:00:00.000Z' }),
      touch({ messageId: 'after', clickedAt: '2026-05-10T12:00:01.000Z' }), // after the order
      touch({ messageId: 'mail-delivered', deliveredAt: '2026-05-10T11:00:00.000Z' }), // an email's delivery is no touch
    ];
    expect(lastTouch(touches, placed, 5)).toMatchObject({ messageId: 'wa', touch: 'delivered', at: '2026-05-09T09:00:00.000Z' });
    expect(lastTouch(touches.slice(0, 2), placed, 5)).toMatchObject({ messageId: 'mail', touch: 'click' });
    expect(lastTouch(touches.slice(0, 1), placed, 5)).toBeNull();
    expect(lastTouch(touches.slice(0, 1), placed, 7)).toMatchObject({ messageId: 'early' });
  });
});
