import { newId } from '../../lib/ids.ts';
import type { CanonicalOrder } from '../events.ts';
import type { ConnectionRecord, CrmStore, Repos } from '../store.port.ts';
import { queueMessage } from '../messaging/messages.service.ts';
import type { MergeContextPort } from '../messaging/templates/merge-context.port.ts';
import { shopperMergeContext } from '../messaging/templates/merge-context.service.ts';
import type { MessageTemplatesPort } from '../messaging/templates/message-templates.port.ts';
import { renderWhatsApp } from '../messaging/templates/whatsapp-render.ts';
import type { InboundListener } from '../messaging/whatsapp/webhook.service.ts';
import type { PlatformOutboxPort } from '../sync/sync.port.ts';
import type { CodConfirmation, CodStatus, CodStoreAction } from './cod.port.ts';

// COD confirmation (issue #17): a new cash-on-delivery order with a phone is noted in the unit of
// work that stores it (nothing lost); the leader job asks on WhatsApp with the merchant's template
// (transactional, one message per order: idempotency key), reminds once after N hours, and tags
// the order for review after M hours without an answer. The shopper's Confirm / Cancel quick
// reply (payload COD_CONFIRM / COD_CANCEL, on the message it answers) settles it once; the store
// is told through platform_outbox (writers in platforms/, retried with backoff): tag
// `cod-confirmed`, cancel (when the merchant allows) or tag `cod-cancel-requested`, tag `cod-review`.

export const COD_CONFIRM = 'COD_CONFIRM';
export const COD_CANCEL = 'COD_CANCEL';
export const COD_OUTBOX_KIND = 'cod_order';
/** Orders placed longer ago than this are history (a backfill), never asked. */
const NEW_ORDER_MS = 48 * 3600_000;
const HOUR = 3600_000;

const E164 = /^\+[1-9]\d{6,14}$/;

/** Called in the order's unit of work, after the order is stored. */
export async function noteCodOrder(repos: Repos, connection: ConnectionRecord, order: CanonicalOrder, now: string): Promise<boolean> {
  if (order.paymentMethod !== 'cod' || order.test || order.status === 'cancelled' || order.trashed) return false;
  if (Date.parse(now) - Date.parse(order.placedAt) > NEW_ORDER_MS) return false;
  const settings = await repos.cod.settings(connection.accountId);
  if (!settings.enabled || !settings.templateId) return false;
  const stored = await repos.orders.find(connection.id, order.externalId);
  const customer = stored?.customerId ? await repos.customers.get(connection.accountId, stored.customerId) : undefined;
  const phone = [order.phone, customer?.phone].find((p): p is string => typeof p === 'string' && E164.test(p));
  if (!phone) return false;
  return repos.cod.note({
    id: newId('cod'),
    accountId: connection.accountId,
    connectionId: connection.id,
    orderExternalId: order.externalId,
    orderName: order.name,
    customerId: stored?.customerId ?? null,
    phone,
    status: 'pending',
    askedAt: null,
    remindedAt: null,
    answeredAt: null,
    nextDueAt: now,
    storeAction: null,
    storeState: null,
    storeError: null,
    createdAt: now,
    updatedAt: now,
  });
}

export type CodWriteOutcome = { ok: true } | { ok: false; reason: string; retryable: boolean };
/** Writes one answer to the store (platforms/*: Shopify tags and orderCancel, WooCommerce meta, note and status). */
export type CodOrderWriter = (connectionId: string, orderExternalId: string, action: CodStoreAction) => Promise<CodWriteOutcome>;

export type CodDeps = {
  store: CrmStore;
  templates: MessageTemplatesPort;
  facts: MergeContextPort;
  outbox: PlatformOutboxPort;
  writers: Partial<Record<'shopify' | 'woocommerce', CodOrderWriter>>;
};

export type CodPass = { asked: number; reminded: number; noAnswer: number; skipped: number; written: number; failed: number };

