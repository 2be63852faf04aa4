import type { CanonicalCustomer } from '../../src/crm/events.ts';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import { customer } from './canonical.ts';
import type { TestServer } from './server.ts';

/** A customer as a store sends it, through the same ingest as webhooks; returns the profile id. */
export async function addCustomer(
  server: TestServer,
  connectionId: string,
  externalId: string,
  over: Partial<CanonicalCustomer> = {},
): Promise<string> {
  const { store } = server.runtime;
  await applyEvent(store, connectionId, { type: 'customer.upserted', customer: customer(externalId, over) });
  const identity = await store.transaction((repos) => repos.customers.findIdentity(connectionId, externalId));
  if (!identity) throw new Error(`customer ${externalId} was not created`);
  return identity.customerId;
}
