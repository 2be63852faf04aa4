// The merchant's first hour, as a checklist computed from facts (pure: the route gathers them).
// Each step is done from real data where there is any; the widget step may also be marked done
// by the merchant (a theme the app proxy never reaches still shows the widget), the preview step
// only by opening the preview.

import type { STEP_IDS } from './onboarding.schemas.ts';

export type StepId = (typeof STEP_IDS)[number];
export type StepState = { id: StepId; done: boolean; by: 'data' | 'merchant' | null };

/** The app embed block of extensions/rapport-theme (blocks/rapport-embed.liquid). */
export const EMBED_BLOCK_HANDLE = 'rapport-embed';

export type OnboardingFacts = {
  store: { platform: 'shopify' | 'woocommerce'; domain: string; country: string | null } | null;
  programRunning: boolean;
  storefrontFirstSeenAt: string | null;
  marks: ReadonlySet<'widget' | 'preview' | 'dismissed'>;
};

export function onboardingSteps(f: OnboardingFacts): StepState[] {
  const byData = (done: boolean): StepState['by'] => (done ? 'data' : null);
  const widgetSeen = f.storefrontFirstSeenAt !== null;
  return [
    // The account exists, so its owner does (first run or Shopify install).
    { id: 'owner', done: true, by: 'data' },
    { id: 'connect', done: f.store !== null, by: byData(f.store !== null) },
    { id: 'launch', done: f.programRunning, by: byData(f.programRunning) },
    { id: 'widget', done: widgetSeen || f.marks.has('widget'), by: widgetSeen ? 'data' : f.marks.has('widget') ? 'merchant' : null },
    { id: 'preview', done: f.marks.has('preview'), by: f.marks.has('preview') ? 'merchant' : null },
  ];
}

/**
 * Shopify's theme editor with our app embed shown in "App embeds", ready to switch on:
 * `https://{shop}/admin/themes/current/editor?context=apps&activateAppId={api_key}/{handle}`
 * (api_key: the app's client id; handle: the embed block's file name). The merchant still saves.
 */
export function themeEditorUrl(shopDomain: string, apiKey: string): string {
  return `https://${shopDomain}/admin/themes/current/editor?context=apps&activateAppId=${encodeURIComponent(apiKey)}/${EMBED_BLOCK_HANDLE}`;
}

/** WordPress' plugin screen of a WooCommerce store (its site URL ends with a slash). */
export function wordpressPluginsUrl(siteUrl: string): string {
  return new URL('wp-admin/plugins.php', siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`).toString();
}