export async function runCodConfirmations(deps: CodDeps, clock: () => Date = () => new Date()): Promise<CodPass> {
  const pass: CodPass = { asked: 0, reminded: 0, noAnswer: 0, skipped: 0, written: 0, failed: 0 };
  const now = clock().toISOString();
  const due = await deps.store.transaction((repos) => repos.cod.due(now, 100));
  for (const c of due) {
    const r = await step(deps, c, now);
    if (r) pass[r]++;
  }
  await writeToStores(deps, pass, clock);
  return pass;
}

async function step(deps: CodDeps, c: CodConfirmation, now: string): Promise<keyof CodPass | null> {
  if (c.status === 'reminded') {
    return (await settle(deps, c, now, 'no_answer', 'review', 'cod_no_answer')) ? 'noAnswer' : null;
  }
  if (c.status !== 'pending' && c.status !== 'asked') return null;
  const settings = await deps.store.transaction((repos) => repos.cod.settings(c.accountId));
  const template = settings.templateId ? await deps.templates.get(c.accountId, settings.templateId) : undefined;
  const shopper = c.customerId ? await shopperMergeContext(deps, c.accountId, c.customerId, null, now) : null;
  const rendered =
    template && template.channel === 'whatsapp' && shopper
      ? renderWhatsApp(
          template.variants,
          { ...shopper.context, order: { number: c.orderName } },
          {
            language: shopper.language,
            shopLanguage: shopper.shop.language,
            country: shopper.shop.country,
            currency: shopper.shop.currency,
          },
        )
      : null;
  const reminder = c.status === 'asked';
  return deps.store.transaction(async (repos) => {
    if (!rendered || rendered.outcome !== 'rendered') {
      const skipped: CodConfirmation = { ...c, status: 'skipped', nextDueAt: null, updatedAt: now };
      return (await repos.cod.save(skipped, c.status)) ? 'skipped' : null;
    }
    const m = rendered.message;
    const queued = await queueMessage(
      repos,
      {
        accountId: c.accountId,
        customerId: c.customerId,
        channel: 'whatsapp',
        purpose: 'transactional',
        source: 'cod_confirmation',
        sourceId: c.id,
        idempotencyKey: `cod:${c.id}:${reminder ? 'remind' : 'ask'}`,
        to: c.phone,
        language: m.language,
        dir: m.dir,
        subject: null,
        html: '',
        text: m.text,
        payload: m.payload,
      },
      now,
    );
    const settingsNow = await repos.cod.settings(c.accountId);
    const askedAt = c.askedAt ?? now;
    const next: CodConfirmation = reminder
      ? { ...c, status: 'reminded', remindedAt: now, nextDueAt: at(askedAt, settingsNow.reviewHours), updatedAt: now }
      : { ...c, status: 'asked', askedAt, nextDueAt: at(askedAt, settingsNow.reminderHours), updatedAt: now };
    if (!(await repos.cod.save(next, c.status))) return null;
    await timeline(repos, c, reminder ? 'cod_confirmation_reminded' : 'cod_confirmation_asked', now, { messageId: queued.id });
    return reminder ? 'reminded' : 'asked';
  });
}

const at = (from: string, hours: number) => new Date(Date.parse(from) + hours * HOUR).toISOString();

async function settle(deps: CodDeps, c: CodConfirmation, now: string, status: CodStatus, action: CodStoreAction, kind: string) {
  return deps.store.transaction(async (repos) => {
    const next: CodConfirmation = {
      ...c,
      status,
      nextDueAt: null,
      storeAction: action,
      storeState: 'pending',
      storeError: null,
      updatedAt: now,
    };
    if (!(await repos.cod.save(next, c.status))) return false;
    await timeline(repos, c, kind, now, {});
    return true;
  });
}

