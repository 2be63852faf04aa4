import { randomUUID } from 'node:crypto';

export type Id = string;

/** Prefixed random ids ("cus_...") make logs and support requests readable. */
export function newId(prefix: string): Id {
  return `${prefix}_${randomUUID().replace(/-/g, '')}`;
}
