import { newId } from '../../../lib/ids.ts';
import { recordConsent } from '../../customers/consent.service.ts';
import type { CrmStore, Repos } from '../../store.port.ts';
import type { WhatsAppWebhookQueue } from './webhook-queue.port.ts';
import { consentKeyword } from './keywords.ts';
import { readValue, type InboundReport, type StatusReport } from './webhook-payload.ts';

// Applies what WhatsApp told us, one stored change value per unit of work; every step is
// idempotent (redeliveries, a job retry after a crash between apply and complete):
// - statuses, found by wamid: forward only (a late `sent` after `delivered` changes nothing),
//   `read` recorded once, `failed` fails a message not yet delivered (timeline `message_failed`);
// - inbound messages: stored once per wamid (`inbound_messages`), matched to a profile by phone,
//   timeline `message_received`; STOP-like words unsubscribe WhatsApp at once (`whatsapp_stop`),
//   START-like ones subscribe (`whatsapp_opt_in`), decided at the message's own time.
// A status for a wamid we do not know yet may race our own record of the send (Meta answers the
// send, then reports it): retried for a few minutes, then left (another tool on the same number).

export type InboundListener = (
  repos: Repos,
  accountId: string,
  message: InboundReport & { id: string; customerId: string | null },
) => Promise<void>;

export type AppliedChange = { statuses: number; unknownStatuses: number; inbound: number; duplicates: number; skipped: number };

export async function applyWhatsAppChange(
  repos: Repos,
  accountId: string,
  value: Record<string, unknown>,
  now: string,
  onInbound?: InboundListener,
): Promise<AppliedChange> {
  const { statuses, messages, skipped } = readValue(value);
  const applied: AppliedChange = { statuses: 0, unknownStatuses: 0, inbound: 0, duplicates: 0, skipped };
  for (const s of statuses) {
    if (await applyStatus(repos, accountId, s)) applied.statuses++;
    else applied.unknownStatuses++;
  }
  for (const m of messages) {
    const id = newId('in');
    const customer = await repos.customers.findByPhone(accountId, m.from);
    const customerId = customer?.id ?? null;
    const fresh = await repos.inbound.insert({
      id,
      accountId,
      channel: 'whatsapp',
      from: m.from,
      customerId,
      kind: m.kind,
      body: m.body.slice(0, 4096),
      replyId: m.replyId,
      providerMessageId: m.providerMessageId,
      contextMessageId: m.contextMessageId,
      receivedAt: m.at,
      createdAt: now,
    });
    if (!fresh) {
      applied.duplicates++;
      continue;
    }
    applied.inbound++;
    if (customerId) {
      await repos.timeline.add({
        accountId,
        customerId,
        kind: 'message_received',
        occurredAt: m.at,
        subjectType: 'inbound_message',
        subjectId: id,
        data: { channel: 'whatsapp', kind: m.kind, body: m.body.slice(0, 500), replyId: m.replyId },
        dedupeKey: `message_received:whatsapp:${m.providerMessageId}`,
      });
      const keyword = consentKeyword(m.body);
      if (keyword) {
        await recordConsent(
          repos,
          accountId,
          customerId,
          {
            channel: 'whatsapp',
            state: keyword === 'stop' ? 'unsubscribed' : 'subscribed',
            source: keyword === 'stop' ? 'whatsapp_stop' : 'whatsapp_opt_in',
            detail: `message:${m.providerMessageId}`,
            decidedAt: m.at,
          },
          now,
        );
      }
    }
    await onInbound?.(repos, accountId, { ...m, id, customerId });
  }
  return applied;
}

async function applyStatus(repos: Repos, accountId: string, s: StatusReport): Promise<boolean> {
  const message = await repos.messages.byProviderId(accountId, s.providerMessageId);
  if (!message) return false;
  const result = await repos.messages.recordProviderStatus(accountId, message.id, s.status, s.error, s.at);
  if (s.status === 'failed' && result.changed && message.customerId) {
    await repos.timeline.add({
      accountId,
      customerId: message.customerId,
      kind: 'message_failed',
      occurredAt: s.at,
      subjectType: 'message',
      subjectId: message.id,
      data: { channel: message.channel, purpose: message.purpose, subject: message.subject, source: message.source, error: s.error },
      dedupeKey: `message_failed:${message.id}`,
    });
  }
  return true;
}

export type WebhookPass = { processed: number; retried: number; dead: number };

const MAX_ATTEMPTS = 5;
/** How long a status for an unknown wamid is retried (our record of the send may not be committed yet). */
const UNKNOWN_GRACE_MS = 10 * 60_000;

/** One pass of the job: applies due stored values, oldest first. */
export async function processWhatsAppWebhooks(
  deps: { store: CrmStore; queue: WhatsAppWebhookQueue; onInbound?: InboundListener; batchSize?: number },
  now: () => Date = () => new Date(),
): Promise<WebhookPass> {
  const pass: WebhookPass = { processed: 0, retried: 0, dead: 0 };
  const due = await deps.queue.due(now().toISOString(), deps.batchSize ?? 100);
  for (const row of due) {
    const at = now();
    try {
      const value = JSON.parse(row.body) as Record<string, unknown>;
      const applied = await deps.store.transaction((repos) =>
        applyWhatsAppChange(repos, row.accountId, value, at.toISOString(), deps.onInbound),
      );
      if (applied.unknownStatuses > 0 && at.getTime() - Date.parse(row.receivedAt) < UNKNOWN_GRACE_MS) {
        await deps.queue.fail(
          row.id,
          `${applied.unknownStatuses} status(es) for unknown messages`,
          retryAt(at, row.attempts),
          at.toISOString(),
        );
        pass.retried++;
        continue;
      }
      await deps.queue.complete(row.id, at.toISOString());
      pass.processed++;
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      const last = row.attempts + 1 >= MAX_ATTEMPTS;
      await deps.queue.fail(row.id, error.slice(0, 500), last ? null : retryAt(at, row.attempts), at.toISOString());
      if (last) pass.dead++;
      else pass.retried++;
    }
  }
  return pass;
}

/** 30 s, 1, 2, 4 min… */
const retryAt = (at: Date, attempts: number) => new Date(at.getTime() + 30_000 * 2 ** Math.min(attempts, 6)).toISOString();
