import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SHOPIFY_ADMIN_API_VERSION } from '../../src/platforms/shopify/api-version.ts';

// Webhook payloads follow `[webhooks] api_version`; our GraphQL calls follow the constant. If the
// two drift, we would parse payloads of one schema and query another.
function webhooksApiVersion(toml: string): string | null {
  const section = /^\[webhooks\]\s*$([\s\S]*?)(?=^\[(?!\[webhooks\.)|(?![\s\S]))/m.exec(toml)?.[1] ?? '';
  return /^\s*api_version\s*=\s*"([^"]+)"/m.exec(section)?.[1] ?? null;
}

describe('Shopify Admin API version', () => {
  it('equals [webhooks] api_version in shopify.app.toml', () => {
    const toml = readFileSync(new URL('../../shopify.app.toml', import.meta.url), 'utf8');
    expect(webhooksApiVersion(toml)).toBe(SHOPIFY_ADMIN_API_VERSION);
  });

  it('is a stable quarterly version (YYYY-01/04/07/10)', () => {
    expect(SHOPIFY_ADMIN_API_VERSION).toMatch(/^\d{4}-(01|04|07|10)$/);
  });

  it('reads api_version from the [webhooks] table only', () => {
    const toml =
      '[build]\napi_version = "1999-01"\n\n[webhooks]\napi_version = "2025-07"\n\n  [[webhooks.subscriptions]]\n  topics = ["a"]\n';
    expect(webhooksApiVersion(toml)).toBe('2025-07');
  });
});
