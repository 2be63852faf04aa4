import { Redis } from 'ioredis';
import { RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { insurance, type LimiterOptions, type SharedState } from '../lib/shared-state.ts';

// lib/shared-state.ts's port on Redis (REDIS_URL): rate-limiter-flexible's RateLimiterRedis for
// limits (an atomic INCR with its TTL per call), SET NX PX for one-time states, SET PX for the
// cache. Every key carries `prefix`, so several deployments (or test files) can share a server.

export type RedisSharedStateOptions = {
  /** Prepended to every key (default `rapport:`). */
  prefix?: string;
  logger?: { warn(obj: object, msg: string): void };
};

/** A client for REDIS_URL: connects at once, fails commands fast when the server is away instead of queueing them for long. */
export function createRedisClient(url: string, logger?: RedisSharedStateOptions['logger']): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: 2, connectTimeout: 5_000, enableAutoPipelining: true });
  let lastWarn = 0;
  client.on('error', (err: Error) => {
    // ioredis reconnects by itself; one warning a minute is enough while it is away.
    if (Date.now() - lastWarn < 60_000) return;
    lastWarn = Date.now();
    logger?.warn({ module: 'shared-state', err: err.message }, 'Redis unreachable (retrying)');
  });
  return client;
}

/** Glob characters in a SCAN pattern, escaped. */
const globEscape = (s: string) => s.replace(/[*?[\]\\]/g, (c) => `\\${c}`);

export function createRedisSharedState(client: Redis, options: RedisSharedStateOptions = {}): SharedState {
  const prefix = options.prefix ?? 'rapport:';
  return {
    kind: 'redis',
    limiter(o: LimiterOptions): RateLimiterAbstract {
      return new RateLimiterRedis({
        storeClient: client,
        keyPrefix: `${prefix}rl:${o.keyPrefix}`,
        points: o.points,
        duration: o.duration,
        // While Redis is away each process counts for itself rather than failing requests.
        rejectIfRedisNotReady: true,
        insuranceLimiter: insurance(o),
        ...(o.hot ? { inMemoryBlockOnConsumed: o.points + 1 } : {}),
      });
    },
    async claimOnce(key, ttlMs) {
      return (await client.set(`${prefix}once:${key}`, '1', 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX')) === 'OK';
    },
    cache: {
      get: (key) => client.get(`${prefix}cache:${key}`),
      async set(key, value, ttlMs) {
        await client.set(`${prefix}cache:${key}`, value, 'PX', Math.max(1, Math.ceil(ttlMs)));
      },
      async delete(key) {
        await client.del(`${prefix}cache:${key}`);
      },
      async deletePrefix(start) {
        const match = `${globEscape(`${prefix}cache:${start}`)}*`;
        let cursor = '0';
        do {
          const [next, keys] = await client.scan(cursor, 'MATCH', match, 'COUNT', 500);
          if (keys.length) await client.del(...keys);
          cursor = next;
        } while (cursor !== '0');
      },
    },
    reachable: () => client.status === 'ready',
    async close() {
      if (client.status === 'end') return;
      await client.quit().catch(() => client.disconnect());
    },
  };
}
