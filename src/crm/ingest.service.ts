import type { CanonicalEvent } from './events.ts';
import type { ConnectionRecord, CrmStore } from './store.port.ts';
import { eraseShop, exportCustomerData, redactCustomer } from './compliance/compliance.service.ts';
import { applyConsents, consentOnly } from './customers/consent.ingest.ts';
import { resolveCustomer } from './customers/customers.service.ts';
import { awardSignup } from './loyalty/actions.service.ts';
import { deleteOrder, recordRefund, upsertOrder } from './orders/orders.service.ts';
import { noteCodOrder } from './cod/cod-confirmation.service.ts';
import { deleteProduct, upsertProduct, upsertVariant } from './catalogue/catalogue.service.ts';
import { completeCheckout, noteCheckout } from './checkouts/checkouts.service.ts';

export type IngestOutcome = 'applied' | 'stale' | 'ignored';

/**
 * Applies one canonical event atomically. `observedAt` is when the platform's payload was received
 * (orders trash and restore, which have no version of their own); `now` when it is applied. Safe to repeat: every effect is keyed by its business
 * id and versioned by the platform's updated_at, so a delivery processed twice (a crash between
 * the effect and the inbox acknowledgement) changes nothing the second time. The connection is
 * read here, or given by a caller that has just read it (the inbox worker, once per delivery).
 */
export async function applyEvent(
  store: CrmStore,
  connectionOrId: string | ConnectionRecord,
  event: CanonicalEvent,
  now = new Date().toISOString(),
  observedAt = now,
): Promise<IngestOutcome> {
  return store.transaction(async (repos) => {
    const connection = typeof connectionOrId === 'string' ? await repos.connections.get(connectionOrId) : connectionOrId;
    if (!connection) return 'ignored';
    return dispatch();

    async function dispatch(): Promise<IngestOutcome> {
      const c = connection!;
      switch (event.type) {
        case 'customer.upserted': {
          const resolved = await resolveCustomer(repos, c, event.customer, now);
          // Consent decisions carry their own time: a stale profile payload may still hold a newer one.
          if (!resolved.erased && resolved.customerId)
            await applyConsents(repos, c.accountId, resolved.customerId, event.customer.consents, now);
          if (resolved.stale) return 'stale';
          if (resolved.erased || !resolved.customerId) return 'applied';
          await awardSignup(repos, c.accountId, resolved.customerId, event.customer.createdAt, now);
          return 'applied';
        }
        case 'customer.deleted': {
          const identity = await repos.customers.findIdentity(c.id, event.externalId);
          if (identity && !identity.deletedAt) await repos.customers.updateIdentity(identity.id, { deletedAt: now });
          return 'applied';
        }
        case 'customer.consent':
          return consentOnly(repos, c, event, now);
        case 'order.upserted': {
          const outcome = await upsertOrder(repos, c, event.order, now, event.restored ?? false, observedAt);
          // In the order's own unit: a new COD order is noted for confirmation, or nothing is stored.
          if (outcome === 'applied') await noteCodOrder(repos, c, event.order, now);
          // An order for a checkout completes it (or recovers it, when the flow wrote about it).
          if (outcome === 'applied' && event.order.checkout) {
            const stored = await repos.orders.find(c.id, event.order.externalId);
            if (stored) await completeCheckout(repos, c, event.order.checkout, stored, now);
          }
          return outcome;
        }
        case 'order.deleted':
          await deleteOrder(repos, c, event.externalId, now, observedAt);
          return 'applied';
        case 'checkout.updated':
          return noteCheckout(repos, c, event.checkout, now);
        case 'refund.created':
          await recordRefund(repos, c, event.refund, now);
          return 'applied';
        case 'product.upserted':
          return upsertProduct(repos, c, event.product, now);
        case 'product.variant_upserted':
          return upsertVariant(repos, c, event.productExternalId, event.variant, event.updatedAt, now);
        case 'product.deleted':
          await deleteProduct(repos, c, event.externalId, now);
          return 'applied';
        case 'connection.uninstalled':
          await repos.connections.markUninstalled(c.id, now);
          return 'applied';
        case 'compliance.data_requested':
          await exportCustomerData(repos, c, event.requestId, event.customer, now);
          return 'applied';
        case 'compliance.customer_redacted':
          await redactCustomer(repos, c, event.customer, event.orderExternalIds, now);
          return 'applied';
        case 'compliance.shop_redacted':
          await eraseShop(repos, c);
          return 'applied';
        case 'ignored':
          return 'ignored';
      }
    }
  });
}
