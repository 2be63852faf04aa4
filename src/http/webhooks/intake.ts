import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Config } from '../../config/config.ts';
import type { ConnectionsPort } from '../../crm/tenancy/connections.port.ts';
import type { InboxQueue } from '../../inbox/inbox.port.ts';
import type { Logger } from '../../lib/logger.ts';
import { HttpError, statusOf } from '../errors.ts';
import type { DeliveryHandler, DeliveryReply } from './delivery.ts';
import type { AppLifecycle } from '../../platforms/shopify/auth.types.ts';
import { acceptShopify } from './shopify.delivery.ts';
import { acceptWoo } from './woocommerce.delivery.ts';
import { acceptFlowAction, acceptFlowLifecycle, FLOW_ACTION_PATH, FLOW_LIFECYCLE_PATH } from './shopify-flow.delivery.ts';
import type { CrmStore } from '../../crm/store.port.ts';
import { acceptWhatsApp, whatsAppChallenge } from './whatsapp.delivery.ts';
import type { WhatsAppNumbersPort } from '../../crm/messaging/whatsapp/numbers.port.ts';
import type { WhatsAppWebhookQueue } from '../../crm/messaging/whatsapp/webhook-queue.port.ts';

// Webhook acks are the hot path (Shopify gives up after 5 s and retries; WooCommerce never
// retries), so they are served straight on node:http in front of Express: Express's router and
// body parser cost more than verifying, storing and answering combined (see bench/).

const MAX_BODY = 5 * 1024 * 1024;
const WOO_PATH = /^\/webhooks\/woocommerce\/([\w-]{1,100})\/?$/;
const WHATSAPP_PATH = '/webhooks/whatsapp';

