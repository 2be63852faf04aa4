import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SHOPIFY_SCOPES } from '../../src/platforms/shopify/app.service.ts';
import { LOYALTY_NAMESPACE, loyaltyMetafields } from '../../src/platforms/shopify/metafields.ts';
import { BACKEND_URL_KEY } from '../../src/platforms/shopify/backend-url.ts';
import { backendBase } from '../../extensions/rapport-checkout/src/backend.ts';
import { AUTOMATION_TRIGGERS } from '../../src/crm/automation/automation.port.ts';
import { FLOW_ACTION_HANDLE, FLOW_TRIGGER_HANDLES, FLOW_TRIGGER_TITLES, flowPayload } from '../../src/platforms/shopify/flow-triggers.ts';
import { FLOW_ACTION_PATH, FLOW_LIFECYCLE_PATH } from '../../src/http/webhooks/shopify-flow.delivery.ts';
import type { TriggerFire } from '../../src/crm/automation/automation.port.ts';

// The app and extension tomls checked against Shopify CLI's own schemas, transcribed from
// Shopify/cli packages/app/src/cli/models (app/app.ts AppSchema; extensions/schemas.ts BaseSchema,
// HandleSchema, NewExtensionPointSchema; specifications/app_config_*.ts, ui_extension.ts,
// app_config_webhook_schemas/*; app/validation/common.ts validateUrl / validateRelativeUrl) and,
// for the declarative metafield definitions, the access values `shopify app
// import-custom-data-definitions` writes. `shopify app deploy` would refuse what fails here.

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string) => parse(readFileSync(join(root, path), 'utf8'));

const isUrl = (v: string, httpsOnly: boolean) => {
  try {
    const u = new URL(v);
    return httpsOnly ? u.protocol === 'https:' : ['http:', 'https:'].includes(u.protocol);
  } catch {
    return false;
  }
};
const url = z.string().refine((v) => isUrl(v, false) && !v.includes('\n'), 'Invalid URL');
const relativeUrl = z.string().refine((v) => v.startsWith('/') || isUrl(v, true), 'URL must be HTTPS URL or start with /');
const handle = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[a-zA-Z0-9-]*$/)
  .refine((h) => !h.startsWith('-') && !h.endsWith('-'));
const complianceTopic = z.enum(['customers/redact', 'customers/data_request', 'shop/redact']);
const metafieldDefinition = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  type: z.string().min(1),
  access: z
    .strictObject({
      admin: z.literal('merchant_read_write').optional(),
      storefront: z.literal('public_read').optional(),
      customer_account: z.enum(['read', 'read_write']).optional(),
    })
    .optional(),
});

const appSchema = z.object({
  client_id: z.string(),
  name: z.string().max(30),
  handle: handle.optional(),
  application_url: url,
  embedded: z.boolean(),
  build: z
    .object({
      automatically_update_urls_on_dev: z.boolean().optional(),
      dev_store_url: z.string().optional(),
      include_config_on_deploy: z.boolean().optional(),
    })
    .optional(),
  access_scopes: z.object({ scopes: z.string().optional(), use_legacy_install_flow: z.boolean().optional() }).optional(),
  auth: z.object({ redirect_urls: z.array(url) }),
  webhooks: z.object({
    api_version: z.string(),
    subscriptions: z
      .array(
        z.object({
          topics: z.array(z.string()).optional(),
          compliance_topics: z.array(complianceTopic).optional(),
          uri: relativeUrl,
        }),
      )
      .optional(),
  }),
  app_proxy: z.object({ url: relativeUrl, subpath: z.string(), prefix: z.enum(['apps', 'a', 'community', 'tools']) }).optional(),
  pos: z.object({ embedded: z.boolean() }).optional(),
  customer: z.object({ metafields: z.record(z.string(), z.record(z.string(), metafieldDefinition)) }).optional(),
});

const uiExtensionSchema = z.object({
  api_version: z.string(),
  extensions: z
    .array(
      z.object({
        name: z.string(),
        handle,
        type: z.literal('ui_extension'),
        targeting: z.array(z.object({ target: z.string(), module: z.string() })).min(1),
        capabilities: z
          .object({ network_access: z.boolean().optional(), block_progress: z.boolean().optional(), api_access: z.boolean().optional() })
          .optional(),
        settings: z
          .object({
            fields: z
              .array(
                z.object({ key: z.string().optional(), name: z.string().optional(), description: z.string().optional(), type: z.string() }),
              )
              .optional(),
          })
          .optional(),
      }),
    )
    .min(1),
});

