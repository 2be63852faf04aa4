import { randomBytes } from 'node:crypto';

export type Id = string;

/**
 * Prefixed ids ("cus_...") make logs and support requests readable. The first 12 hex digits are
 * the creation time in milliseconds, the other 20 random (as UUIDv7 does): new rows land at the
 * right edge of every B-tree keyed by id instead of on a random page, so a commit writes a
 * handful of pages rather than one per row and index (measured in bench/: processing).
 */
export function newId(prefix: string): Id {
  return `${prefix}_${Date.now().toString(16).padStart(12, '0')}${randomBytes(10).toString('hex')}`;
}
