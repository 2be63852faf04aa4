import type { IncomingHttpHeaders } from 'node:http';
import type { WhatsAppNumbersPort } from '../../crm/messaging/whatsapp/numbers.port.ts';
import type { ReceivedWebhook, WhatsAppWebhookQueue } from '../../crm/messaging/whatsapp/webhook-queue.port.ts';
import { changesOf } from '../../crm/messaging/whatsapp/webhook-payload.ts';
import { hmacSha256, safeEqual, sha256Hex } from '../../lib/crypto.ts';
import type { Logger } from '../../lib/logger.ts';
import { HttpError } from '../errors.ts';
import { header, utf8Body, type DeliveryReply } from './delivery.ts';
import type { Verification } from './verify.ts';

// WhatsApp Cloud API webhooks (one callback URL for the Meta app, every shop's number):
// GET answers Meta's verification challenge; POST verifies X-Hub-Signature-256 (HMAC-SHA256 of
// the raw body with the app secret) before anything else, splits the delivery into its
// `messages` change values, routes each to its account by `metadata.phone_number_id` (unique
// index, cached a few minutes), and stores them (unique per content) before the 200. A value for a
// number no shop has connected is acknowledged and dropped (Meta would retry it for days).

export type WhatsAppIntakeDeps = {
  appSecret: string | undefined;
  verifyToken: string | undefined;
  numbers: Pick<WhatsAppNumbersPort, 'accountOf'>;
  queue: Pick<WhatsAppWebhookQueue, 'accept'>;
  logger: Logger;
};

/** `sha256=<hex HMAC-SHA256 of the raw body>`, compared in constant time. */
export function verifyHubSignature(raw: Buffer, signature: string | undefined, appSecret: string | undefined): Verification {
  if (!signature) return { ok: false, reason: 'missing X-Hub-Signature-256' };
  if (!appSecret) return { ok: false, reason: 'WHATSAPP_APP_SECRET is not configured' };
  const m = /^sha256=([0-9a-f]{64})$/i.exec(signature.trim());
  if (!m) return { ok: false, reason: 'malformed X-Hub-Signature-256' };
  return safeEqual(hmacSha256(appSecret, raw, 'hex'), m[1]!.toLowerCase()) ? { ok: true } : { ok: false, reason: 'invalid signature' };
}

/** GET /webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=…&hub.challenge=… → the challenge, else 403. */
export function whatsAppChallenge(url: string, verifyToken: string | undefined): { status: 200 | 403; body: string } {
  const params = new URL(url, 'http://localhost').searchParams;
  const token = params.get('hub.verify_token') ?? '';
  const challenge = params.get('hub.challenge') ?? '';
  const ok =
    verifyToken !== undefined &&
    params.get('hub.mode') === 'subscribe' &&
    safeEqual(token, verifyToken) &&
    /^[\w.-]{1,200}$/.test(challenge);
  return ok ? { status: 200, body: challenge } : { status: 403, body: 'Forbidden' };
}

export function acceptWhatsApp(deps: WhatsAppIntakeDeps) {
  const log = deps.logger.child({ module: 'whatsapp-webhooks' });
  const accounts = new Map<string, { at: number; accountId: string | undefined }>();
  const accountOf = async (phoneNumberId: string) => {
    const hit = accounts.get(phoneNumberId);
    // Known numbers for 5 minutes, unknown ones for 10 s (a number connected just now is found soon).
    if (hit && Date.now() - hit.at < (hit.accountId ? 300_000 : 10_000)) return hit.accountId;
    const accountId = await deps.numbers.accountOf(phoneNumberId);
    if (accounts.size > 10_000) accounts.clear();
    accounts.set(phoneNumberId, { at: Date.now(), accountId });
    return accountId;
  };

  return async (headers: IncomingHttpHeaders, raw: Buffer): Promise<DeliveryReply> => {
    const verdict = verifyHubSignature(raw, header(headers, 'x-hub-signature-256'), deps.appSecret);
    if (!verdict.ok) throw new HttpError('unauthorized', `Webhook rejected: ${verdict.reason}`);
    let json: unknown;
    try {
      json = JSON.parse(utf8Body(raw));
    } catch (err) {
      if (err instanceof HttpError) throw err;
      throw new HttpError('invalid', 'Body is not valid JSON');
    }
    const read = changesOf(json);
    if (!read.ok) throw new HttpError('invalid', read.reason);
    const rows: ReceivedWebhook[] = [];
    let unknown = 0;
    for (const change of read.changes) {
      const accountId = await accountOf(change.phoneNumberId);
      if (!accountId) {
        unknown++;
        continue;
      }
      const body = JSON.stringify(change.value);
      rows.push({ accountId, dedupeKey: sha256Hex(body), body });
    }
    if (unknown) log.warn({ unknown }, 'WhatsApp webhook for a number no shop has connected: dropped');
    const fresh = await deps.queue.accept(rows, new Date().toISOString());
    return { status: 200, body: { ok: true, stored: fresh, duplicates: rows.length - fresh } };
  };
}
