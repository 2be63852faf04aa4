import { z } from 'zod';

// Home's first-hour checklist.

export const STEP_IDS = ['owner', 'connect', 'launch', 'widget', 'preview'] as const;

export const onboardingState = z.object({
  steps: z.array(z.object({ id: z.enum(STEP_IDS), done: z.boolean(), by: z.enum(['data', 'merchant']).nullable() })),
  complete: z.boolean(),
  dismissed: z.boolean(),
  store: z.object({ platform: z.enum(['shopify', 'woocommerce']), domain: z.string(), country: z.string().nullable() }).nullable(),
  widget: z.object({
    firstSeenAt: z.string().nullable().describe('When the storefront widget first called Rapport for any of the stores'),
    themeEditorUrl: z.string().nullable().describe("Shopify: the theme editor with Rapport's app embed ready to switch on"),
    pluginsUrl: z.string().nullable().describe("WooCommerce: the WordPress plugins screen, to activate Rapport's plugin"),
  }),
});

export const markParams = z.strictObject({ step: z.enum(['widget', 'preview']) });
