import type { IncomingHttpHeaders } from 'node:http';
import { isUtf8 } from 'node:buffer';
import { HttpError } from '../errors.ts';

export type DeliveryReply = { status: number; body?: unknown };
export type DeliveryHandler = (headers: IncomingHttpHeaders, raw: Buffer) => Promise<DeliveryReply>;

/** A header value, trimmed; names are lower-case (HTTP/2 sends them so, Node lower-cases them). */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return (Array.isArray(v) ? v[0] : v)?.trim() || undefined;
}

/**
 * The signed body as text. Invalid UTF-8 is refused rather than decoded with U+FFFD in place of
 * the bad bytes: the stored body must be exactly what was signed (replays, audits, erasure).
 */
export function utf8Body(raw: Buffer): string {
  if (!isUtf8(raw)) throw new HttpError('invalid', 'Body is not valid UTF-8');
  return raw.toString('utf8');
}
