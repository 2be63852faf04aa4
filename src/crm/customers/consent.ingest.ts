import type { CanonicalEvent } from '../events.ts';
import type { ConnectionRecord, Repos } from '../store.port.ts';
import type { CanonicalConsent } from './consent.port.ts';
import { recordConsent } from './consent.service.ts';
import { resolveCustomer } from './customers.service.ts';

// Consent arriving with a customer payload, or on a topic of its own.

export async function applyConsents(
  repos: Repos,
  accountId: string,
  customerId: string,
  consents: CanonicalConsent[] | undefined,
  now: string,
): Promise<void> {
  for (const consent of consents ?? []) await recordConsent(repos, accountId, customerId, consent, now);
}

// The oldest possible version: the customer's own payload, whenever it comes, replaces what this wrote.
const NO_VERSION = new Date(0).toISOString();

/**
 * A consent topic names the platform's customer id. Its customers/create may not have arrived
 * yet (no order between topics): the profile is then started from the email or phone the consent
 * payload carries, versioned as the oldest possible, so the customer's own payload fills it in.
 */
export async function consentOnly(
  repos: Repos,
  connection: ConnectionRecord,
  event: Extract<CanonicalEvent, { type: 'customer.consent' }>,
  now: string,
): Promise<'applied'> {
  const resolved = await resolveCustomer(
    repos,
    connection,
    {
      externalId: event.externalId,
      email: event.email,
      phone: event.phone,
      firstName: null,
      lastName: null,
      locale: null,
      tags: null,
      addresses: [],
      createdAt: null,
      updatedAt: NO_VERSION,
    },
    now,
  );
  if (resolved.erased || !resolved.customerId) return 'applied';
  await applyConsents(repos, connection.accountId, resolved.customerId, event.consents, now);
  return 'applied';
}
