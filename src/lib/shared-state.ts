import { RateLimiterMemory, type RateLimiterAbstract } from 'rate-limiter-flexible';

// State that every web process behind a load balancer must agree on: rate limits, one-time
// states and small caches with a time to live (issue #15). The edge and the platform services
// ask this port; the composition root hands them Redis (REDIS_URL, src/shared-state/) or the
// database (db/shared-state.repo.ts). The memory implementation below serves tests and tools that
// build the app without a runtime: one process only.

export type LimiterOptions = {
  /** Names the limiter; keys of different limiters never collide. */
  keyPrefix: string;
  /** Points a key may consume per window… */
  points: number;
  /** …of this many seconds (a fixed window from the key's first point). */
  duration: number;
  /**
   * An anonymous hot path (the storefront): may stay in this process's memory where a shared
   * store would cost every request a write (SQLite, one web process per file), and blocks an
   * over-budget key in memory for the rest of its window so abuse costs no further round trips.
   */
  hot?: boolean;
};

/** A cache of short strings, each with its own time to live. */
export interface SharedCache {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Deletes every key starting with `prefix` (rare paths only: it may scan). */
  deletePrefix(prefix: string): Promise<void>;
}

export interface SharedState {
  /** Where the state lives: logs and health say it. */
  readonly kind: 'redis' | 'database' | 'memory';
  /** A rate-limiter-flexible limiter on the shared store (falls back to memory when the store fails). */
  limiter(options: LimiterOptions): RateLimiterAbstract;
  /** True the first time `key` is claimed while an earlier claim of it lives (`ttlMs`): one-time states, nonces. */
  claimOnce(key: string, ttlMs: number): Promise<boolean>;
  cache: SharedCache;
  /** Redis only: whether the client is connected now (no round trip; health reads it). */
  reachable?(): boolean;
  close(): Promise<void>;
}

/** Per-process fallback when the shared store errors: the same budget, counted here. */
export function insurance(options: LimiterOptions): RateLimiterMemory {
  return new RateLimiterMemory({ keyPrefix: options.keyPrefix, points: options.points, duration: options.duration });
}

/** One process only: tests, the CLI, and the storefront's limits on SQLite. */
export function createMemorySharedState(options: { maxEntries?: number } = {}): SharedState {
  const maxEntries = options.maxEntries ?? 100_000;
  const entries = new Map<string, { value: string; expiresAt: number }>();
  const live = (key: string, now: number) => {
    const e = entries.get(key);
    if (e && e.expiresAt <= now) entries.delete(key);
    return e && e.expiresAt > now ? e : undefined;
  };
  const put = (key: string, value: string, ttlMs: number) => {
    entries.delete(key); // re-inserted: Map order is oldest first, dropped past maxEntries
    entries.set(key, { value, expiresAt: Date.now() + ttlMs });
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
  };
  return {
    kind: 'memory',
    limiter: (o) => new RateLimiterMemory({ keyPrefix: o.keyPrefix, points: o.points, duration: o.duration }),
    async claimOnce(key, ttlMs) {
      if (live(key, Date.now())) return false;
      put(key, '1', ttlMs);
      return true;
    },
    cache: {
      get: async (key) => live(key, Date.now())?.value ?? null,
      set: async (key, value, ttlMs) => put(key, value, ttlMs),
      delete: async (key) => void entries.delete(key),
      deletePrefix: async (prefix) => {
        for (const key of [...entries.keys()]) if (key.startsWith(prefix)) entries.delete(key);
      },
    },
    close: async () => entries.clear(),
  };
}
