import { once } from 'node:events';
import { Redis } from 'ioredis';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDatabaseSharedState, purgeExpiredSharedState } from '../../src/db/shared-state.repo.ts';
import { createLoginLimiter } from '../../src/http/admin/login-limiter.ts';
import { createMemorySharedState, type SharedState } from '../../src/lib/shared-state.ts';
import { createRedisClient, createRedisSharedState } from '../../src/shared-state/redis.ts';
import { dropPrefix, REDIS_TEST_URL, redisAvailable, testPrefix } from '../helpers/redis.ts';
import { STORES, type StoreHarness } from '../helpers/stores.ts';

// The state web processes share (issue #15), on each backend: two instances over one store stand
// for two processes behind a load balancer. What one spends, consumes or caches, the other sees.

type Backend = {
  name: string;
  available: boolean;
  /** Two "processes" over one store. */
  open(): Promise<{ a: SharedState; b: SharedState; close(): Promise<void>; harness?: StoreHarness }>;
  /** Whether Date can be moved forward to expire entries (Redis keeps its own clock). */
  fakeClock: boolean;
};

const backends: Backend[] = [
  ...STORES.map((kind): Backend => ({
    name: kind.name,
    available: kind.available,
    fakeClock: true,
    async open() {
      const h = await kind.open();
      const a = createDatabaseSharedState(h.database);
      const b = createDatabaseSharedState(h.database);
      return {
        a,
        b,
        harness: h,
        close: async () => {
          await a.close();
          await b.close();
          await h.close();
        },
      };
    },
  })),
  {
    name: 'redis',
    available: redisAvailable,
    fakeClock: false,
    async open() {
      const prefix = testPrefix('shared-state');
      const clients = [createRedisClient(REDIS_TEST_URL), createRedisClient(REDIS_TEST_URL)] as const;
      // Until a client is ready its limiters count in memory (the insurance): wait, as a process soon after start.
      await Promise.all(clients.map((c) => (c.status === 'ready' ? undefined : once(c, 'ready'))));
      const a = createRedisSharedState(clients[0], { prefix });
      const b = createRedisSharedState(clients[1], { prefix });
      return {
        a,
        b,
        close: async () => {
          const admin = new Redis(REDIS_TEST_URL);
          await dropPrefix(admin, prefix);
          admin.disconnect();
          await a.close();
          await b.close();
        },
      };
    },
  },
];

const rejected = (p: Promise<unknown>) =>
  p.then(
    () => false,
    (e: unknown) => e instanceof RateLimiterRes,
  );