// Flow extensions (Shopify/cli models/extensions/specifications/flow_action.ts, flow_trigger.ts;
// services/flow/validation.ts validateFieldShape, constants.ts, serialize-fields.ts). A unified toml's
// top-level [settings] is merged into each [[extensions]] entry (models/app/loader.ts), as here.
// Commerce-object fields allow only type, description, required (strict); an action's other fields
// need key and name (strict); a trigger's need a key of letters and spaces. Types: what
// serialize-fields.ts maps to a Flow UI type for each kind (anything else aborts the deploy).
const COMMERCE = ['customer_reference', 'order_reference', 'product_reference', 'company_reference', 'company_contact_reference'];
const ACTION_COMMERCE = [...COMMERCE, 'marketing_activity_reference', 'abandonment_reference'];
const ACTION_TYPES = ['boolean', 'email', 'multi_line_text_field', 'number_integer', 'single_line_text_field', 'url', 'number_decimal'];
const TRIGGER_TYPES = ['boolean', 'email', 'single_line_text_field', 'url', 'number_decimal'];
const flowActionUrl = z
  .string()
  .refine((v) => v.startsWith('/') || isUrl(v, true), 'URL must be an absolute HTTPS URL or a relative URL starting with a single slash')
  .refine((v) => !/[\r\n\t]/.test(v) && !v.startsWith('//'));
const commerceField = (types: string[]) =>
  z.strictObject({ type: z.enum(types as [string, ...string[]]), description: z.string().optional(), required: z.boolean().optional() });
const actionField = z.union([
  commerceField(ACTION_COMMERCE),
  z.strictObject({
    type: z.enum(ACTION_TYPES as [string, ...string[]]),
    key: z.string(),
    name: z.string(),
    description: z.string().optional(),
    required: z.boolean().optional(),
  }),
]);
const triggerField = z.union([
  commerceField(COMMERCE),
  z.object({
    type: z.enum(TRIGGER_TYPES as [string, ...string[]]),
    key: z.string().regex(/^[a-zA-Z\s]*$/, 'String must contain only alphabetic characters and spaces'),
    description: z.string().optional(),
  }),
]);
const flowBase = {
  name: z.string(),
  handle: handle.refine((h) => h.length <= 30, 'Flow handles: 30 characters at most'),
  description: z.string().optional(),
};
const flowActionSchema = z.object({
  ...flowBase,
  type: z.literal('flow_action'),
  runtime_url: flowActionUrl,
  validation_url: flowActionUrl.optional(),
  config_page_url: flowActionUrl.optional(),
  config_page_preview_url: flowActionUrl.optional(),
  schema: z.string().optional(),
  return_type_ref: z.string().optional(),
  settings: z.object({ fields: z.array(actionField) }),
});
const flowTriggerSchema = z.object({
  ...flowBase,
  type: z.literal('flow_trigger'),
  schema: z.string().optional(),
  settings: z.object({ fields: z.array(triggerField) }),
});
// No schema for it in the CLI's source (Flow's server supplies it); the fields are those the CLI
// writes when it migrates a Partner Dashboard trigger discovery webhook (services/flow/extension-config-builder.ts).
const flowLifecycleSchema = z.strictObject({
  type: z.literal('flow_trigger_lifecycle_callback'),
  name: z.string(),
  handle,
  url: z.string().refine((v) => isUrl(v, true), 'HTTPS URL'),
});
/** The toml as the CLI loads it: each [[extensions]] entry over the file's top-level keys. */
const flowExtensions = (path: string): Array<Record<string, unknown>> => {
  const { extensions, ...unified } = read(path) as { extensions: Array<Record<string, unknown>> } & Record<string, unknown>;
  return extensions.map((e) => ({ ...unified, ...e }));
};

const app = appSchema.parse(read('shopify.app.toml'));
const extensionTypes = (d: string) => {
  const t = read(`extensions/${d}/shopify.extension.toml`) as { type?: string; extensions?: Array<{ type?: string }> };
  return t.extensions?.map((e) => e.type) ?? [t.type];
};
const extensionDirs = readdirSync(join(root, 'extensions')).filter((d) =>
  existsSync(join(root, 'extensions', d, 'shopify.extension.toml')),
);
const uiExtensionDirs = extensionDirs.filter((d) => extensionTypes(d).includes('ui_extension'));
const flowDirs = extensionDirs.filter((d) => extensionTypes(d).some((t) => t?.startsWith('flow_')));

