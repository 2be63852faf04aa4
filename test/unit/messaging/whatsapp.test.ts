import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { failure } from '../../../src/channels/whatsapp/whatsapp.channel.ts';
import { consentKeyword } from '../../../src/crm/messaging/whatsapp/keywords.ts';
import { graphMessageBody, readableText, waRecipient, whatsAppPayloadOf } from '../../../src/crm/messaging/whatsapp/payload.ts';
import { changesOf, readValue } from '../../../src/crm/messaging/whatsapp/webhook-payload.ts';
import { verifyHubSignature, whatsAppChallenge } from '../../../src/http/webhooks/whatsapp.delivery.ts';
import { validateSend } from '../../fakes/whatsapp.fake.ts';

const SECRET = 'app-secret-1234';
const sign = (raw: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

describe('X-Hub-Signature-256', () => {
  const raw = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');
  it('accepts the HMAC-SHA256 of the raw body with the app secret (hex, either case)', () => {
    expect(verifyHubSignature(raw, sign(raw.toString()), SECRET)).toEqual({ ok: true });
    expect(verifyHubSignature(raw, sign(raw.toString()).toUpperCase().replace('SHA256=', 'sha256='), SECRET)).toEqual({ ok: true });
  });
  it('refuses a missing, malformed, other-secret or other-body signature, and any without a configured secret', () => {
    expect(verifyHubSignature(raw, undefined, SECRET).ok).toBe(false);
    expect(verifyHubSignature(raw, 'sha1=abc', SECRET).ok).toBe(false);
    expect(verifyHubSignature(raw, sign(raw.toString(), 'other-secret'), SECRET).ok).toBe(false);
    expect(verifyHubSignature(Buffer.from(`${raw.toString()} `), sign(raw.toString()), SECRET).ok).toBe(false);
    expect(verifyHubSignature(raw, sign(raw.toString()), undefined)).toEqual({
      ok: false,
      reason: 'WHATSAPP_APP_SECRET is not configured',
    });
  });
  it('answers the verification challenge only for subscribe with the right token', () => {
    expect(whatsAppChallenge('/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=tok-12345&hub.challenge=42', 'tok-12345')).toEqual({
      status: 200,
      body: '42',
    });
    expect(whatsAppChallenge('/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=tok-1234&hub.challenge=42', 'tok-12345').status).toBe(
      403,
    );
    expect(whatsAppChallenge('/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=tok-12345&hub.challenge=42', undefined).status).toBe(
      403,
    );
    expect(
      whatsAppChallenge('/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=tok-12345&hub.challenge=<script>', 'tok-12345').status,
    ).toBe(403);
  });
});

describe('webhook payloads', () => {
  const value = (extra: Record<string, unknown>) => ({
    messaging_product: 'whatsapp',
    metadata: { display_phone_number: '923000000001', phone_number_id: '1065' },
    ...extra,
  });
  it('splits a delivery into its `messages` changes with their number', () => {
    const r = changesOf({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: 'waba',
          changes: [
            { field: 'messages', value: value({}) },
            { field: 'account_update', value: { x: 1 } },
          ],
        },
        { id: 'waba2', changes: [{ field: 'messages', value: { ...value({}), metadata: { phone_number_id: '2077' } } }] },
      ],
    });
    expect(r.ok && r.changes.map((c) => c.phoneNumberId)).toEqual(['1065', '2077']);
    expect(changesOf({ object: 'page', entry: [] }).ok).toBe(false);
    expect(changesOf('nope').ok).toBe(false);
  });
  it('reads statuses, failed ones with their error, and leaves out unknown statuses', () => {
    const r = readValue(
      value({
        statuses: [
          { id: 'wamid.A', status: 'delivered', timestamp: '1764633600', recipient_id: '923001234567' },
          { id: 'wamid.B', status: 'failed', timestamp: '1764633601', errors: [{ code: 131047, title: 'Re-engagement message' }] },
          { id: 'wamid.C', status: 'deleted', timestamp: '1764633602' },
          { id: 'wamid.D', timestamp: 'soon' },
        ],
      }),
    );
    expect(r.statuses).toEqual([
      { providerMessageId: 'wamid.A', status: 'delivered', at: '2025-12-02T00:00:00.000Z', recipient: '923001234567', error: null },
      {
        providerMessageId: 'wamid.B',
        status: 'failed',
        at: '2025-12-02T00:00:01.000Z',
        recipient: null,
        error: '131047 Re-engagement message',
      },
    ]);
    expect(r.skipped).toBe(2);
  });
  it('reads inbound text, quick-reply buttons, interactive replies and other types', () => {
    const base = { from: '923001234567', timestamp: '1764633600' };
    const r = readValue(
      value({
        messages: [
          { ...base, id: 'w1', type: 'text', text: { body: 'STOP' } },
          { ...base, id: 'w2', type: 'button', button: { text: 'Confirm', payload: 'COD_CONFIRM' }, context: { id: 'wamid.T' } },
          { ...base, id: 'w3', type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'keep', title: 'Keep' } } },
          { ...base, id: 'w4', type: 'image', image: { id: 'media' } },
          { ...base, from: '+92', id: 'w5', type: 'text', text: { body: 'x' } },
        ],
      }),
    );
    expect(r.messages.map((m) => [m.kind, m.body, m.replyId, m.contextMessageId, m.from])).toEqual([
      ['text', 'STOP', null, null, '+923001234567'],
      ['button', 'Confirm', 'COD_CONFIRM', 'wamid.T', '+923001234567'],
      ['interactive', 'Keep', 'keep', null, '+923001234567'],
      ['other', '[image]', null, null, '+923001234567'],
    ]);
    expect(r.skipped).toBe(1);
  });
});

