import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { verifyWooToken } from '../../src/http/storefront/woo-token.ts';
import { wooAdapter } from '../../src/platforms/woocommerce/normalise.ts';
import { fixture } from '../helpers/fixtures.ts';

// The WordPress plugin: every PHP file lints, its own assertion script passes, and a token it
// signs is accepted by the backend's verifier (and rejected once tampered with).

const PLUGIN = fileURLToPath(new URL('../../extensions/woocommerce/rapport-loyalty/', import.meta.url));
const php = (...args: string[]) => execFileSync('php', args, { cwd: PLUGIN, encoding: 'utf8' });

function phpFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? phpFiles(path) : name.endsWith('.php') ? [path] : [];
  });
}

describe('WordPress plugin', () => {
  it('every PHP file passes php -l', () => {
    const files = phpFiles(PLUGIN);
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const f of files) expect(php('-l', f)).toContain('No syntax errors');
  });

  it('passes its own PHP token tests', () => {
    expect(php('tests/test-token.php')).not.toContain('FAIL');
  });

  it('passes its own birthday and newsletter input tests', () => {
    expect(php('tests/test-shopper-input.php')).not.toContain('FAIL');
  });

  it('writes the newsletter decision as customer meta that Rapport reads from the customer webhook', () => {
    const at = 1_764_000_000;
    for (const [answer, state] of [['yes', 'subscribed'], ['no', 'unsubscribed']] as const) {
      const meta = JSON.parse(php('tests/test-shopper-input.php', 'consent', answer, String(at))) as Record<string, string>;
      const body = { ...(JSON.parse(fixture('woocommerce/customer-created.json')) as object), meta_data: Object.entries(meta).map(([key, value], i) => ({ id: i + 1, key, value })) };
      const [event] = wooAdapter.normalise('customer.updated', body, { currency: 'PKR', country: 'PK' });
      expect(event).toMatchObject({
        type: 'customer.upserted',
        customer: { consents: [{ channel: 'email', state, source: 'woocommerce_plugin', decidedAt: new Date(at * 1000).toISOString() }] },
      });
    }
  });

  it('signs a token the backend accepts; a tampered or foreign one is refused', async () => {
    const secret = 'storefront-secret-0123456789abcdef';
    const token = php('tests/test-token.php', 'sign', secret, 'https://shop.example.pk', '42', 'sana@example.pk').trim();
    const now = Math.floor(Date.now() / 1000);
    expect(await verifyWooToken(token, secret, 'https://shop.example.pk/', now)).toEqual({ ok: true, customerId: '42', email: 'sana@example.pk' });

    const [h, p, s] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: '43' })).toString('base64url')}.${s}`;
    expect(await verifyWooToken(forged, secret, 'https://shop.example.pk/', now)).toMatchObject({ ok: false, reason: 'signature mismatch' });
    expect(await verifyWooToken(token, 'another-secret', 'https://shop.example.pk/', now)).toMatchObject({ ok: false });
    expect(await verifyWooToken(token, secret, 'https://other.example.pk/', now)).toMatchObject({ ok: false, reason: 'token issued by another site' });
    expect(await verifyWooToken(token, secret, 'https://shop.example.pk/', now + 3600)).toMatchObject({ ok: false, reason: 'token expired' });
  });
});
