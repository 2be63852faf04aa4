import { recordConsent } from '../customers/consent.service.ts';
import type { CrmStore } from '../store.port.ts';
import { verifyUnsubscribeToken, type UnsubscribeClaims } from './unsubscribe-token.ts';

// The one-click unsubscribe (RFC 8058): the token says who and which channel; the consent for that
// channel becomes `unsubscribed` (source `unsubscribe_link`) at once, so the sender's check at send
// time skips the next marketing message. Keyed reads and writes only: the link is anonymous.

export type UnsubscribeOutcome =
  | { outcome: 'unsubscribed' | 'already_unsubscribed' | 'no_customer'; claims: UnsubscribeClaims }
  | { outcome: 'invalid_token'; reason: 'malformed' | 'bad_signature' };

export async function unsubscribe(store: CrmStore, key: Buffer, token: string, now: string): Promise<UnsubscribeOutcome> {
  const check = verifyUnsubscribeToken(key, token);
  if (!check.ok) return { outcome: 'invalid_token', reason: check.reason };
  const { claims } = check;
  return store.transaction(async (repos) => {
    // Erased or merged away: nobody left to write to under this id.
    const customer = await repos.customers.get(claims.accountId, claims.customerId);
    if (!customer || customer.redactedAt) return { outcome: 'no_customer', claims };
    const current = await repos.consents.get(claims.customerId, claims.channel);
    if (current?.state === 'unsubscribed') return { outcome: 'already_unsubscribed', claims };
    // A decision "now" is the newest there is: no later platform delivery of an older decision rolls it back.
    await recordConsent(
      repos,
      claims.accountId,
      claims.customerId,
      { channel: claims.channel, state: 'unsubscribed', source: 'unsubscribe_link', detail: `message:${claims.messageId}`, decidedAt: now },
      now,
    );
    // The message it came in: campaign reports count unsubscribes per message.
    await repos.messages.addEvent(claims.accountId, claims.messageId, 'unsubscribed', claims.channel, now);
    return { outcome: 'unsubscribed', claims };
  });
}
