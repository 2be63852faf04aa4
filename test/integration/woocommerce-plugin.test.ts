import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { verifyWooToken } from '../../src/http/storefront/woo-token.ts';
import { wooAdapter } from '../../src/platforms/woocommerce/normalise.ts';
import { fixture } from '../helpers/fixtures.ts';
import { describeWithPhp } from '../helpers/php.ts';

// The WordPress plugin: every PHP file lints, its own assertion script passes, a token it signs
// is accepted by the backend's verifier (and rejected once tampered with), and the version and
// compatibility headers agree between the plugin file and readme.txt.

const PLUGIN = fileURLToPath(new URL('../../extensions/woocommerce/rapport-loyalty/', import.meta.url));
const php = (...args: string[]) => execFileSync('php', args, { cwd: PLUGIN, encoding: 'utf8' });

function phpFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? phpFiles(path) : name.endsWith('.php') ? [path] : [];
  });
}

describeWithPhp('WordPress plugin', () => {
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
    for (const [answer, state] of [
      ['yes', 'subscribed'],
      ['no', 'unsubscribed'],
    ] as const) {
      const meta = JSON.parse(php('tests/test-shopper-input.php', 'consent', answer, String(at))) as Record<string, string>;
      const body = {
        ...(JSON.parse(fixture('woocommerce/customer-created.json')) as object),
        meta_data: Object.entries(meta).map(([key, value], i) => ({ id: i + 1, key, value })),
      };
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
    expect(await verifyWooToken(token, secret, 'https://shop.example.pk/', now)).toEqual({
      ok: true,
      customerId: '42',
      email: 'sana@example.pk',
    });

    const [h, p, s] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: '43' })).toString('base64url')}.${s}`;
    expect(await verifyWooToken(forged, secret, 'https://shop.example.pk/', now)).toMatchObject({
      ok: false,
      reason: 'signature mismatch',
    });
    expect(await verifyWooToken(token, 'another-secret', 'https://shop.example.pk/', now)).toMatchObject({ ok: false });
    expect(await verifyWooToken(token, secret, 'https://other.example.pk/', now)).toMatchObject({
      ok: false,
      reason: 'token issued by another site',
    });
    expect(await verifyWooToken(token, secret, 'https://shop.example.pk/', now + 3600)).toMatchObject({
      ok: false,
      reason: 'token expired',
    });
  });
});

/** "Key: value" lines of the plugin file's header comment or readme.txt's header block. */
function headers(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^(?:\s*\*\s*)?([A-Z][A-Za-z ]+?):\s+(.+?)\s*$/.exec(line);
    if (m) out[m[1]!] ??= m[2]!;
    if (line.startsWith('== ') || line.startsWith(' */')) break;
  }
  return out;
}
const version = (v: string | undefined) => (v ?? '').split('.').map(Number);
const atLeast = (v: string | undefined, min: string) => {
  const [a, b] = [version(v), version(min)];
  for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
};

describe('WordPress plugin headers', () => {
  const main = readFileSync(join(PLUGIN, 'rapport-loyalty.php'), 'utf8');
  const plugin = headers(main);
  const readme = headers(readFileSync(join(PLUGIN, 'readme.txt'), 'utf8'));

  it('say the same in the plugin file and readme.txt', () => {
    for (const key of [
      'Requires at least',
      'Tested up to',
      'Requires PHP',
      'WC requires at least',
      'WC tested up to',
      'License',
      'License URI',
    ]) {
      expect(plugin[key], `plugin header ${key}`).toMatch(/\S/);
      expect(readme[key], `readme.txt ${key}`).toBe(plugin[key]);
    }
    expect(readme['Stable tag']).toBe(plugin.Version);
    expect(main).toContain(`define( 'RAPPORT_LOYALTY_VERSION', '${plugin.Version}' );`);
    expect(readFileSync(join(PLUGIN, 'readme.txt'), 'utf8')).toContain(`= ${plugin.Version} =`);
  });

  it('are consistent with what the plugin uses', () => {
    // Requires Plugins and .l10n.php translation files arrived in WordPress 6.5.
    expect(plugin['Requires Plugins']).toBe('woocommerce');
    expect(atLeast(plugin['Requires at least'], '6.5')).toBe(true);
    expect(atLeast(plugin['Tested up to'], plugin['Requires at least']!)).toBe(true);
    // Cart and Checkout blocks by default and their compatibility flag: WooCommerce 8.3.
    expect(atLeast(plugin['WC requires at least'], '8.3')).toBe(true);
    expect(atLeast(plugin['WC tested up to'], plugin['WC requires at least']!)).toBe(true);
    expect(atLeast(plugin['Requires PHP'], '7.4')).toBe(true);
    expect(plugin['Text Domain']).toBe('rapport-loyalty');
  });
});
