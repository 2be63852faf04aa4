import { newId } from '../../lib/ids.ts';
import type { CrmStore } from '../store.port.ts';
import type { ChannelId } from './channel.port.ts';
import type { NewMessage, QueueOutcome } from './messages.port.ts';
import { addressOf, queueMessage } from './messages.service.ts';
import type { MergeContextPort, ShopFacts } from './templates/merge-context.port.ts';
import type { MergeContext } from './templates/merge-fields.ts';
import { loyaltySummary, type LoyaltySummary } from '../loyalty/members.service.ts';
import { mergeContextOf, shopperMergeContext, type ShopperContext } from './templates/merge-context.service.ts';
import type { MessageTemplate, TemplateProblem } from './templates/template.ts';
import type { TemplateRenderer } from './templates/template-renderer.ts';
import type { UnsubscribeClaims } from './unsubscribe-token.ts';

// One message for one shopper from a saved template: the shopper's merge context, the variant in
// their language (the fallback chain), their address on the template's channel, and the one-click
// unsubscribe link for marketing. What campaigns and flows queue; the consent is checked when the
// message is sent (sender.service.ts), not here.

export type ComposeDeps = {
  renderer: TemplateRenderer;
  facts: MergeContextPort;
  store: CrmStore;
  /** The signed unsubscribe link for these claims (runtime.messaging.ts); null when none can be made. */
  unsubscribeUrl: (claims: UnsubscribeClaims) => string | null;
};

export type ComposeRequest = {
  accountId: string;
  customerId: string;
  template: MessageTemplate;
  /** campaign | flow | …, and that thing's id. */
  source: string;
  sourceId: string | null;
  /** Unique per account: the same key composed and queued twice is one message. */
  idempotencyKey: string;
  /** Not before this time (a delay, a send window). */
  sendAt?: string | null;
  /** What the message adds to the shopper's merge fields (a flow's triggering order, not the latest; an abandoned checkout). */
  merge?: Partial<Pick<MergeContext, 'order' | 'checkout'>>;
};

export type ComposeSkip =
  | { outcome: 'customer_not_found' }
  /** The shopper has no address on the template's channel (no email, no phone). */
  | { outcome: 'no_address' }
  | { outcome: 'no_variant' }
  | { outcome: 'invalid'; problem: TemplateProblem };

export type Composed = { outcome: 'composed'; id: string; message: NewMessage } | ComposeSkip;

const ADDRESS: Record<ChannelId, 'email' | 'phone'> = { email: 'email', sms: 'phone', whatsapp: 'phone' };

export async function composeMessage(deps: ComposeDeps, request: ComposeRequest, now: string, shop?: ShopFacts | null): Promise<Composed> {
  const { accountId, customerId, template } = request;
  const channel = template.channel as ChannelId;
  // The id is chosen first: the unsubscribe link names the message it came in.
  const id = newId('msg');
  const shopper = await deps.facts.shopper(accountId, customerId);
  if (!shopper) return { outcome: 'customer_not_found' };
  const to = shopper[ADDRESS[channel] ?? 'email'];
  if (!to) return { outcome: 'no_address' };
  const facts = shop === undefined ? await deps.facts.shop(accountId) : shop;
  const language = shopper.locale ?? facts?.language ?? 'en';
  const unsubscribeUrl =
    template.purpose === 'marketing' ? deps.unsubscribeUrl({ accountId, customerId, channel, language, messageId: id }) : null;
  const merged = await shopperMergeContext(deps, accountId, customerId, unsubscribeUrl, now);
  if (!merged) return { outcome: 'customer_not_found' };
  return renderComposed(deps, request, id, to, merged);
}

async function renderComposed(
  deps: ComposeDeps,
  request: ComposeRequest,
  id: string,
  to: string,
  merged: ShopperContext,
): Promise<Composed> {
  const { accountId, customerId, template } = request;
  const channel = template.channel as ChannelId;
  const reader = {
    language: merged.language,
    shopLanguage: merged.shop.language,
    country: merged.shop.country,
    currency: merged.shop.currency,
  };
  const rendered = await deps.renderer.render(template.variants, { ...merged.context, ...request.merge }, reader);
  if (rendered.outcome !== 'rendered') return rendered.outcome === 'invalid' ? rendered : { outcome: 'no_variant' };
  const { email } = rendered;
  return {
    outcome: 'composed',
    id,
    message: {
      accountId,
      customerId,
      channel,
      purpose: template.purpose,
      source: request.source,
      sourceId: request.sourceId,
      idempotencyKey: request.idempotencyKey,
      to: addressOf(channel, to),
      language: email.language,
      dir: email.dir,
      subject: email.subject,
      html: email.html,
      text: email.text,
      sendAt: request.sendAt ?? null,
    },
  };
}

/**
 * Many messages of one account at once (a campaign's page): the shop read once, the shoppers in
 * one statement, their loyalty summaries in one unit of work, then the same rendering as
 * `composeMessage` per shopper. Results in the order of `requests`.
 */
export async function composeMessages(deps: ComposeDeps, accountId: string, requests: ComposeRequest[], now: string): Promise<Composed[]> {
  const shop = await deps.facts.shop(accountId);
  if (!shop) return requests.map(() => ({ outcome: 'customer_not_found' }));
  const shoppers = await deps.facts.shoppers(accountId, [...new Set(requests.map((r) => r.customerId))]);
  const present = requests.filter((r) => shoppers.has(r.customerId));
  const loyalty = await deps.store.transaction(async (repos) => {
    const out = new Map<string, LoyaltySummary>();
    for (const r of present) if (!out.has(r.customerId)) out.set(r.customerId, await loyaltySummary(repos, accountId, r.customerId, now));
    return out;
  });
  const out: Composed[] = [];
  for (const request of requests) {
    const shopper = shoppers.get(request.customerId);
    if (!shopper || request.accountId !== accountId) {
      out.push({ outcome: 'customer_not_found' });
      continue;
    }
    const channel = request.template.channel as ChannelId;
    const to = shopper[ADDRESS[channel] ?? 'email'];
    if (!to) {
      out.push({ outcome: 'no_address' });
      continue;
    }
    const id = newId('msg');
    const language = shopper.locale ?? shop.language ?? 'en';
    const unsubscribeUrl =
      request.template.purpose === 'marketing'
        ? deps.unsubscribeUrl({ accountId, customerId: request.customerId, channel, language, messageId: id })
        : null;
    const merged = mergeContextOf(shop, shopper, loyalty.get(request.customerId)!, unsubscribeUrl);
    out.push(await renderComposed(deps, request, id, to, merged));
  }
  return out;
}

/**
 * Composes (reading outside any unit of work: composing opens its own) and queues in a unit of
 * its own; a skip says why nothing was queued. Callers that must queue with other writes compose
 * first, then `queueMessage(repos, composed.message, now, composed.id)` in their unit.
 */
export async function composeAndQueue(deps: ComposeDeps, request: ComposeRequest, now: string): Promise<QueueOutcome | ComposeSkip> {
  const composed = await composeMessage(deps, request, now);
  if (composed.outcome !== 'composed') return composed;
  return deps.store.transaction((repos) => queueMessage(repos, composed.message, now, composed.id));
}
