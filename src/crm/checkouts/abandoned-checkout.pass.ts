import { fromMinor } from '../../lib/money.ts';
import { STALE_AFTER_MS } from '../flows/flow-kinds.ts';
import { composeMessage, type ComposeDeps } from '../messaging/compose.service.ts';
import { queueMessage } from '../messaging/messages.service.ts';
import type { MessageTemplatesPort } from '../messaging/templates/message-templates.port.ts';
import type { MergeContext } from '../messaging/templates/merge-fields.ts';
import type { CrmStore } from '../store.port.ts';
import type { CheckoutRecord } from './checkouts.port.ts';
import { ABANDONED_CHECKOUT } from './checkouts.service.ts';

// The abandoned-checkout flow's pass (the leader's job, jobs/abandoned-checkout.scheduler.ts): the
// open checkouts whose due time (last activity + the flow's delay) has passed, by the
// `(status, due_at)` index, each written to at most once — idempotency key
// `flow:abandoned_checkout:<checkout>`, and the row moves from open to messaged in the unit that
// queues the message, only if it is still open with the due time read (an order or new activity
// in between wins). Skipped, counted in flow_skips: flow off or without template since, no
// customer or address, older than 48 h when due (an outage: history), the frequency rules (one such
// message per shopper per day: `frequency`; the shop's cap on marketing messages, campaign
// settings: `capped`), no marketing consent on the template's channel. The sender checks consent
// again at send time.

export type AbandonedCheckoutDeps = { store: CrmStore; compose: ComposeDeps; templates: MessageTemplatesPort };
export type AbandonedCheckoutPass = { messaged: number; skipped: number };

/** At most one abandoned-checkout message per shopper in this window. */
export const FREQUENCY_MS = 24 * 3600_000;

/** The checkout's merge fields: the recovery link, total in major units, and a short cart summary. */
export function checkoutMerge(c: Pick<CheckoutRecord, 'recoveryUrl' | 'currency' | 'totalMinor' | 'items'>): MergeContext['checkout'] {
  let items: Array<{ title: string; quantity: number }> = [];
  try {
    items = JSON.parse(c.items) as typeof items;
  } catch {
    items = [];
  }
  const summary = items.map((i) => (i.quantity > 1 ? `${i.quantity} × ${i.title}` : i.title)).join(', ');
  return {
    url: c.recoveryUrl,
    total: Number(fromMinor(c.totalMinor, c.currency)),
    items: summary || null,
    item_count: items.reduce((s, i) => s + i.quantity, 0),
  };
}

export async function runAbandonedCheckouts(deps: AbandonedCheckoutDeps, now: string, limit = 100): Promise<AbandonedCheckoutPass> {
  const pass: AbandonedCheckoutPass = { messaged: 0, skipped: 0 };
  const due = await deps.store.transaction((repos) => repos.checkouts.due(now, limit));
  for (const c of due) {
    const r = await step(deps, c, now);
    if (r) pass[r]++;
  }
  return pass;
}

async function step(deps: AbandonedCheckoutDeps, c: CheckoutRecord, now: string): Promise<keyof AbandonedCheckoutPass | null> {
  const expected = { status: c.status, dueAt: c.dueAt };
  const skip = (reason: string | null) =>
    deps.store.transaction(async (repos) => {
      const saved = await repos.checkouts.save(
        { ...c, status: reason ? 'skipped' : c.status, dueAt: null, skipReason: reason, updatedAt: now },
        expected,
      );
      if (saved && reason) await repos.flows.countSkip(c.accountId, ABANDONED_CHECKOUT, now.slice(0, 10), reason);
      return saved && reason ? ('skipped' as const) : null;
    });

  const read = await deps.store.transaction(async (repos) => {
    const flow = await repos.flows.get(c.accountId, ABANDONED_CHECKOUT);
    const recent = c.customerId
      ? await repos.checkouts.messagedSince(c.accountId, c.customerId, new Date(Date.parse(now) - FREQUENCY_MS).toISOString())
      : false;
    const consent = c.customerId ? await repos.consents.get(c.customerId, 'email') : undefined;
    // The shop's frequency cap (campaign settings) counts every marketing message, flows' included.
    const cap = await repos.campaigns.frequencyCap(c.accountId);
    const since = cap && new Date(Date.parse(now) - cap.days * 86_400_000).toISOString();
    const capped =
      !!cap &&
      !!since &&
      !!c.customerId &&
      ((await repos.campaigns.marketingSince(c.accountId, [c.customerId], since, '')).get(c.customerId) ?? 0) >= cap.messages;
    return { flow, recent, consent, capped };
  });
  // Switched off since it became due: not due any more, nothing counted.
  if (!read.flow?.enabled) return skip(null);
  if (!read.flow.templateId) return skip('no_template');
  if (!c.customerId) return skip('customer_not_found');
  if (Date.parse(now) - Date.parse(c.dueAt ?? now) > STALE_AFTER_MS) return skip('stale');
  if (read.recent) return skip('frequency');
  if (read.capped) return skip('capped');
  const template = await deps.templates.get(c.accountId, read.flow.templateId);
  if (!template) return skip('no_template');
  if (template.purpose === 'marketing' && read.consent?.state !== 'subscribed') return skip('no_consent');
  const composed = await composeMessage(
    deps.compose,
    {
      accountId: c.accountId,
      customerId: c.customerId,
      template,
      source: 'flow',
      sourceId: ABANDONED_CHECKOUT,
      idempotencyKey: `flow:${ABANDONED_CHECKOUT}:${c.id}`,
      merge: { checkout: checkoutMerge(c) },
    },
    now,
  );
  if (composed.outcome !== 'composed') return skip(composed.outcome);
  return deps.store.transaction(async (repos) => {
    const saved = await repos.checkouts.save(
      { ...c, status: 'messaged', dueAt: null, messageId: composed.id, messagedAt: now, updatedAt: now },
      expected,
    );
    if (!saved) return null;
    await queueMessage(repos, composed.message, now, composed.id);
    return 'messaged';
  });
}
