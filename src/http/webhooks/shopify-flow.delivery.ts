import { z } from 'zod';
import type { Config } from '../../config/config.ts';
import { AUTOMATION_TRIGGERS, type AutomationTrigger } from '../../crm/automation/automation.port.ts';
import { awardFromAutomation, MAX_AUTOMATION_POINTS, switchTrigger } from '../../crm/automation/automation.service.ts';
import type { CrmStore } from '../../crm/store.port.ts';
import type { Connection, ConnectionsPort } from '../../crm/tenancy/connections.port.ts';
import { parseJsonLossless } from '../../lib/json.ts';
import { FLOW_ACTION_HANDLE, FLOW_TRIGGER_HANDLES, FLOW_TRIGGER_TITLES } from '../../platforms/shopify/flow-triggers.ts';
import { HttpError } from '../errors.ts';
import { header, utf8Body, type DeliveryHandler } from './delivery.ts';
import { verifyBase64Hmac } from './verify.ts';

// Shopify Flow calling Rapport (extensions/rapport-flow-*): the "Award loyalty points" action's
// runtime URL and the triggers' lifecycle callback. Both are signed like webhooks
// (X-Shopify-Hmac-SHA256: base64 HMAC-SHA256 of the raw body with the app's client secret), checked
// before the body is parsed, so an anonymous caller costs one HMAC. Flow resends on a 5xx, a 429
// or a timeout (the same action_run_id) and never on another 4xx: permanent refusals are 4xx with
// the reason in the body, which Flow shows the merchant.

export const FLOW_ACTION_PATH = '/webhooks/shopify/flow/award-points';
export const FLOW_LIFECYCLE_PATH = '/webhooks/shopify/flow/lifecycle';

const id = z.union([z.string().min(1).max(40), z.number().int().nonnegative()]).transform(String);

// Lenient outside (Flow may add fields), exact on what we use.
const actionBody = z.object({
  shopify_domain: z.string().min(1).max(255),
  action_run_id: z.string().min(1).max(200),
  handle: z.string().optional(),
  properties: z.object({
    customer_id: id,
    // Flow sends a number_integer field's value as a number; a string of digits is read the same.
    points: z.union([
      z.number(),
      z
        .string()
        .regex(/^-?\d+$/)
        .transform(Number),
    ]),
    reason: z.string().max(200).optional(),
  }),
});

const lifecycleBody = z.object({
  flow_trigger_definition_id: z.string().min(1).max(200),
  has_enabled_flow: z.boolean(),
  shopify_domain: z.string().min(1).max(255),
  timestamp: z.string().refine((t) => !Number.isNaN(Date.parse(t)), 'not a date'),
});

export type FlowCallbackDeps = { config: Config; connections: ConnectionsPort; store: CrmStore };

function verified(config: Config, headers: Parameters<DeliveryHandler>[0], raw: Buffer): unknown {
  const secrets = [config.SHOPIFY_API_SECRET, config.SHOPIFY_API_SECRET_PREVIOUS].filter((s): s is string => Boolean(s));
  const verdict = verifyBase64Hmac(raw, header(headers, 'x-shopify-hmac-sha256'), secrets);
  if (!verdict.ok) throw new HttpError('unauthorized', `Flow request rejected: ${verdict.reason}`);
  try {
    return parseJsonLossless(utf8Body(raw));
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw new HttpError('invalid', 'Body is not valid JSON');
  }
}

function parsed<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (!r.success)
    throw new HttpError('invalid', `Invalid Flow request: ${r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return r.data;
}

/** The shop, installed and active: Flow only runs for shops that have the app. */
async function installedShop(connections: ConnectionsPort, domain: string): Promise<Connection> {
  const c = await connections.connectionByDomain('shopify', domain.toLowerCase());
  if (!c || c.status !== 'active') throw new HttpError('not_found', `Rapport is not installed on ${domain}`);
  return c;
}

export function acceptFlowAction(deps: FlowCallbackDeps): DeliveryHandler {
  return async (headers, raw) => {
    const body = parsed(actionBody, verified(deps.config, headers, raw));
    if (body.handle !== undefined && body.handle !== FLOW_ACTION_HANDLE)
      throw new HttpError('invalid', `Unknown Flow action ${body.handle}`);
    const { points, customer_id: customerId } = body.properties;
    if (!Number.isInteger(points) || points < 1 || points > MAX_AUTOMATION_POINTS)
      throw new HttpError('invalid', `Points must be a whole number from 1 to ${MAX_AUTOMATION_POINTS}; got ${points}`);
    const shop = await installedShop(deps.connections, body.shopify_domain);
    const r = await awardFromAutomation(deps.store, {
      accountId: shop.accountId,
      connectionId: shop.id,
      customerExternalId: customerId,
      points,
      reason: body.properties.reason?.trim() || 'Award loyalty points',
      runId: body.action_run_id,
      now: new Date().toISOString(),
    });
    if (r.outcome === 'unknown_customer')
      throw new HttpError('not_found', `Customer ${customerId} is not in Rapport yet (no orders or sync so far)`);
    return { status: 200, body: r };
  };
}

const TRIGGER_BY_DEFINITION = new Map<string, AutomationTrigger>(
  AUTOMATION_TRIGGERS.flatMap((t) => [
    [FLOW_TRIGGER_HANDLES[t], t],
    [FLOW_TRIGGER_TITLES[t].toLowerCase(), t],
  ]),
);

export function acceptFlowLifecycle(deps: FlowCallbackDeps): DeliveryHandler {
  return async (headers, raw) => {
    const body = parsed(lifecycleBody, verified(deps.config, headers, raw));
    const trigger = TRIGGER_BY_DEFINITION.get(body.flow_trigger_definition_id.trim().toLowerCase());
    // Nothing to switch off for a trigger we do not know; switching one on must not look like it worked.
    if (!trigger) {
      if (!body.has_enabled_flow) return { status: 200, body: { recorded: false } };
      throw new HttpError('invalid', `Unknown Flow trigger ${body.flow_trigger_definition_id}`);
    }
    const shop = await installedShop(deps.connections, body.shopify_domain);
    const recorded = await switchTrigger(deps.store, {
      accountId: shop.accountId,
      connectionId: shop.id,
      trigger,
      enabled: body.has_enabled_flow,
      noticeAt: new Date(body.timestamp).toISOString(),
      now: new Date().toISOString(),
    });
    return { status: 200, body: { recorded } };
  };
}
