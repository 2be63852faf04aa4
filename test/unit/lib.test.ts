import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, publicUrl } from '../../src/config/config.ts';
import { decrypt, encrypt, hashPassword, verifyPassword } from '../../src/lib/crypto.ts';
import { normaliseEmail, normalisePhone } from '../../src/lib/identity.ts';
import { parseJsonLossless } from '../../src/lib/json.ts';
import { fromMinor, toMinor } from '../../src/lib/money.ts';

describe('money', () => {
  it.each([
    ['1234.50', 'PKR', 123450],
    ['0.1', 'USD', 10],
    ['19.999', 'USD', 2000],
    ['-15.00', 'USD', -1500],
    ['1500', 'JPY', 1500],
    ['1.2345', 'KWD', 1235],
    ['', 'USD', 0],
  ])('toMinor(%s %s) = %i', (amount, currency, minor) => {
    expect(toMinor(amount, currency)).toBe(minor);
  });
  it('rejects non-decimal text', () => {
    expect(() => toMinor('12,50', 'USD')).toThrow(RangeError);
  });
  it.each([
    [123450, 'PKR', '1234.50'],
    [5, 'USD', '0.05'],
    [-1500, 'USD', '-15.00'],
    [1500, 'JPY', '1500'],
  ])('fromMinor(%i %s) = %s', (m, c, s) => {
    expect(fromMinor(m, c)).toBe(s);
  });
});

describe('identity keys', () => {
  it.each([
    ['0300 1234567', 'PK', '+923001234567'],
    ['+92 300 1234567', null, '+923001234567'],
    ['0092-300-1234567', null, '+923001234567'],
    ['098765 43210', 'IN', '+919876543210'],
    ['12', 'PK', null],
    ['', 'PK', null],
  ])('phone %s (%s) -> %s', (raw, country, e164) => {
    expect(normalisePhone(raw, country)).toBe(e164);
  });
  it('lower-cases emails and rejects junk', () => {
    expect(normaliseEmail('  Ayesha.Khan@Example.COM ')).toBe('ayesha.khan@example.com');
    expect(normaliseEmail('not-an-email')).toBeNull();
  });
});

describe('lossless JSON', () => {
  it('keeps ids beyond 2^53 exact', () => {
    const v = parseJsonLossless('{"id": 820982911946154508, "n": 5, "p": 1.5}') as Record<string, unknown>;
    expect(v).toEqual({ id: '820982911946154508', n: 5, p: 1.5 });
  });
});

describe('crypto', () => {
  const key = Buffer.alloc(32, 7);
  it('round-trips and detects tampering', () => {
    const sealed = encrypt('shpat_secret', key);
    expect(sealed).not.toContain('shpat_secret');
    expect(decrypt(sealed, key)).toBe('shpat_secret');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => decrypt(parts.join('.'), key)).toThrow();
  });
  it('hashes passwords', () => {
    const h = hashPassword('correct horse');
    expect(verifyPassword('correct horse', h)).toBe(true);
    expect(verifyPassword('wrong horse', h)).toBe(false);
  });
});

describe('config', () => {
  it('applies defaults', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.DATABASE_URL).toBe('file:./data/rapport.sqlite');
  });
  it('names every problem in one error', () => {
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', ENCRYPTION_KEY: 'short', SHOPIFY_API_KEY: 'k' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const msg = (err as Error).message;
      for (const name of ['PORT', 'LOG_LEVEL', 'ENCRYPTION_KEY']) expect(msg).toContain(name);
    }
  });
  it('requires ENCRYPTION_KEY in production and both Shopify keys together', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/ENCRYPTION_KEY/);
    expect(() => loadConfig({ SHOPIFY_API_KEY: 'k' })).toThrow(/SHOPIFY_API_SECRET/);
  });
  it("takes the public address from PUBLIC_URL, else from the Shopify app's URL", () => {
    expect(publicUrl(loadConfig({ PUBLIC_URL: 'https://crm.example.pk', SHOPIFY_APP_URL: 'https://tunnel.example' }))).toBe(
      'https://crm.example.pk',
    );
    expect(publicUrl(loadConfig({ SHOPIFY_APP_URL: 'https://tunnel.example' }))).toBe('https://tunnel.example');
    expect(publicUrl(loadConfig({}))).toBeUndefined();
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://crm.example.pk' })).toThrow(/PUBLIC_URL/);
  });
});

describe('ids', () => {
  it('are prefixed, 32 hex digits, and sort by creation time', async () => {
    const { newId } = await import('../../src/lib/ids.ts');
    const a = newId('ord');
    await new Promise((r) => setTimeout(r, 2));
    const b = newId('ord');
    expect(a).toMatch(/^ord_[0-9a-f]{32}$/);
    expect(a < b).toBe(true);
    expect(new Set(Array.from({ length: 1000 }, () => newId('x'))).size).toBe(1000);
  });
});

describe('TRUST_PROXY', () => {
  it.each([
    ['1', true],
    ['loopback', true],
    ['10.0.0.0/8, loopback', true],
    ['true', false],
    ['1; drop', false],
  ])('%s accepted: %s', (value, ok) => {
    const parse = () => loadConfig({ TRUST_PROXY: value });
    if (ok) expect(parse().TRUST_PROXY).toBe(value);
    else expect(parse).toThrow(ConfigError);
  });
});
