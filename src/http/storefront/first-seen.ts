import type { RequestHandler } from 'express';
import type { Logger } from '../../lib/logger.ts';
import { shopperOf } from './shopper.ts';

// "The widget is on": the first time a store's storefront widget calls the shopper API, one row
// is written (the onboarding checklist reads it). The routes are anonymous and hot, so a set in
// memory keeps every later request, in this process, from touching the database at all.

export type RecordStorefrontSeen = (connectionId: string, accountId: string) => Promise<unknown>;

export function storefrontSeen(record: RecordStorefrontSeen, logger?: Pick<Logger, 'warn'>): RequestHandler {
  const seen = new Set<string>();
  return (_req, res, next) => {
    const s = shopperOf(res);
    // Synchronous for every later call: no promise on the hot path once the store is known.
    if (seen.has(s.connectionId)) return next();
    seen.add(s.connectionId);
    record(s.connectionId, s.accountId).then(
      () => next(),
      (err: unknown) => {
        // Not worth failing a shopper's request: the next one tries again.
        seen.delete(s.connectionId);
        logger?.warn({ module: 'storefront', err: String(err) }, 'could not record the first storefront call');
        next();
      },
    );
  };
}