export function createWebhookIntake(deps: {
  config: Config;
  connections: ConnectionsPort;
  inbox: InboxQueue;
  logger: Logger;
  /** Shopify Flow's action and lifecycle callbacks write through it; omitted, they are not served. */
  store?: CrmStore;
  shopify?: { app: AppLifecycle };
  /** WhatsApp Cloud API webhooks: omitted, /webhooks/whatsapp is not served. */
  whatsapp?: { numbers: Pick<WhatsAppNumbersPort, 'accountOf'>; webhooks: Pick<WhatsAppWebhookQueue, 'accept'> };
}) {
  const log = deps.logger.child({ module: 'webhooks' });
  const shopify = acceptShopify(deps.config, deps.connections, deps.inbox, deps.shopify?.app);
  const woo = acceptWoo(deps.connections, deps.inbox);
  const flow = deps.store ? { config: deps.config, connections: deps.connections, store: deps.store } : null;
  const flowAction = flow && acceptFlowAction(flow);
  const flowLifecycle = flow && acceptFlowLifecycle(flow);
  const whatsapp = deps.whatsapp
    ? acceptWhatsApp({
        appSecret: deps.config.WHATSAPP_APP_SECRET,
        verifyToken: deps.config.WHATSAPP_VERIFY_TOKEN,
        numbers: deps.whatsapp.numbers,
        queue: deps.whatsapp.webhooks,
        logger: deps.logger,
      })
    : null;
  const maxInflight = deps.config.WEBHOOK_MAX_INFLIGHT;
  const budget = deps.config.WEBHOOK_BUFFER_BUDGET_MB * 1024 * 1024;
  let inflight = 0;
  let heldBytes = 0;

  function route(url: string): DeliveryHandler | null {
    const path = url.split('?')[0]!;
    if (path === '/webhooks/shopify' || path === '/webhooks/shopify/') return shopify;
    if (path === FLOW_ACTION_PATH) return flowAction;
    if (path === FLOW_LIFECYCLE_PATH) return flowLifecycle;
    if (whatsapp && (path === WHATSAPP_PATH || path === `${WHATSAPP_PATH}/`)) return whatsapp;
    const m = WOO_PATH.exec(path);
    return m ? (headers, raw) => woo(m[1]!, headers, raw) : null;
  }

  /** Handles the request and returns true when it is a webhook delivery; false leaves it to Express. */
  return function intake(req: IncomingMessage, res: ServerResponse): boolean {
    if (!req.url?.startsWith('/webhooks/')) return false;
    const requestId = randomUUID();
    const reply = (r: DeliveryReply, extra?: Record<string, string>) => {
      const body = r.body === undefined ? '' : JSON.stringify(r.body);
      res.writeHead(r.status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        'x-request-id': requestId,
        ...extra,
      });
      res.end(body);
      if (r.status >= 400)
        log.warn(
          {
            requestId,
            url: req.url?.split('?')[0],
            status: r.status,
            reason: (r.body as { error?: { message?: string } })?.error?.message,
          },
          'webhook rejected',
        );
    };
    /** Answers without reading (the rest of) the body, and closes the connection. */
    const refuse = (status: 413 | 503, code: string, message: string) => {
      if (res.headersSent) return true;
      reply(
        { status, body: { error: { code, message } } },
        status === 503 ? { 'retry-after': '5', connection: 'close' } : { connection: 'close' },
      );
      return true;
    };
    const handler = route(req.url);
    // Meta's verification of the callback URL: a GET answered from the query alone.
    if (req.method === 'GET' && whatsapp && handler === whatsapp) {
      const challenge = whatsAppChallenge(req.url, deps.config.WHATSAPP_VERIFY_TOKEN);
      res.writeHead(challenge.status, { 'content-type': 'text/plain; charset=utf-8', 'x-request-id': requestId });
      res.end(challenge.body);
      req.resume();
      return true;
    }
    if (req.method !== 'POST' || !handler) {
      reply(
        errorReply(
          new HttpError(
            'not_found',
            'No such webhook endpoint: POST /webhooks/shopify, /webhooks/shopify/flow/award-points, /webhooks/shopify/flow/lifecycle, /webhooks/woocommerce/:connectionId or /webhooks/whatsapp',
          ),
        ),
      );
      req.resume();
      return true;
    }
    // Bodies are buffered before the signature can be checked, so anyone can make us hold them:
    // refuse a declared size over the cap before reading, and bound how many bodies and bytes
    // are held at once (503 + Retry-After; Shopify retries any non-2xx).
    const declared = Number(req.headers['content-length']);
    if (declared > MAX_BODY) return refuse(413, 'too_large', 'Body larger than 5 MB');
    if (inflight >= maxInflight) return refuse(503, 'unavailable', 'Too many deliveries in progress; retry');
    let held = Number.isFinite(declared) ? declared : 0;
    if (heldBytes + held > budget) return refuse(503, 'unavailable', 'Too much delivery data in progress; retry');
    inflight++;
    heldBytes += held;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      inflight--;
      heldBytes -= held;
    };
    req.once('close', release);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (released) return;
      size += chunk.length;
      if (size > held) {
        // no or a false content-length: account for what actually arrives
        heldBytes += size - held;
        held = size;
      }
      if (size > MAX_BODY) {
        release();
        chunks.length = 0;
        return refuse(413, 'too_large', 'Body larger than 5 MB');
      }
      if (heldBytes > budget) {
        release();
        chunks.length = 0;
        return refuse(503, 'unavailable', 'Too much delivery data in progress; retry');
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (released) return;
      // The reply waits for the inbox write to commit (ack-after-commit); the body counts as held until then.
      handler(req.headers, Buffer.concat(chunks, size)).then(
        (r) => {
          release();
          reply(r);
        },
        (err: unknown) => {
          release();
          if (err instanceof HttpError) return reply(errorReply(err));
          log.error({ requestId, err }, 'webhook intake failed');
          // Not acknowledged: the platform keeps the delivery and retries it.
          reply({ status: 503, body: { error: { code: 'unavailable', message: 'Could not record the delivery; retry' } } });
        },
      );
    });
    req.on('error', () => res.destroy());
    return true;
  };
}

function errorReply(err: HttpError): DeliveryReply {
  return { status: statusOf[err.kind], body: { error: { code: err.kind, message: err.message } } };
}
