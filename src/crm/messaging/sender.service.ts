import type { CrmStore, Repos } from '../store.port.ts';
import type { ChannelId, MessageChannel, SendOutcome } from './channel.port.ts';
import type { StoredMessage } from './messages.port.ts';
import { sendDecision } from './send-rule.ts';
import type { Throttle } from './throttle.ts';
import type { UnsubscribeClaims } from './unsubscribe-token.ts';

// One pass of the sender: claim due messages, and for each one check consent and suppression AT
// SEND TIME (a shopper who unsubscribed after it was queued is not written to: `suppressed`),
// wait for the channel's rate, send outside any unit of work, then record the outcome and the
// customer's timeline entry in one unit. A retryable failure is queued again with backoff; a
// message whose sender died mid-send is claimed again once its lease lapses (at least once: the
// SMTP Message-ID stays the same, so a receiving server can tell a repeat).

export type SenderDeps = {
  store: CrmStore;
  channels: ReadonlyMap<ChannelId, MessageChannel>;
  throttle: Throttle;
  /** The one-click unsubscribe link for these claims (null: none can be made). */
  unsubscribeUrl: (claims: UnsubscribeClaims) => string | null;
  /** The HTML as it goes out (tracked links, the open pixel: tracking.service.ts); the stored HTML when absent. */
  track?: (message: StoredMessage) => Promise<string>;
  /** Messages claimed per pass. */
  batchSize?: number;
  /** How long a claim lasts before another sender may take the message. */
  leaseMs?: number;
  maxAttempts?: number;
  /**
   * Messages of one pass in flight at once (default 1). Each keeps its own consent read, throttle
   * slot and outcome unit; the throttle still spaces their sends to the channel's rate, so this
   * only hides the provider's round trip (set it to the SMTP pool's connections).
   */
  concurrency?: number;
};

export type SenderPass = { claimed: number; sent: number; suppressed: number; retried: number; failed: number };

const DEFAULT_LEASE_MS = 5 * 60_000;
const DEFAULT_MAX_ATTEMPTS = 5;

/** 30 s, 2 min, 8 min, 32 min, then hourly. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 4 ** Math.max(0, attempts - 1), 3_600_000);
}

export async function sendDueMessages(deps: SenderDeps, now: () => Date = () => new Date()): Promise<SenderPass> {
  const at = now();
  const leaseUntil = new Date(at.getTime() + (deps.leaseMs ?? DEFAULT_LEASE_MS)).toISOString();
  const claimed = await deps.store.transaction((repos) => repos.messages.claimDue(at.toISOString(), leaseUntil, deps.batchSize ?? 50));
  const pass: SenderPass = { claimed: claimed.length, sent: 0, suppressed: 0, retried: 0, failed: 0 };
  let next = 0;
  const worker = async () => {
    while (next < claimed.length) {
      const result = await deliver(deps, claimed[next++]!, now);
      pass[result]++;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(deps.concurrency ?? 1, claimed.length)) }, worker));
  return pass;
}

async function deliver(deps: SenderDeps, m: StoredMessage, now: () => Date): Promise<'sent' | 'suppressed' | 'retried' | 'failed'> {
  const allowed = await deps.store.transaction(async (repos) => {
    const consent = m.customerId ? (await repos.consents.get(m.customerId, m.channel))?.state : undefined;
    const addressSuppressed = await repos.messages.isSuppressed(m.accountId, m.channel, m.to);
    const decision = sendDecision({ purpose: m.purpose, consent, addressSuppressed });
    if (decision.send) return true;
    const at = now().toISOString();
    await repos.messages.markSuppressed(m.accountId, m.id, decision.reason, at);
    await onTimeline(repos, m, 'message_suppressed', at, { reason: decision.reason });
    return false;
  });
  if (!allowed) return 'suppressed';

  const channel = deps.channels.get(m.channel);
  const outcome: SendOutcome = channel
    ? await sendThrough(deps, channel, m)
    : { outcome: 'failed', retryable: false, error: `No ${m.channel} channel is configured` };

  return deps.store.transaction(async (repos) => {
    const at = now().toISOString();
    if (outcome.outcome === 'sent') {
      await repos.messages.markSent(m.accountId, m.id, outcome, at);
      await onTimeline(repos, m, 'message_sent', at, { provider: outcome.provider });
      return 'sent';
    }
    const retry = outcome.retryable && m.attempts < (deps.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
    const retryAt = retry ? new Date(Date.parse(at) + retryDelayMs(m.attempts)).toISOString() : null;
    await repos.messages.markFailed(m.accountId, m.id, outcome.error, retryAt, at);
    if (retry) return 'retried';
    await onTimeline(repos, m, 'message_failed', at, { error: outcome.error });
    return 'failed';
  });
}

async function sendThrough(deps: SenderDeps, channel: MessageChannel, m: StoredMessage): Promise<SendOutcome> {
  await deps.throttle.wait(channel.id, channel.ratePerSecond);
  const unsubscribeUrl =
    m.purpose === 'marketing' && m.customerId
      ? deps.unsubscribeUrl({ accountId: m.accountId, customerId: m.customerId, channel: m.channel, language: m.language, messageId: m.id })
      : null;
  try {
    const html = deps.track ? await deps.track(m) : m.html;
    return await channel.send({
      id: m.id,
      accountId: m.accountId,
      channel: m.channel,
      purpose: m.purpose,
      to: m.to,
      language: m.language,
      dir: m.dir,
      subject: m.subject,
      html,
      text: m.text,
      payload: m.payload,
      unsubscribeUrl,
    });
  } catch (err) {
    // An adapter that threw instead of answering: treated as a passing fault (the network).
    return { outcome: 'failed', retryable: true, error: err instanceof Error ? err.message : String(err) };
  }
}

function onTimeline(repos: Repos, m: StoredMessage, kind: string, at: string, extra: Record<string, unknown>): Promise<boolean> {
  if (!m.customerId) return Promise.resolve(false);
  return repos.timeline.add({
    accountId: m.accountId,
    customerId: m.customerId,
    kind,
    occurredAt: at,
    subjectType: 'message',
    subjectId: m.id,
    data: { channel: m.channel, purpose: m.purpose, subject: m.subject, source: m.source, ...extra },
    dedupeKey: `${kind}:${m.id}`,
  });
}
