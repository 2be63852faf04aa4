import type { ConsentState } from '../customers/consent.port.ts';
import type { MessagePurpose } from './messages.port.ts';

// Who may be written to, decided at the moment of sending (a decision made between queueing and
// sending counts). Marketing needs the shopper's consent on that channel to be `subscribed`;
// `unknown` is not consent. Transactional messages (an order, a password, a test) go whatever
// the marketing consent says, but never to an address that hard-bounced or complained.

export type SendDecision = { send: true } | { send: false; reason: 'not_subscribed' | 'address_suppressed' };

export function sendDecision(input: {
  purpose: MessagePurpose;
  /** The customer's consent on the message's channel; undefined when there is no decision or no customer. */
  consent: ConsentState | undefined;
  addressSuppressed: boolean;
}): SendDecision {
  if (input.addressSuppressed) return { send: false, reason: 'address_suppressed' };
  if (input.purpose === 'marketing' && input.consent !== 'subscribed') return { send: false, reason: 'not_subscribed' };
  return { send: true };
}
