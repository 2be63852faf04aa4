import { createHmac } from 'node:crypto';
import { safeEqual } from '../../lib/crypto.ts';
import type { ChannelId } from './channel.port.ts';

// The one-click unsubscribe link's token: who, on which channel, in which language to answer,
// signed with a key derived from the app's encryption key (`deriveKey(key, 'unsubscribe')`), so
// verifying it is an HMAC, never a lookup, and nobody can unsubscribe someone else by editing it.
// It does not expire: a link in an old email must keep working (RFC 8058 asks for a lasting one).

export type UnsubscribeClaims = { accountId: string; customerId: string; channel: ChannelId; language: string; messageId: string };
export type TokenCheck = { ok: true; claims: UnsubscribeClaims } | { ok: false; reason: 'malformed' | 'bad_signature' };

const VERSION = 'u1';
const CHANNELS: readonly string[] = ['email', 'sms', 'whatsapp'];
const MAX_LENGTH = 600;

const sign = (key: Buffer, payload: string) => createHmac('sha256', key).update(payload).digest().subarray(0, 16).toString('base64url');

export function unsubscribeToken(key: Buffer, claims: UnsubscribeClaims): string {
  const payload = Buffer.from(
    JSON.stringify([VERSION, claims.accountId, claims.customerId, claims.channel, claims.language, claims.messageId]),
  ).toString('base64url');
  return `${payload}.${sign(key, payload)}`;
}

export function verifyUnsubscribeToken(key: Buffer, token: string): TokenCheck {
  if (token.length > MAX_LENGTH || !/^[\w-]+\.[\w-]{22}$/.test(token)) return { ok: false, reason: 'malformed' };
  const [payload, signature] = token.split('.') as [string, string];
  if (!safeEqual(sign(key, payload), signature)) return { ok: false, reason: 'bad_signature' };
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!Array.isArray(parts) || parts.length !== 6 || parts[0] !== VERSION || !parts.every((p) => typeof p === 'string'))
    return { ok: false, reason: 'malformed' };
  const [, accountId, customerId, channel, language, messageId] = parts as string[];
  if (!CHANNELS.includes(channel!)) return { ok: false, reason: 'malformed' };
  return {
    ok: true,
    claims: { accountId: accountId!, customerId: customerId!, channel: channel as ChannelId, language: language!, messageId: messageId! },
  };
}