describe('shopify.app.toml', () => {
  it('passes the CLI schema (a broken copy does not)', () => {
    expect(appSchema.safeParse({ ...app, app_proxy: { ...app.app_proxy, url: 'http://plain.example' } }).success).toBe(false);
    expect(
      appSchema.safeParse({ ...app, webhooks: { ...app.webhooks, subscriptions: [{ compliance_topics: ['orders/create'], uri: '/w' }] } })
        .success,
    ).toBe(false);
  });

  it('grants exactly the scopes the app asks for, write_app_proxy included for the app proxy', () => {
    const scopes = app
      .access_scopes!.scopes!.split(',')
      .map((s) => s.trim())
      .sort();
    expect(scopes).toEqual([...SHOPIFY_SCOPES].sort());
    expect(scopes).toContain('write_app_proxy');
  });

  it('points the app proxy at a path relative to application_url', () => {
    expect(app.app_proxy).toEqual({ url: '/storefront/shopify', subpath: 'rapport', prefix: 'apps' });
  });

  it('subscribes every mandatory compliance topic', () => {
    const compliance = app.webhooks.subscriptions!.flatMap((s) => s.compliance_topics ?? []);
    expect(compliance.sort()).toEqual(['customers/data_request', 'customers/redact', 'shop/redact']);
  });

  it('declares a customer metafield definition for every metafield the write-back sets, same type', () => {
    const namespace = LOYALTY_NAMESPACE.replace(/^\$app:?/, '') || 'app';
    const declared = app.customer?.metafields[namespace] ?? {};
    const written = loyaltyMetafields({ customerGid: 'gid://shopify/Customer/1', balance: 1, pending: 2, tier: 'Gold' });
    expect(Object.keys(declared).sort()).toEqual(written.map((m) => m.key).sort());
    for (const m of written) {
      expect(declared[m.key]!.type, m.key).toBe(m.type);
      expect(declared[m.key]!.access?.admin, `${m.key}: only Rapport writes it`).toBeUndefined();
    }
  });
});

describe('UI extension tomls', () => {
  // The extension API version follows the @shopify/ui-extensions types they are checked against.
  const typesVersion = JSON.parse(readFileSync(join(root, 'node_modules/@shopify/ui-extensions/package.json'), 'utf8')).version as string;
  const [year, month] = typesVersion.split('.');
  const expected = `${year}-${month!.padStart(2, '0')}`;

  it('are found', () => {
    expect(uiExtensionDirs.sort()).toEqual(['rapport-admin-block', 'rapport-checkout', 'rapport-order-status']);
  });

  it.each(uiExtensionDirs)('%s passes the CLI schema, with an existing module per target', (dir) => {
    const config = uiExtensionSchema.parse(read(`extensions/${dir}/shopify.extension.toml`));
    for (const ext of config.extensions) {
      for (const t of ext.targeting) expect(existsSync(join(root, 'extensions', dir, t.module)), t.module).toBe(true);
    }
  });

  it.each(uiExtensionDirs)(`%s declares the API version of the installed types (${expected}), a quarterly one`, (dir) => {
    const config = uiExtensionSchema.parse(read(`extensions/${dir}/shopify.extension.toml`));
    expect(config.api_version).toMatch(/^\d{4}-(01|04|07|10)$/);
    expect(config.api_version).toBe(expected);
  });
});

describe('checkout blocks find the backend', () => {
  const published = (value: string, namespace = 'app--1234--loyalty') => ({
    value: [{ target: { type: 'shop' }, metafield: { namespace, key: 'backend_url', value } }],
  });

  it.each([
    {
      title: 'from the shop metafield Rapport wrote on install',
      settings: {},
      metafields: published('https://rapport.example.net/'),
      expected: 'https://rapport.example.net',
    },
    {
      title: 'from the setting when a self-hosting merchant filled it in',
      settings: { backend_url: 'https://crm.shop.pk/' },
      metafields: published('https://rapport.example.net'),
      expected: 'https://crm.shop.pk',
    },
    {
      title: 'not from another app-owned namespace',
      settings: {},
      metafields: published('https://evil.example', 'app--99--other'),
      expected: '',
    },
    { title: 'nowhere before install or setting', settings: {}, metafields: undefined, expected: '' },
  ])('$title', ({ settings, metafields, expected }) => {
    expect(backendBase({ settings: { value: settings }, appMetafields: metafields })).toBe(expected);
  });

  it.each(['rapport-checkout', 'rapport-order-status'])('%s declares the backend_url app metafield', (dir) => {
    const config = read(`extensions/${dir}/shopify.extension.toml`) as {
      extensions: Array<{ metafields?: Array<{ namespace: string; key: string }> }>;
    };
    expect(config.extensions[0]!.metafields).toContainEqual({ namespace: LOYALTY_NAMESPACE, key: BACKEND_URL_KEY });
  });
});

