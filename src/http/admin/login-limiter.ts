// Login throttling: failed attempts are counted per email and per client address; past the
// allowance a key is locked out, for twice as long with each further failure. The HTTP route
// talks to the `LoginLimiter` interface only, so a shared store (PostgreSQL, Redis) can replace
// this in-memory one when Rapport runs as several processes; until then each process enforces
// its own count.

export type LimitKey = { key: string; maxFailures: number };

export interface LoginLimiter {
  /** Seconds the caller must wait before trying again, or null to go ahead. Checked before any hashing. */
  retryAfter(keys: LimitKey[], nowMs?: number): number | null;
  failed(keys: LimitKey[], nowMs?: number): void;
  /** A successful login forgets the failures of these keys (the email, not the address). */
  succeeded(keys: LimitKey[]): void;
}

export type MemoryLimiterOptions = { baseLockoutMs?: number; maxLockoutMs?: number; forgetAfterMs?: number; maxKeys?: number };

export function createMemoryLoginLimiter(options: MemoryLimiterOptions = {}): LoginLimiter {
  const { baseLockoutMs = 30_000, maxLockoutMs = 15 * 60_000, forgetAfterMs = 15 * 60_000, maxKeys = 100_000 } = options;
  const entries = new Map<string, { failures: number; lastAt: number; lockedUntil: number }>();

  const current = (key: string, now: number) => {
    const e = entries.get(key);
    if (!e) return undefined;
    if (now >= e.lockedUntil && now - e.lastAt > forgetAfterMs) {
      entries.delete(key);
      return undefined;
    }
    return e;
  };

  return {
    retryAfter(keys, now = Date.now()) {
      let wait = 0;
      for (const { key } of keys) {
        const e = current(key, now);
        if (e && e.lockedUntil > now) wait = Math.max(wait, e.lockedUntil - now);
      }
      return wait > 0 ? Math.ceil(wait / 1000) : null;
    },
    failed(keys, now = Date.now()) {
      for (const { key, maxFailures } of keys) {
        const e = current(key, now) ?? { failures: 0, lastAt: now, lockedUntil: 0 };
        e.failures++;
        e.lastAt = now;
        const over = e.failures - maxFailures;
        if (over >= 0) e.lockedUntil = now + Math.min(maxLockoutMs, baseLockoutMs * 2 ** Math.min(over, 20));
        entries.delete(key); // re-inserted: Map order is least recently failed first
        entries.set(key, e);
        if (entries.size > maxKeys) entries.delete(entries.keys().next().value!);
      }
    },
    succeeded(keys) {
      for (const { key } of keys) entries.delete(key);
    },
  };
}
