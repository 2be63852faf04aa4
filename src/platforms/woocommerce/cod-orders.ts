import type { CodWriteOutcome } from '../../crm/cod/cod-confirmation.service.ts';
import type { CodStoreAction } from '../../crm/cod/cod.port.ts';
import { WooRestError } from './rest.errors.ts';
import type { WooClient } from './rest.client.ts';

// COD confirmation answers on a WooCommerce order. Woo orders have no tags: the answer is order
// meta `rapport_cod` (confirmed, cancel-requested, review; written whole, so a retry is harmless)
// plus a private order note staff see; a cancel the merchant allows is `PUT orders/<id>` with
// status `cancelled` (WooCommerce restocks and notes it itself).

export const COD_META_KEY = 'rapport_cod';
const META: Record<Exclude<CodStoreAction, 'cancel'>, { value: string; note: string }> = {
  confirm: { value: 'confirmed', note: 'Rapport: the shopper confirmed this cash-on-delivery order on WhatsApp (cod-confirmed).' },
  cancel_requested: {
    value: 'cancel-requested',
    note: 'Rapport: the shopper asked on WhatsApp to cancel this order (cod-cancel-requested).',
  },
  review: { value: 'review', note: 'Rapport: no answer on WhatsApp to the COD confirmation; review before shipping (cod-review).' },
};

export async function writeWooCodOrder(client: WooClient, orderId: string, action: CodStoreAction): Promise<CodWriteOutcome> {
  try {
    if (action === 'cancel') {
      await client.updateOrder(orderId, { status: 'cancelled' });
      return { ok: true };
    }
    const m = META[action];
    await client.updateOrder(orderId, { meta_data: [{ key: COD_META_KEY, value: m.value }] });
    await client.addOrderNote(orderId, m.note);
    return { ok: true };
  } catch (e) {
    const retryable = !(e instanceof WooRestError) || e.kind === 'throttled' || e.kind === 'server' || e.kind === 'network';
    return { ok: false, reason: e instanceof Error ? e.message : String(e), retryable };
  }
}
