import type { IncomingHttpHeaders } from 'node:http';

export type DeliveryReply = { status: number; body?: unknown };
export type DeliveryHandler = (headers: IncomingHttpHeaders, raw: Buffer) => DeliveryReply;

/** A header value, trimmed; names are lower-case (HTTP/2 sends them so, Node lower-cases them). */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return (Array.isArray(v) ? v[0] : v)?.trim() || undefined;
}
