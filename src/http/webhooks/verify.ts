import { hmacSha256, safeEqual } from '../../lib/crypto.ts';

// Signature checks return a reason instead of throwing; only the route maps reasons to statuses.
export type Verification = { ok: true } | { ok: false; reason: string };

/** base64(HMAC-SHA256(raw body)) against any of the accepted secrets (rotation keeps two). */
export function verifyBase64Hmac(rawBody: Buffer, signature: string | undefined, secrets: string[]): Verification {
  if (!signature) return { ok: false, reason: 'missing signature header' };
  if (!secrets.length) return { ok: false, reason: 'no secret configured for this store' };
  for (const secret of secrets) {
    if (safeEqual(hmacSha256(secret, rawBody, 'base64'), signature.trim())) return { ok: true };
  }
  return { ok: false, reason: 'invalid signature' };
}
