import type { RequestHandler, Response } from 'express';

// In-memory token buckets: each key holds up to `capacity` tokens, refilled at `perSecond`; a
// request takes one. Memory is bounded by evicting the least recently used keys. One process
// only: behind several instances each enforces its own share, which is good enough for abuse
// control (it is not billing).

export type BucketOptions = { capacity: number; perSecond: number; maxKeys?: number };
export type Take = { ok: true } | { ok: false; retryAfterSeconds: number };

export function createTokenBuckets(options: BucketOptions) {
  const { capacity, perSecond, maxKeys = 50_000 } = options;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key: string, nowMs = Date.now()): Take {
      const last = buckets.get(key);
      const tokens = last ? Math.min(capacity, last.tokens + ((nowMs - last.at) / 1000) * perSecond) : capacity;
      buckets.delete(key); // re-inserted below, so Map order is least recently used first
      if (tokens < 1) {
        buckets.set(key, { tokens, at: nowMs });
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perSecond)) };
      }
      buckets.set(key, { tokens: tokens - 1, at: nowMs });
      if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value!);
      return { ok: true };
    },
    /** How many keys are held (never more than `maxKeys`). */
    get size(): number {
      return buckets.size;
    },
  };
}

export type TokenBuckets = ReturnType<typeof createTokenBuckets>;

/** 429 with Retry-After and the API's error shape when any of the keyed buckets is empty. */
export function rateLimit(limits: Array<{ buckets: TokenBuckets; key: (res: Response) => string | null; what: string }>): RequestHandler {
  return (_req, res, next) => {
    for (const { buckets, key, what } of limits) {
      const k = key(res);
      if (k === null) continue;
      const taken = buckets.take(k);
      if (!taken.ok) {
        res.setHeader('retry-after', String(taken.retryAfterSeconds));
        res
          .status(429)
          .json({ error: { code: 'rate_limited', message: `Too many requests ${what}: try again in ${taken.retryAfterSeconds} s` } });
        return;
      }
    }
    next();
  };
}
