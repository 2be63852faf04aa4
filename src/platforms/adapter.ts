import type { z } from 'zod';
import type { CanonicalEvent } from '../crm/events.ts';

/** Facts about the store a payload came from, for fields the payload may omit. */
export type NormaliseContext = { currency: string; country: string | null };

/**
 * Turns one webhook delivery (topic + parsed JSON body) into canonical events. Pure: no I/O.
 * Unknown topics return `[{ type: 'ignored', reason }]`; a body that cannot be understood throws
 * PayloadError, which dead-letters the delivery with the reason.
 */
export type PlatformAdapter = {
  normalise(topic: string, body: unknown, context: NormaliseContext): CanonicalEvent[];
};

export class PayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadError';
  }
}

/**
 * Parses a payload with its (lenient) schema; a body that does not fit throws PayloadError naming
 * the topic and the first failing field, e.g. `orders/create: line_items.0.price Required`.
 */
export function parsePayload<T extends z.ZodType>(schema: T, body: unknown, topic: string): z.infer<T> {
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new PayloadError(`${topic}: ${issue?.path.join('.') || 'body'} ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}
