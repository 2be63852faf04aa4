import { PayloadError } from '../platforms/adapter.ts';

// What one delivery may cost the worker. Processing is synchronous between awaits: a delivery
// holds the event loop, and with it every tenant's webhook acks, for as long as it takes to parse,
// normalise and store. A signed order with 16,000 line items held it ~1 s; these bounds keep the
// worst delivery to roughly a tenth of that, far above any real order, and dead-letter the rest
// with a reason the merchant can read in the dead letters.
//
// - Line items: Shopify's order and draft-order APIs accept at most 499 line items; 2,500 is five
//   times that (WooCommerce has no cap, but its largest real orders are far below).
// - Refunds: one per return, a few per order; 250 is far beyond any real history.
// - Bytes: a 499-line Shopify order with full line items (tax lines, discount allocations, price
//   sets) is about 1 MB; 2 MiB bounds the parse (lossless JSON, ~10-20 MB/s) before anything
//   is counted. Intake still acknowledges up to 5 MB, so an oversized delivery is kept, visible.
const DELIVERY_BOUNDS = { bodyBytes: 2 * 1024 * 1024, lineItems: 2_500, refunds: 250 } as const;

/** Before parsing: the body's size (string length is a lower bound on its bytes, and cheap). */
export function checkBodySize(body: string): void {
  const bytes = body.length > DELIVERY_BOUNDS.bodyBytes / 4 ? Buffer.byteLength(body) : body.length;
  if (bytes > DELIVERY_BOUNDS.bodyBytes) throw new PayloadError(`body_too_large: ${bytes} > ${DELIVERY_BOUNDS.bodyBytes} bytes`);
}

/** After parsing, before normalising (the costly part): lists an order carries, on both platforms. */
export function checkListSizes(payload: unknown): void {
  if (typeof payload !== 'object' || payload === null) return;
  const o = payload as { line_items?: unknown; refunds?: unknown };
  if (Array.isArray(o.line_items) && o.line_items.length > DELIVERY_BOUNDS.lineItems) {
    throw new PayloadError(`too_many_line_items: ${o.line_items.length} > ${DELIVERY_BOUNDS.lineItems}`);
  }
  if (Array.isArray(o.refunds) && o.refunds.length > DELIVERY_BOUNDS.refunds) {
    throw new PayloadError(`too_many_refunds: ${o.refunds.length} > ${DELIVERY_BOUNDS.refunds}`);
  }
}
