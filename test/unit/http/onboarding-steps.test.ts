import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  EMBED_BLOCK_HANDLE,
  onboardingSteps,
  themeEditorUrl,
  wordpressPluginsUrl,
  type OnboardingFacts,
} from '../../../src/http/admin/onboarding.steps.ts';

// The first-hour checklist as a pure function of the account's facts.

const fresh: OnboardingFacts = { store: null, programRunning: false, storefrontFirstSeenAt: null, marks: new Set() };
const shop = { platform: 'shopify' as const, domain: 'zari.myshopify.com', country: 'PK' };
const done = (f: OnboardingFacts) => Object.fromEntries(onboardingSteps(f).map((s) => [s.id, s.by ?? false]));

describe('onboarding steps', () => {
  it.each([
    ['a fresh account', fresh, { owner: 'data', connect: false, launch: false, widget: false, preview: false }],
    ['a connected store', { ...fresh, store: shop }, { owner: 'data', connect: 'data', launch: false, widget: false, preview: false }],
    [
      'a running program',
      { ...fresh, store: shop, programRunning: true },
      { owner: 'data', connect: 'data', launch: 'data', widget: false, preview: false },
    ],
    [
      'the widget seen on the storefront',
      { ...fresh, storefrontFirstSeenAt: '2026-12-01T10:00:00Z' },
      { owner: 'data', connect: false, launch: false, widget: 'data', preview: false },
    ],
    [
      'the widget marked by the merchant',
      { ...fresh, marks: new Set(['widget'] as const) },
      { owner: 'data', connect: false, launch: false, widget: 'merchant', preview: false },
    ],
    [
      'seen wins over marked',
      { ...fresh, storefrontFirstSeenAt: '2026-12-01T10:00:00Z', marks: new Set(['widget'] as const) },
      { owner: 'data', connect: false, launch: false, widget: 'data', preview: false },
    ],
    [
      'the preview opened',
      { ...fresh, marks: new Set(['preview'] as const) },
      { owner: 'data', connect: false, launch: false, widget: false, preview: 'merchant' },
    ],
    [
      'dismissal is no step',
      { ...fresh, marks: new Set(['dismissed'] as const) },
      { owner: 'data', connect: false, launch: false, widget: false, preview: false },
    ],
  ] as const)('%s', (_title, facts, expected) => {
    expect(done(facts)).toEqual(expected);
  });

  it('links the theme editor with the app embed, as Shopify documents the deep link', () => {
    expect(themeEditorUrl('zari.myshopify.com', 'abc123')).toBe(
      'https://zari.myshopify.com/admin/themes/current/editor?context=apps&activateAppId=abc123/rapport-embed',
    );
  });

  it('names a block of our theme app extension that is an app embed (only embeds can be deep-linked)', () => {
    const liquid = readFileSync(new URL(`../../../extensions/rapport-theme/blocks/${EMBED_BLOCK_HANDLE}.liquid`, import.meta.url), 'utf8');
    const schema = JSON.parse(/\{%-?\s*schema\s*-?%\}([\s\S]*?)\{%-?\s*endschema\s*-?%\}/.exec(liquid)?.[1] ?? '{}') as { target?: string };
    expect(['head', 'body', 'compliance_head']).toContain(schema.target);
  });

  it.each([
    ['https://woo.example.pk/', 'https://woo.example.pk/wp-admin/plugins.php'],
    ['https://woo.example.pk', 'https://woo.example.pk/wp-admin/plugins.php'],
    ['https://example.pk/shop/', 'https://example.pk/shop/wp-admin/plugins.php'],
  ])('finds WordPress plugins under %s', (site, expected) => {
    expect(wordpressPluginsUrl(site)).toBe(expected);
  });
});