/** The shopper's Confirm / Cancel: a quick reply on our confirmation message. Runs in the inbound message's unit. */
export const answerCodConfirmation: InboundListener = async (repos, accountId, message) => {
  if ((message.replyId !== COD_CONFIRM && message.replyId !== COD_CANCEL) || !message.contextMessageId) return;
  const asked = await repos.messages.byProviderId(accountId, message.contextMessageId);
  if (!asked || asked.source !== 'cod_confirmation' || !asked.sourceId) return;
  const c = await repos.cod.get(accountId, asked.sourceId);
  // Settled already (a second press, the other button later): the first answer stands.
  if (!c || !['pending', 'asked', 'reminded', 'no_answer'].includes(c.status)) return;
  const confirmed = message.replyId === COD_CONFIRM;
  const settings = await repos.cod.settings(accountId);
  const action: CodStoreAction = confirmed ? 'confirm' : settings.cancelAtStore ? 'cancel' : 'cancel_requested';
  const next: CodConfirmation = {
    ...c,
    status: confirmed ? 'confirmed' : 'cancelled',
    answeredAt: message.at,
    nextDueAt: null,
    storeAction: action,
    storeState: 'pending',
    storeError: null,
    updatedAt: message.at,
  };
  if (await repos.cod.save(next, c.status))
    await timeline(repos, c, confirmed ? 'cod_confirmed' : 'cod_cancelled', message.at, { action, messageId: message.id });
};

async function timeline(repos: Repos, c: CodConfirmation, kind: string, at: string, extra: Record<string, unknown>) {
  if (!c.customerId) return;
  await repos.timeline.add({
    accountId: c.accountId,
    customerId: c.customerId,
    kind,
    occurredAt: at,
    subjectType: 'cod_confirmation',
    subjectId: c.id,
    data: { order: c.orderName, orderExternalId: c.orderExternalId, ...extra },
    dedupeKey: `${kind}:${c.id}`,
  });
}

/** Answers to tell the stores: into platform_outbox, then the due outbox rows written (each retried with backoff). */
async function writeToStores(deps: CodDeps, pass: CodPass, clock: () => Date): Promise<void> {
  const now = clock().toISOString();
  const pending = await deps.store.transaction((repos) => repos.cod.storePending(100));
  for (const c of pending) {
    await deps.outbox.enqueue({ accountId: c.accountId, connectionId: c.connectionId, kind: COD_OUTBOX_KIND, subjectId: c.id }, now);
    await deps.store.transaction((repos) => repos.cod.save({ ...c, storeState: 'queued', updatedAt: now }, c.status));
  }
  const due = await deps.outbox.due(COD_OUTBOX_KIND, 50, now);
  for (const item of due) {
    const found = await deps.store.transaction(async (repos) => {
      const c = await repos.cod.get(item.accountId, item.subjectId);
      const connection = c && (await repos.connections.get(c.connectionId));
      return c && connection ? { c, platform: connection.platform } : undefined;
    });
    if (!found || !found.c.storeAction) {
      await deps.outbox.done([item]);
      continue;
    }
    const { c, platform } = found;
    const writer = deps.writers[platform];
    const outcome: CodWriteOutcome = writer
      ? await writer(c.connectionId, c.orderExternalId, c.storeAction!).catch((e: unknown) => ({
          ok: false as const,
          reason: e instanceof Error ? e.message : String(e),
          retryable: true,
        }))
      : { ok: false, reason: `no ${platform} writer`, retryable: false };
    const at = clock().toISOString();
    if (outcome.ok || !outcome.retryable) {
      await deps.outbox.done([item]);
      await deps.store.transaction((repos) =>
        repos.cod.save(
          { ...c, storeState: outcome.ok ? 'done' : 'failed', storeError: outcome.ok ? null : outcome.reason, updatedAt: at },
          c.status,
        ),
      );
      if (outcome.ok) pass.written++;
      else pass.failed++;
    } else {
      await deps.outbox.failed(
        item.id,
        outcome.reason,
        new Date(Date.parse(at) + Math.min(30_000 * 2 ** item.attempts, 3_600_000)).toISOString(),
      );
      await deps.store.transaction((repos) => repos.cod.save({ ...c, storeError: outcome.reason, updatedAt: at }, c.status));
      pass.failed++;
    }
  }
}
