import { createHmac } from 'node:crypto';
import { safeEqual } from '../../lib/crypto.ts';

// Tokens of tracked links and of the open pixel in mail: which message, and for a link where it
// goes. Signed (HMAC-SHA256, 128 bits) with a key of their own derived from the messaging links'
// key, so the redirect is no open redirect, nobody can count a click on someone else's message,
// and checking one is an HMAC, never a lookup (the routes are anonymous). Links do not expire: an
// old email's button must still reach the shop.

export type LinkClaims = { accountId: string; messageId: string; url: string };
export type OpenClaims = { accountId: string; messageId: string };
export type TrackingCheck<T> = { ok: true; claims: T } | { ok: false; reason: 'malformed' | 'bad_signature' };

const LINK = 'c1';
const OPEN = 'o1';
/** Long enough for any real link (browsers manage 2,000+ characters; mail clients less). */
const MAX_LENGTH = 4096;

export const trackingKey = (linksKey: Buffer): Buffer => createHmac('sha256', linksKey).update('rapport-tracking').digest();

const sign = (key: Buffer, payload: string) => createHmac('sha256', key).update(payload).digest().subarray(0, 16).toString('base64url');

function encode(key: Buffer, parts: string[]): string {
  const payload = Buffer.from(JSON.stringify(parts)).toString('base64url');
  return `${payload}.${sign(key, payload)}`;
}

function decode(key: Buffer, token: string, version: string, length: number): TrackingCheck<string[]> {
  if (token.length > MAX_LENGTH || !/^[\w-]+\.[\w-]{22}$/.test(token)) return { ok: false, reason: 'malformed' };
  const [payload, signature] = token.split('.') as [string, string];
  if (!safeEqual(sign(key, payload), signature)) return { ok: false, reason: 'bad_signature' };
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!Array.isArray(parts) || parts.length !== length || parts[0] !== version || !parts.every((p) => typeof p === 'string'))
    return { ok: false, reason: 'malformed' };
  return { ok: true, claims: parts as string[] };
}

export const linkToken = (key: Buffer, c: LinkClaims): string => encode(key, [LINK, c.accountId, c.messageId, c.url]);
export const openToken = (key: Buffer, c: OpenClaims): string => encode(key, [OPEN, c.accountId, c.messageId]);

export function verifyLinkToken(key: Buffer, token: string): TrackingCheck<LinkClaims> {
  const check = decode(key, token, LINK, 4);
  if (!check.ok) return check;
  const [, accountId, messageId, url] = check.claims as [string, string, string, string];
  // Only web links are ever signed; anything else here was not made by Rapport.
  if (!/^https?:\/\//i.test(url)) return { ok: false, reason: 'malformed' };
  return { ok: true, claims: { accountId, messageId, url } };
}

export function verifyOpenToken(key: Buffer, token: string): TrackingCheck<OpenClaims> {
  const check = decode(key, token, OPEN, 3);
  if (!check.ok) return check;
  const [, accountId, messageId] = check.claims as [string, string, string];
  return { ok: true, claims: { accountId, messageId } };
}
