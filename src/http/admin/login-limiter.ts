import { createMemorySharedState, type SharedState } from '../../lib/shared-state.ts';

// Login throttling: failed attempts are counted per email and per client address; past the
// allowance a key is locked out, for twice as long with each further failure (at most 15 min).
// Counts and locks are rate-limiter-flexible limiters on the shared state (Redis, or the
// database), so every web process behind the load balancer enforces one budget per key.
// A key's failures are forgotten 15 quiet minutes after its last failure or lockout.

export type LimitKey = { key: string; maxFailures: number };

export interface LoginLimiter {
  /** Seconds the caller must wait before trying again, or null to go ahead. Checked before any hashing. */
  retryAfter(keys: LimitKey[]): Promise<number | null>;
  failed(keys: LimitKey[]): Promise<void>;
  /** A successful login forgets the failures of these keys (the email, not the address). */
  succeeded(keys: LimitKey[]): Promise<void>;
}

export type LoginLimiterOptions = { baseLockoutMs?: number; maxLockoutMs?: number; forgetAfterMs?: number };

export function createLoginLimiter(state: SharedState, options: LoginLimiterOptions = {}): LoginLimiter {
  const { baseLockoutMs = 30_000, maxLockoutMs = 15 * 60_000, forgetAfterMs = 15 * 60_000 } = options;
  // Failures per key: `points` is never reached (each key's allowance is its own), the count is read.
  const failures = state.limiter({ keyPrefix: 'login_fail', points: 1_000_000_000, duration: Math.ceil(forgetAfterMs / 1000) });
  // A lock is a block of this limiter for the lockout.
  const locks = state.limiter({ keyPrefix: 'login_lock', points: 1, duration: Math.ceil(maxLockoutMs / 1000) });

  return {
    async retryAfter(keys) {
      const held = await Promise.all(keys.map(({ key }) => locks.get(key)));
      let wait = 0;
      for (const res of held) if (res && res.consumedPoints > locks.points && res.msBeforeNext > 0) wait = Math.max(wait, res.msBeforeNext);
      return wait > 0 ? Math.ceil(wait / 1000) : null;
    },
    async failed(keys) {
      await Promise.all(
        keys.map(async ({ key, maxFailures }) => {
          // Atomic on every store: concurrent failures all count.
          const counted = await failures.penalty(key, 1);
          const over = counted.consumedPoints - maxFailures;
          if (over < 0) return;
          const lockMs = Math.min(maxLockoutMs, baseLockoutMs * 2 ** Math.min(over, 20));
          await locks.block(key, lockMs / 1000);
          // The count outlives the lockout, so the next failure after it locks for longer.
          await failures.set(key, counted.consumedPoints, Math.ceil((lockMs + forgetAfterMs) / 1000));
        }),
      );
    },
    async succeeded(keys) {
      await Promise.all(keys.flatMap(({ key }) => [failures.delete(key), locks.delete(key)]));
    },
  };
}

/** One process only (tests, an app built without a runtime). */
export function createMemoryLoginLimiter(options: LoginLimiterOptions = {}): LoginLimiter {
  return createLoginLimiter(createMemorySharedState(), options);
}
