import { describe, expect, it } from 'vitest';
import { legacyId, parseGid, toGid } from '../../../src/platforms/shopify/gid.ts';

// Shopify global ids in one module: built, parsed and validated, ids kept as strings (they can
// exceed 2^53, which Number() would round).

const BEYOND_2_53 = '18446744073709551615'; // 2^64 - 1, twenty digits

describe('Shopify gids', () => {
  it.each([
    ['Customer', '123', 'gid://shopify/Customer/123'],
    ['Product', BEYOND_2_53, `gid://shopify/Product/${BEYOND_2_53}`],
    ['Product', 'gid://shopify/ProductVariant/7', 'gid://shopify/ProductVariant/7'],
  ])('toGid(%s, %s) = %s', (type, id, gid) => expect(toGid(type, id)).toBe(gid));

  it.each([
    ['gid://shopify/Customer/123', 'Customer', {}, '123'],
    [`gid://shopify/Customer/${BEYOND_2_53}`, 'Customer', {}, BEYOND_2_53],
    ['gid://shopify/Order/123', 'Customer', {}, null],
    ['gid://shopify/Customer/', 'Customer', {}, null],
    ['gid://shopify/Customer/12a', 'Customer', {}, null],
    ['gid://shopify/Customer/123?x=1', 'Customer', {}, null],
    ['gid://shopify/Customer/123456789012345678901', 'Customer', {}, null],
    ['gid://other/Customer/123', 'Customer', {}, null],
    ['123', 'Customer', {}, null],
    ['123', 'Customer', { allowBareId: true }, '123'],
    [BEYOND_2_53, 'Customer', { allowBareId: true }, BEYOND_2_53],
    ['-1', 'Customer', { allowBareId: true }, null],
  ])('parseGid(%s, %s, %o) = %s', (value, type, options, id) => expect(parseGid(value, type, options)).toBe(id));

  it('round-trips ids beyond 2^53 without losing a digit', () => {
    const id = '9007199254740993'; // 2^53 + 1: Number() would give ...992
    expect(String(Number(id))).not.toBe(id);
    expect(parseGid(toGid('Order', id), 'Order')).toBe(id);
    expect(legacyId(toGid('Order', id))).toBe(id);
  });
});
