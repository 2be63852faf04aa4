import { describe, expect, it } from 'vitest';
import { createTokenBuckets } from '../../../src/http/storefront/rate-limit.ts';

// Guests are keyed by their forwarded address, which anyone can vary: memory must stay bounded.

describe('token buckets', () => {
  it('hold at most maxKeys, dropping the least recently used', () => {
    const b = createTokenBuckets({ capacity: 2, perSecond: 1, maxKeys: 10 });
    for (let i = 0; i < 5; i++) b.take('hammer', 0);
    expect(b.take('hammer', 0).ok).toBe(false);
    for (let i = 0; i < 1000; i++) b.take(`guest-${i}`, 0);
    expect(b.size).toBe(10);
    // The 10 newest are still limited by their own buckets; the oldest were forgotten.
    b.take('guest-999', 0);
    expect(b.take('guest-999', 0).ok).toBe(false);
  });
});
