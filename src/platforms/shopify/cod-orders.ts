import type { CodWriteOutcome } from '../../crm/cod/cod-confirmation.service.ts';
import type { CodStoreAction } from '../../crm/cod/cod.port.ts';
import type { ShopifyAdminClient, ShopifyUserError } from './admin-api.types.ts';
import { toGid } from './gid.ts';

// COD confirmation answers on a Shopify order: `tagsAdd` on the Order gid (cod-confirmed,
// cod-cancel-requested, cod-review; adding a tag it has changes nothing), or `orderCancel` (reason
// CUSTOMER, no refund — nothing was paid —, restock, no email: the shopper asked for it on WhatsApp).
// An order already cancelled is done, not an error.

export const COD_TAGS: Record<Exclude<CodStoreAction, 'cancel'>, string> = {
  confirm: 'cod-confirmed',
  cancel_requested: 'cod-cancel-requested',
  review: 'cod-review',
};

const TAGS_ADD =
  'mutation RapportCodTag($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { id } userErrors { field message } } }';
const ORDER_CANCEL = `mutation RapportCodCancel($orderId: ID!, $reason: OrderCancelReason!, $refund: Boolean!, $restock: Boolean!, $notifyCustomer: Boolean) {
  orderCancel(orderId: $orderId, reason: $reason, refund: $refund, restock: $restock, notifyCustomer: $notifyCustomer) {
    job { id done } orderCancelUserErrors { field message code } } }`;

export async function writeCodOrder(
  client: ShopifyAdminClient | null,
  orderExternalId: string,
  action: CodStoreAction,
): Promise<CodWriteOutcome> {
  if (!client) return { ok: false, reason: 'no access token for the store', retryable: true };
  const id = toGid('Order', orderExternalId);
  if (action !== 'cancel') {
    const res = await client.mutation<{ userErrors: ShopifyUserError[] }>('tagsAdd', TAGS_ADD, { id, tags: [COD_TAGS[action]] });
    if (!res.ok) return { ok: false, reason: res.error.message, retryable: res.error.retryable };
    return res.userErrors.length ? { ok: false, reason: res.userErrors.map((e) => e.message).join('; '), retryable: false } : { ok: true };
  }
  const res = await client.mutation<{
    orderCancelUserErrors?: Array<ShopifyUserError & { code?: string | null }>;
    userErrors?: ShopifyUserError[];
  }>('orderCancel', ORDER_CANCEL, { orderId: id, reason: 'CUSTOMER', refund: false, restock: true, notifyCustomer: false });
  if (!res.ok) return { ok: false, reason: res.error.message, retryable: res.error.retryable };
  const errors = res.data.orderCancelUserErrors ?? [];
  if (!errors.length || errors.every((e) => /already.*cancel/i.test(e.message))) return { ok: true };
  return { ok: false, reason: errors.map((e) => e.message).join('; '), retryable: false };
}