for (const backend of backends) {
  describe.skipIf(!backend.available)(`shared state on ${backend.name}`, () => {
    let a: SharedState;
    let b: SharedState;
    let harness: StoreHarness | undefined;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ a, b, close, harness } = await backend.open());
    });
    afterAll(() => close());
    afterEach(() => {
      vi.useRealTimers();
    });

    it('two limiter instances share one budget', async () => {
      const la = a.limiter({ keyPrefix: 'budget', points: 3, duration: 60 });
      const lb = b.limiter({ keyPrefix: 'budget', points: 3, duration: 60 });
      await la.consume('k');
      await lb.consume('k');
      await la.consume('k');
      expect(await rejected(lb.consume('k'))).toBe(true);
      expect(await rejected(la.consume('k'))).toBe(true);
      // Another key, and another limiter's same key, have budgets of their own.
      expect(await rejected(lb.consume('other'))).toBe(false);
      expect(await rejected(b.limiter({ keyPrefix: 'budget2', points: 1, duration: 60 }).consume('k'))).toBe(false);
      const seen = await lb.get('k');
      expect(seen?.consumedPoints).toBe(5);
      expect(seen?.msBeforeNext).toBeGreaterThan(50_000);
    });

    it('hot (storefront) limiters: shared, except on SQLite, where they stay in memory', async () => {
      const la = a.limiter({ keyPrefix: 'hot', points: 1, duration: 60, hot: true });
      const lb = b.limiter({ keyPrefix: 'hot', points: 1, duration: 60, hot: true });
      await la.consume('shop');
      expect(await rejected(lb.consume('shop'))).toBe(backend.name !== 'sqlite');
      // Over budget: blocked in this process's memory, the store is not asked again.
      expect(await rejected(la.consume('shop'))).toBe(true);
    });

    it('a one-time state claimed by one process is refused by the other', async () => {
      expect(await a.claimOnce('nonce-1', 60_000)).toBe(true);
      expect(await b.claimOnce('nonce-1', 60_000)).toBe(false);
      expect(await a.claimOnce('nonce-1', 60_000)).toBe(false);
      expect(await b.claimOnce('nonce-2', 60_000)).toBe(true);
      const claims = await Promise.all([a.claimOnce('race', 60_000), b.claimOnce('race', 60_000), a.claimOnce('race', 60_000)]);
      expect(claims.filter(Boolean)).toHaveLength(1);
    });

    it('the cache is one for both processes, with deletes by key and by prefix', async () => {
      await a.cache.set('shop-1.example_u1', 'x', 60_000);
      await a.cache.set('shop-1.example_u2', 'y', 60_000);
      await a.cache.set('shop-10.example_u1', 'z', 60_000);
      expect(await b.cache.get('shop-1.example_u1')).toBe('x');
      await b.cache.set('shop-1.example_u1', 'x2', 60_000);
      expect(await a.cache.get('shop-1.example_u1')).toBe('x2');
      await b.cache.deletePrefix('shop-1.example_');
      expect(await a.cache.get('shop-1.example_u2')).toBeNull();
      expect(await a.cache.get('shop-10.example_u1')).toBe('z');
      await a.cache.delete('shop-10.example_u1');
      expect(await b.cache.get('shop-10.example_u1')).toBeNull();
    });

    it('login lockouts count failures from every process, and a success elsewhere clears the email', async () => {
      const la = createLoginLimiter(a);
      const lb = createLoginLimiter(b);
      const keys = [{ key: 'email:x@shop.example', maxFailures: 3 }];
      await la.failed(keys);
      await lb.failed(keys);
      expect(await la.retryAfter(keys)).toBeNull();
      await la.failed(keys);
      expect(await lb.retryAfter(keys)).toBe(30);
      await lb.failed(keys);
      expect(await la.retryAfter(keys)).toBe(60);
      await lb.succeeded(keys);
      expect(await la.retryAfter(keys)).toBeNull();
      await la.failed(keys);
      expect(await lb.retryAfter(keys)).toBeNull(); // counting from 1 again
    });

    it.skipIf(!backend.fakeClock)('entries expire: claims, cache and limits, and the purge deletes them', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2026-12-01T10:00:00.000Z'));
      const l = a.limiter({ keyPrefix: 'exp', points: 1, duration: 60 });
      await l.consume('k');
      expect(await rejected(l.consume('k'))).toBe(true);
      expect(await a.claimOnce('exp-nonce', 1_000)).toBe(true);
      await a.cache.set('exp-key', 'v', 1_000);
      vi.setSystemTime(new Date('2026-12-01T10:01:01.000Z'));
      expect(await rejected(b.limiter({ keyPrefix: 'exp', points: 1, duration: 60 }).consume('k'))).toBe(false);
      expect(await b.claimOnce('exp-nonce', 1_000)).toBe(true);
      expect(await b.cache.get('exp-key')).toBeNull();
      vi.setSystemTime(new Date('2026-12-01T12:00:00.000Z'));
      expect(await purgeExpiredSharedState(harness!.database)).toBeGreaterThanOrEqual(3);
      const left = await harness!.rows<{ n: number }>(
        `SELECT (SELECT count(*) FROM rate_limits WHERE key LIKE 'exp%') + (SELECT count(*) FROM shared_entries WHERE key LIKE 'exp%') AS n`,
      );
      expect(Number(left[0]!.n)).toBe(0);
    });

    it.skipIf(!backend.fakeClock)('login back-off: 30 s, doubling per further failure, forgotten after a quiet period', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const t = Date.parse('2026-12-01T10:00:00.000Z');
      const at = (ms: number) => vi.setSystemTime(new Date(t + ms));
      const limiter = createLoginLimiter(a);
      const keys = [{ key: 'email:backoff@b.c', maxFailures: 2 }];
      at(0);
      await limiter.failed(keys);
      expect(await limiter.retryAfter(keys)).toBeNull();
      await limiter.failed(keys);
      expect(await limiter.retryAfter(keys)).toBe(30);
      at(30_000);
      expect(await limiter.retryAfter(keys)).toBeNull();
      await limiter.failed(keys);
      expect(await limiter.retryAfter(keys)).toBe(60);
      at(90_000);
      expect(await limiter.retryAfter(keys)).toBeNull();
      at(90_000 + 17 * 60_000);
      await limiter.failed(keys);
      expect(await limiter.retryAfter(keys)).toBeNull(); // counting from 1 again
    });
  });
}

describe('memory shared state (tests, one process)', () => {
  it('claims once and expires cache entries by their own time to live', async () => {
    const s = createMemorySharedState({ maxEntries: 2 });
    expect(await s.claimOnce('n', 60_000)).toBe(true);
    expect(await s.claimOnce('n', 60_000)).toBe(false);
    await s.cache.set('a', '1', 60_000);
    await s.cache.set('b', '2', 60_000);
    // Bounded: the oldest entry went.
    expect(await s.claimOnce('n', 60_000)).toBe(true);
  });
});

describe.skipIf(!redisAvailable)('Redis away', () => {
  it('limits fall back to each process counting for itself, and health reads the client as unreachable', async () => {
    const client = createRedisClient('redis://127.0.0.1:1');
    client.on('error', () => undefined);
    const state = createRedisSharedState(client, { prefix: testPrefix('away') });
    try {
      expect(state.reachable?.()).toBe(false);
      const l = state.limiter({ keyPrefix: 'away', points: 1, duration: 60 });
      expect(await rejected(l.consume('k'))).toBe(false);
      expect(await rejected(l.consume('k'))).toBe(true);
    } finally {
      client.disconnect();
    }
  });
});
