import { hmacSha256 } from './crypto.ts';

/**
 * Keyed SHA-256 of a shopper's IP: enough to count repeats (referral limits), useless to identify
 * anyone. Its key is derived, so the encryption key itself is never reused.
 */
export function createIpHasher(encryptionKey: Buffer): (ip: string) => string {
  const ipKey = Buffer.from(hmacSha256(encryptionKey, 'rapport:ip-hash:v1', 'hex'), 'hex');
  return (ip) => hmacSha256(ipKey, ip, 'hex');
}
