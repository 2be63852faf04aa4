import { describe, expect, it } from 'vitest';
import { canonicalEmail, contactBlock, withinOneEdit } from '../../../src/crm/loyalty/referral-rules.ts';

describe('canonicalEmail', () => {
  it.each([
    ['Bilal.Ahmed@Gmail.com', 'bilalahmed@gmail.com'],
    ['b.i.l.a.l+shop@googlemail.com', 'bilal@gmail.com'],
    ['bilal.ahmed+promo@example.pk', 'bilal.ahmed@example.pk'],
    ['  AYESHA@example.pk ', 'ayesha@example.pk'],
    ['+tagonly@example.pk', null],
    ['not an email', null],
    [null, null],
  ] as const)('%s -> %s', (input, expected) => {
    expect(canonicalEmail(input)).toBe(expected);
  });
});

describe('withinOneEdit', () => {
  it.each([
    ['bilal', 'bilal', true],
    ['bilal', 'bilai', true],
    ['bilal', 'bilal1', true],
    ['bilal', 'bila', true],
    ['bilal', 'xbilal', true],
    ['bilal', 'bilal12', false],
    ['bilal', 'balil', false],
    ['ali', 'sana', false],
  ] as const)('%s / %s -> %s', (a, b, expected) => {
    expect(withinOneEdit(a, b)).toBe(expected);
    expect(withinOneEdit(b, a)).toBe(expected);
  });
});

describe('contactBlock', () => {
  const advocate = { email: 'bilalahmed@gmail.com', phone: '+923211234567' };
  it.each([
    ['own email', { email: 'bilalahmed@gmail.com', phone: null }, 'self_referral'],
    ['own phone', { email: null, phone: '+923211234567' }, 'self_referral'],
    ['same name elsewhere', { email: 'bilalahmed@yahoo.com', phone: null }, 'similar_email'],
    ['one edit, same domain', { email: 'bilalahmad@gmail.com', phone: null }, 'similar_email'],
    ['a different person', { email: 'sana@gmail.com', phone: '+923001234567' }, null],
    ['one edit, another domain', { email: 'bilalahmad@yahoo.com', phone: null }, null],
  ] as const)('%s -> %s', (_t, friend, code) => {
    expect(contactBlock(advocate, friend)?.code ?? null).toBe(code);
  });

  it('shared role mailboxes at different companies are different people', () => {
    expect(contactBlock({ email: 'info@shop-a.pk', phone: null }, { email: 'info@shop-b.pk', phone: null })).toBeNull();
  });
});
