import type { Repos } from '../store.port.ts';
import { awardAction } from '../loyalty/actions.service.ts';
import type { CanonicalConsent, ConsentRecord } from './consent.port.ts';

// One marketing-consent decision per customer and channel: the newest one the platforms told us
// of, by when the shopper decided. Deliveries come late, twice or out of order; an older decision
// never replaces a newer one. The first time email is seen subscribed, the program's newsletter
// points are awarded: once per customer, ever (ledger key `newsletter:<customer>`), so
// unsubscribing and subscribing again, or a redelivered webhook, pays nothing more.

export type ConsentOutcome = { outcome: 'recorded' | 'unchanged' | 'stale'; record: ConsentRecord | null };

export async function recordConsent(
  repos: Repos,
  accountId: string,
  customerId: string,
  consent: CanonicalConsent,
  now: string,
): Promise<ConsentOutcome> {
  const current = await repos.consents.get(customerId, consent.channel);
  if (current && Date.parse(consent.decidedAt) < Date.parse(current.decidedAt)) return { outcome: 'stale', record: current };
  if (current && current.state === consent.state && current.decidedAt === consent.decidedAt)
    return { outcome: 'unchanged', record: current };
  const record: ConsentRecord = {
    ...consent,
    customerId,
    accountId,
    updatedAt: now,
    firstSubscribedAt: current?.firstSubscribedAt ?? (consent.state === 'subscribed' ? consent.decidedAt : null),
  };
  await repos.consents.upsert(record);
  if (current?.state !== consent.state) {
    await repos.timeline.add({
      accountId,
      customerId,
      kind: 'consent_changed',
      occurredAt: consent.decidedAt,
      subjectType: 'consent',
      subjectId: consent.channel,
      data: { channel: consent.channel, from: current?.state ?? null, to: consent.state, source: consent.source },
      dedupeKey: `consent:${customerId}:${consent.channel}:${consent.decidedAt}:${consent.state}`,
    });
  }
  if (consent.channel === 'email' && consent.state === 'subscribed')
    await awardNewsletter(repos, accountId, customerId, consent.decidedAt, now);
  return { outcome: 'recorded', record };
}

/**
 * Newsletter points for a subscription made once the program was earning (like signup points:
 * importing a list of long-standing subscribers pays nobody). Idempotent on the customer.
 */
async function awardNewsletter(repos: Repos, accountId: string, customerId: string, decidedAt: string, now: string): Promise<void> {
  const program = await repos.loyalty.programs.current(accountId);
  if (!program?.settings.enabled || program.settings.actions.newsletter <= 0) return;
  if (Date.parse(decidedAt) < Date.parse(program.settings.earnOrdersPlacedFrom)) return;
  await awardAction(repos, accountId, customerId, 'newsletter', null, now, 'consent');
}
