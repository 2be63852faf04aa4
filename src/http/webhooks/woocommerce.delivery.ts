import type { IncomingHttpHeaders } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { ConnectionsPort } from '../../crm/tenancy/connections.port.ts';
import type { InboxQueue } from '../../inbox/inbox.port.ts';
import { sha256Hex } from '../../lib/crypto.ts';
import { HttpError } from '../errors.ts';
import { header, utf8Body, type DeliveryReply } from './delivery.ts';
import { verifyBase64Hmac } from './verify.ts';

// verify -> record in inbox -> 200, per connection (each has its own webhook secret).
export function acceptWoo(connections: ConnectionsPort, inbox: InboxQueue) {
  return async (connectionId: string, headers: IncomingHttpHeaders, raw: Buffer): Promise<DeliveryReply> => {
    const connection = await connections.connection(connectionId);
    if (!connection || connection.platform !== 'woocommerce') throw new HttpError('not_found', 'Unknown WooCommerce connection');
    const signature = header(headers, 'x-wc-webhook-signature');
    // On creation WooCommerce pings with an unsigned form body `webhook_id=N`; only 200 counts.
    if (!signature && !header(headers, 'x-wc-webhook-topic') && raw.length < 64 && /^webhook_id=\d+$/.test(raw.toString('latin1').trim()))
      return { status: 200 };
    const secret = await connections.webhookSecret(connection);
    const verdict = verifyBase64Hmac(raw, signature, secret ? [secret] : []);
    if (!verdict.ok) throw new HttpError('unauthorized', `Webhook rejected: ${verdict.reason}`);

    const topic = header(headers, 'x-wc-webhook-topic');
    if (!topic) throw new HttpError('invalid', 'Missing header: X-WC-Webhook-Topic');
    const text = utf8Body(raw);
    let resource: { id?: unknown; date_modified_gmt?: unknown } | null;
    try {
      resource = JSON.parse(text) as typeof resource;
    } catch {
      throw new HttpError('invalid', 'Body is not valid JSON');
    }
    if (resource === null || typeof resource !== 'object' || resource.id === undefined || resource.id === null) {
      throw new HttpError('invalid', 'Body has no resource id');
    }
    // A delivery id is wp_hash(webhook id . unix seconds), so not an idempotency key on its own.
    // A resource with a modification time is identified by its version: id + modified + body
    // hash (two changes within one second differ in body and both count). A deletion is only
    // `{"id": N}`, the same for every trash of that resource: it is a repeat only with the same
    // delivery id too (resent within the same second); WooCommerce never retries, so without
    // that header it is taken as new (deleting is idempotent; the order is trashed either way).
    const id = String(resource.id);
    const modified = typeof resource.date_modified_gmt === 'string' ? resource.date_modified_gmt : null;
    const dedupeKey = modified
      ? `${topic}:${id}:${modified}:${sha256Hex(raw).slice(0, 24)}`
      : `${topic}:${id}:delivery:${header(headers, 'x-wc-webhook-delivery-id') ?? randomUUID()}`;
    const accepted = await inbox.accept(
      {
        accountId: connection.accountId,
        connectionId: connection.id,
        platform: 'woocommerce',
        topic,
        dedupeKey,
        body: text,
        triggeredAt: null,
      },
      new Date().toISOString(),
    );
    return { status: 200, body: { ok: true, duplicate: !accepted } };
  };
}
