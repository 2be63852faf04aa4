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
