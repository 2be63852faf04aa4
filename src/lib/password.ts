import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { assertOutsideUnitOfWork } from './unit-of-work.guard.ts';

// Password hashing off the event loop. scrypt costs ~100 ms of CPU; run synchronously it stalled
// every request, webhook acks included. Async scrypt runs on libuv's threadpool (4 threads by
// default, shared with fs, dns.lookup and zlib), so at most CONCURRENCY hashes run at once (leaving threads for the rest and a core for the event loop) and
// the rest wait in a bounded queue; past that the caller is told to come back (503). Webhook
// intake never waits on this: it is synchronous SQLite on the main thread.
// Stored format, unchanged: `scrypt.<salt b64url>.<32-byte hash b64url>`, Node's default cost.

const KEY_LENGTH = 32;
// One core is left to the event loop: on a 2-core host one hash at a time (~9 sign-ins a second).
const CONCURRENCY = Math.min(2, Math.max(1, availableParallelism() - 1));
const MAX_QUEUE = 64;

export class HasherBusyError extends Error {
  constructor() {
    super('Too many password checks in progress');
    this.name = 'HasherBusyError';
  }
}

function scryptAsync(password: string, salt: Buffer, options: ScryptOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))));
}

export function createPasswordHasher(limits: { concurrency?: number; maxQueue?: number } = {}) {
  const concurrency = limits.concurrency ?? CONCURRENCY;
  const maxQueue = limits.maxQueue ?? MAX_QUEUE;
  let running = 0;
  const waiting: Array<() => void> = [];
  const stats = { hashed: 0, verified: 0, dummyVerified: 0 };
  let dummy: Promise<string> | undefined;

  async function slot<T>(work: () => Promise<T>): Promise<T> {
    assertOutsideUnitOfWork('Password hashing');
    if (running >= concurrency) {
      if (waiting.length >= maxQueue) throw new HasherBusyError();
      await new Promise<void>((r) => waiting.push(r));
    } else {
      running++;
    }
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next)
        next(); // hands the slot over: `running` stays the same
      else running--;
    }
  }

  async function hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await slot(() => scryptAsync(password, salt));
    stats.hashed++;
    return `scrypt.${salt.toString('base64url')}.${key.toString('base64url')}`;
  }

  async function check(password: string, stored: string): Promise<boolean> {
    const [scheme, salt, expectedB64] = stored.split('.');
    if (scheme !== 'scrypt' || !salt || !expectedB64) return false;
    const candidate = await slot(() => scryptAsync(password, Buffer.from(salt, 'base64url')));
    const expected = Buffer.from(expectedB64, 'base64url');
    return candidate.length === expected.length && timingSafeEqual(candidate, expected);
  }

  return {
    hash,
    /**
     * Checks a password against a stored hash. With no stored hash (unknown email) it checks
     * against a dummy hash and answers false, so both cases cost the same scrypt and the reply
     * time does not tell which emails have logins.
     */
    async verify(password: string, stored: string | null | undefined): Promise<boolean> {
      if (stored) {
        stats.verified++;
        return check(password, stored);
      }
      stats.dummyVerified++;
      dummy ??= hash(randomBytes(16).toString('base64url'));
      await check(password, await dummy);
      return false;
    },
    /** Counters for tests and diagnostics. */
    stats: () => ({ ...stats, running, waiting: waiting.length }),
  };
}

/** One per process: the threadpool it protects is per process too. */
export const passwordHasher = createPasswordHasher();
