import { recordConsent } from '../customers/consent.service.ts';
import type { CrmStore, Repos } from '../store.port.ts';
import { addressOf } from './messages.service.ts';

// Delivery reports about mail Rapport sent: a hard bounce (RFC 3464, `Action: failed` with a 5.x.x
// status) marks the message bounced and suppresses the address (nothing more goes there, not even
// transactional mail); a complaint (an ARF report, RFC 5965: the shopper pressed "spam") suppresses
// the address AND unsubscribes the shopper from marketing on that channel. A report names our
// message by its Message-ID; it is believed only for the address that message went to, so a
// forged report can at most affect the address of a message id it somehow knows. Soft bounces
// (4.x.x, delayed) change nothing: the sender's retries already cover them.

export type DeliveryReport =
  | { kind: 'bounce'; messageId: string; recipient: string | null; status: string; detail: string }
  | { kind: 'complaint'; messageId: string; recipient: string | null; detail: string };

export type ReportOutcome = 'bounced' | 'complained' | 'soft_bounce' | 'unknown_message' | 'recipient_mismatch';

const permanent = (status: string) => /^5\.\d{1,3}\.\d{1,3}$/.test(status);

export async function recordDeliveryReport(store: CrmStore, report: DeliveryReport, now: string): Promise<ReportOutcome> {
  return store.transaction(async (repos) => {
    const owner = await repos.messages.ownerOf(report.messageId);
    if (!owner) return 'unknown_message';
    if (report.recipient && addressOf(owner.channel, report.recipient) !== owner.to) return 'recipient_mismatch';
    const { accountId } = owner;
    if (report.kind === 'bounce') {
      if (!permanent(report.status)) return 'soft_bounce';
      await repos.messages.markBounced(accountId, report.messageId, report.detail, now);
      await repos.messages.suppressAddress(accountId, owner.channel, owner.to, 'bounce', now);
      await onTimeline(repos, owner.customerId, accountId, report.messageId, 'message_bounced', now, {
        channel: owner.channel,
        status: report.status,
      });
      return 'bounced';
    }
    await repos.messages.suppressAddress(accountId, owner.channel, owner.to, 'complaint', now);
    await repos.messages.addEvent(accountId, report.messageId, 'complained', report.detail, now);
    if (owner.customerId) {
      const current = await repos.consents.get(owner.customerId, owner.channel);
      if (current?.state !== 'unsubscribed')
        await recordConsent(
          repos,
          accountId,
          owner.customerId,
          { channel: owner.channel, state: 'unsubscribed', source: 'complaint', detail: `message:${report.messageId}`, decidedAt: now },
          now,
        );
    }
    await onTimeline(repos, owner.customerId, accountId, report.messageId, 'message_complained', now, { channel: owner.channel });
    return 'complained';
  });
}

async function onTimeline(
  repos: Repos,
  customerId: string | null,
  accountId: string,
  messageId: string,
  kind: string,
  at: string,
  data: Record<string, unknown>,
): Promise<void> {
  if (!customerId) return;
  await repos.timeline.add({
    accountId,
    customerId,
    kind,
    occurredAt: at,
    subjectType: 'message',
    subjectId: messageId,
    data,
    dedupeKey: `${kind}:${messageId}`,
  });
}
