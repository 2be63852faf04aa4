import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

// Redis for tests (REDIS_URL's backend of the shared state): skipped when no server answers,
// unless RAPPORT_REQUIRE_REDIS=1 (CI), where the file fails. Each test file keys under a prefix
// of its own (`testPrefix`), so files running together never see each other's keys.

export const REDIS_TEST_URL = process.env.RAPPORT_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const redisAvailable: boolean = await probe();

async function probe(): Promise<boolean> {
  const client = new Redis(REDIS_TEST_URL, {
    lazyConnect: true,
    connectTimeout: 3_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch (err) {
    if (process.env.RAPPORT_REQUIRE_REDIS === '1')
      throw new Error(`RAPPORT_REQUIRE_REDIS=1 but Redis at ${new URL(REDIS_TEST_URL).host} is unreachable: ${(err as Error).message}`);
    return false;
  } finally {
    client.disconnect();
  }
}

/** A key prefix of this test file's own. */
export const testPrefix = (name: string): string => `rapport-test:${name}:${randomBytes(4).toString('hex')}:`;

/** Deletes every key under `prefix` (afterAll). */
export async function dropPrefix(client: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length) await client.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