describe('Shopify Flow extension tomls', () => {
  const fires: Record<string, TriggerFire> = {
    points_earned: { trigger: 'points_earned', customerExternalId: '1', points: 10, balance: 20, reason: 'order', pending: false },
    tier_changed: { trigger: 'tier_changed', customerExternalId: '1', previousTier: '', newTier: 'Gold', promoted: true },
    reward_redeemed: { trigger: 'reward_redeemed', customerExternalId: '1', reward: 'Rs 500 off', code: 'R-1', points: 500, balance: 0 },
    segment_entered: { trigger: 'segment_entered', customerExternalId: '1', segment: 'VIP' },
  };
  const triggers = flowDirs
    .flatMap((d) => flowExtensions(`extensions/${d}/shopify.extension.toml`))
    .filter((e) => e.type === 'flow_trigger');
  const actions = flowDirs.flatMap((d) => flowExtensions(`extensions/${d}/shopify.extension.toml`)).filter((e) => e.type === 'flow_action');

  it('are one trigger per automation trigger and the award action, each in a folder of its own', () => {
    expect(flowDirs.sort()).toEqual([
      'rapport-flow-award-points',
      'rapport-flow-lifecycle',
      'rapport-flow-points-earned',
      'rapport-flow-reward-redeemed',
      'rapport-flow-segment-entered',
      'rapport-flow-tier-changed',
    ]);
    expect(triggers.map((t) => t.handle).sort()).toEqual(Object.values(FLOW_TRIGGER_HANDLES).sort());
    expect(actions.map((a) => a.handle)).toEqual([FLOW_ACTION_HANDLE]);
  });

  it.each(triggers.map((t) => [t.handle, t] as const))('trigger %s passes the CLI schema', (_h, t) => {
    flowTriggerSchema.parse(t);
  });

  it.each(AUTOMATION_TRIGGERS)('%s: the payload Rapport sends has exactly the toml fields, and the title Rapport matches', (trigger) => {
    const t = flowTriggerSchema.parse(triggers.find((x) => x.handle === FLOW_TRIGGER_HANDLES[trigger]));
    expect(t.name).toBe(FLOW_TRIGGER_TITLES[trigger]);
    // A commerce reference arrives as `<object>_id` (serialize-fields.ts serializeCommerceObjectField).
    const keys = t.settings.fields.map((f) => ('key' in f ? f.key : `${f.type.replace('_reference', '')}_id`));
    expect(Object.keys(flowPayload(fires[trigger]!)).sort()).toEqual(keys.sort());
    expect(keys).toContain('customer_id');
  });

  it('the award action passes the CLI schema and posts to the route that serves it', () => {
    const a = flowActionSchema.parse(actions[0]);
    expect(a.runtime_url).toBe(FLOW_ACTION_PATH);
    expect(a.settings.fields.map((f) => ('key' in f ? f.key : f.type))).toEqual(['customer_reference', 'points', 'reason']);
  });

  it('the lifecycle callback points at the route that serves it, on the app URL', () => {
    const callbacks = flowDirs
      .flatMap((d) => flowExtensions(`extensions/${d}/shopify.extension.toml`))
      .filter((e) => e.type === 'flow_trigger_lifecycle_callback');
    expect(callbacks).toHaveLength(1);
    const c = flowLifecycleSchema.parse(callbacks[0]);
    expect(new URL(c.url).origin).toBe(new URL(app.application_url).origin);
    expect(new URL(c.url).pathname).toBe(FLOW_LIFECYCLE_PATH);
  });

  it('the schema refuses what the CLI refuses', () => {
    const t = triggers[0]!;
    const bad = (fields: unknown[]) => flowTriggerSchema.safeParse({ ...t, settings: { fields } }).success;
    expect(bad([{ type: 'number_decimal', key: 'points_2' }])).toBe(false); // key: letters and spaces only
    expect(bad([{ type: 'number_integer', key: 'Points' }])).toBe(false); // not a trigger type
    expect(bad([{ type: 'customer_reference', key: 'x' }])).toBe(false); // commerce fields take no key
    const a = actions[0]!;
    expect(flowActionSchema.safeParse({ ...a, runtime_url: 'http://plain.example/x' }).success).toBe(false);
    expect(flowActionSchema.safeParse({ ...a, settings: { fields: [{ type: 'number_integer', key: 'points' }] } }).success).toBe(false); // no name
  });
});
