import type { RequestHandler, Response } from 'express';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

// Storefront limits: rate-limiter-flexible limiters from the shared state (lib/shared-state.ts),
// so every web process counts against one budget per key (Redis, or PostgreSQL); on SQLite (one
// web process per file) they stay in this process's memory. A key over its budget is blocked in
// memory until its window ends, so abuse costs no further round trips.

export type Limit = { limiter: RateLimiterAbstract; key: (res: Response) => string | null; what: string };

/** 429 with Retry-After and the API's error shape when any of the keyed limits is spent. The keys are consumed together. */
export function rateLimit(limits: Limit[]): RequestHandler {
  return (_req, res, next) => {
    const taken = limits.map(({ limiter, key, what }) => {
      const k = key(res);
      return k === null
        ? null
        : limiter.consume(k).then(
            () => null,
            (rejected: unknown) => {
              // A store error with no insurance left: let the request through rather than fail the shopper.
              if (!(rejected instanceof RateLimiterRes)) return null;
              return { what, retryAfterSeconds: Math.max(1, Math.ceil(rejected.msBeforeNext / 1000)) };
            },
          );
    });
    Promise.all(taken).then((outcomes) => {
      const refused = outcomes.find((o) => o !== null);
      if (!refused) return next();
      res.setHeader('retry-after', String(refused.retryAfterSeconds));
      res.status(429).json({
        error: { code: 'rate_limited', message: `Too many requests ${refused.what}: try again in ${refused.retryAfterSeconds} s` },
      });
    }, next);
  };
}
