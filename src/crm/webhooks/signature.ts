import { createHmac } from 'node:crypto';
import { safeEqual } from '../../lib/crypto.ts';

// How a receiver knows a delivery is Rapport's: `X-Rapport-Signature: t=<unix seconds>,v1=<hex>`,
// the HMAC-SHA256 of `<t>.<raw body>` with the subscription's secret (Stripe's scheme, well known
// to receivers' libraries). The timestamp lets a receiver refuse replays older than a few minutes.

export const SIGNATURE_HEADER = 'X-Rapport-Signature';

export function signPayload(secret: string, body: string, unixSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}

/** What a receiver does (and what the tests check): the signature matches and is fresh. */
export function verifySignature(secret: string, body: string, header: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  return safeEqual(signPayload(secret, body, t).split('v1=')[1]!, parts.v1);
}