describe('message payloads', () => {
  it('builds the documented Graph bodies, each accepted by the fake’s validation', () => {
    const template = {
      type: 'template' as const,
      name: 'cod_confirm',
      language: 'ur',
      components: [
        { type: 'body' as const, parameters: [{ type: 'text' as const, text: '#1001' }] },
        {
          type: 'button' as const,
          sub_type: 'quick_reply' as const,
          index: '0',
          parameters: [{ type: 'payload' as const, payload: 'COD_CONFIRM' }],
        },
      ],
    };
    for (const p of [
      template,
      { type: 'text' as const, body: 'hi' },
      { type: 'buttons' as const, body: 'ok?', buttons: [{ id: 'y', title: 'Yes' }] },
    ]) {
      expect(validateSend(graphMessageBody('923001234567', p))).toBeNull();
    }
    expect(readableText(template)).toBe('[cod_confirm · ur] #1001');
  });
  it('refuses payloads Meta would refuse', () => {
    expect(whatsAppPayloadOf(null).ok).toBe(false);
    expect(whatsAppPayloadOf({ type: 'template', name: 'Bad Name', language: 'en', components: [] }).ok).toBe(false);
    expect(whatsAppPayloadOf({ type: 'buttons', body: 'x', buttons: [] }).ok).toBe(false);
    expect(whatsAppPayloadOf({ type: 'buttons', body: 'x', buttons: [{ id: 'a', title: 'a title longer than twenty' }] }).ok).toBe(false);
    expect(whatsAppPayloadOf({ type: 'sticker' }).ok).toBe(false);
  });
  it('turns E.164 into WhatsApp’s digits', () => {
    expect(waRecipient('+923001234567')).toBe('923001234567');
    expect(waRecipient('03001234567')).toBeNull();
    expect(waRecipient('+0300')).toBeNull();
  });
  it('tells retryable Cloud API errors from permanent ones', () => {
    expect(failure(400, { code: 130429, message: '(#130429) Rate limit hit' })).toMatchObject({ retryable: true });
    expect(failure(429, undefined)).toMatchObject({ retryable: true });
    expect(failure(500, { code: 1, message: 'unknown' })).toMatchObject({ retryable: true });
    expect(failure(400, { code: 131047, message: 'Re-engagement message' })).toMatchObject({ retryable: false });
    expect(failure(401, { code: 190, error_subcode: 463, message: 'expired' })).toMatchObject({
      retryable: false,
      error: 'WhatsApp 190/463: expired',
    });
  });
});

describe('STOP and START words', () => {
  it('takes whole messages only, in English, Urdu, Hindi and Punjabi', () => {
    for (const t of ['STOP', ' stop. ', 'Unsubscribe', 'Stop promotions', 'بند کرو', 'بند کرو۔', 'बंद करो', 'ਬੰਦ ਕਰੋ', 'band karo'])
      expect(consentKeyword(t)).toBe('stop');
    for (const t of ['START', 'start!', 'شروع', 'शुरू', 'ਸ਼ੁਰੂ']) expect(consentKeyword(t)).toBe('start');
    for (const t of ['please don’t stop', 'stopped', 'when does the sale start?', '']) expect(consentKeyword(t)).toBeNull();
  });
});
