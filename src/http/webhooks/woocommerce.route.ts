import express, { type Router } from 'express';
import type { Tenancy } from '../../db/tenancy.repo.ts';
import type { InboxQueue } from '../../inbox/inbox.port.ts';
import { sha256Hex } from '../../lib/crypto.ts';
import { HttpError } from '../errors.ts';
import { verifyBase64Hmac } from './verify.ts';

// verify -> record in inbox -> 200, per connection (each has its own webhook secret).
export function wooWebhooks(tenancy: Tenancy, inbox: InboxQueue): Router {
  const router = express.Router();

  router.post('/webhooks/woocommerce/:connectionId', express.raw({ type: () => true, limit: '5mb' }), (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const connection = tenancy.connection(String(req.params.connectionId));
    if (!connection || connection.platform !== 'woocommerce') throw new HttpError('not_found', 'Unknown WooCommerce connection');
    const header = (name: string) => {
      const v = req.headers[name];
      return (Array.isArray(v) ? v[0] : v)?.trim() || undefined;
    };
    const signature = header('x-wc-webhook-signature');
    // On creation WooCommerce pings with an unsigned form body `webhook_id=N`; only 200 counts.
    if (!signature && !header('x-wc-webhook-topic') && /^webhook_id=\d+$/.test(raw.toString('utf8').trim())) {
      res.status(200).end();
      return;
    }
    const secret = tenancy.webhookSecret(connection);
    const verdict = verifyBase64Hmac(raw, signature, secret ? [secret] : []);
    if (!verdict.ok) throw new HttpError('unauthorized', `Webhook rejected: ${verdict.reason}`);

    const topic = header('x-wc-webhook-topic');
    if (!topic) throw new HttpError('invalid', 'Missing header: X-WC-Webhook-Topic');
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new HttpError('invalid', 'Body is not valid JSON');
    }
    const resource = body as { id?: unknown; date_modified_gmt?: unknown } | null;
    if (resource === null || typeof resource !== 'object' || resource.id === undefined || resource.id === null) {
      throw new HttpError('invalid', 'Body has no resource id');
    }
    // Delivery ids have one-second resolution, so the delivery's identity is the resource
    // version: id + modification time + body hash. Two changes within one second differ in
    // body and both count; a resent identical payload is a duplicate.
    const modified = typeof resource.date_modified_gmt === 'string' ? resource.date_modified_gmt : '-';
    const version = `${modified}:${sha256Hex(raw).slice(0, 24)}`;
    const accepted = inbox.accept({
      accountId: connection.accountId, connectionId: connection.id, platform: 'woocommerce', topic,
      dedupeKey: `${topic}:${String(resource.id)}:${version}`, body: raw.toString('utf8'), triggeredAt: null,
    }, new Date().toISOString());
    res.status(200).json({ ok: true, duplicate: !accepted });
  });
  return router;
}
