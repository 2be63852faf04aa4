import { applyEvent } from '../../src/crm/ingest.service.ts';
import { recordConsent } from '../../src/crm/customers/consent.service.ts';
import type { NewMessage } from '../../src/crm/messaging/messages.port.ts';
import { queueMessage } from '../../src/crm/messaging/messages.service.ts';
import { sendDueMessages } from '../../src/crm/messaging/sender.service.ts';
import { processWhatsAppWebhooks } from '../../src/crm/messaging/whatsapp/webhook.service.ts';
import { startWhatsAppFake, type WhatsAppFake } from '../fakes/whatsapp.fake.ts';
import { apiCall, loginToken } from './api.ts';
import { customer } from './canonical.ts';
import { startTestServer, type TestServer } from './server.ts';

// A Rapport server whose WhatsApp channel talks to the local Cloud API fake, one shop with its
// number connected through the admin API, and one shopper with a phone.

export const VERIFY_TOKEN = 'verify-token-for-tests';

export type WhatsAppWorld = {
  server: TestServer;
  fake: WhatsAppFake;
  accountId: string;
  connectionId: string;
  customerId: string;
  phone: string;
  token: string;
  api: (method: string, path: string, body?: unknown) => ReturnType<typeof apiCall>;
  queue: (over?: Partial<NewMessage>) => Promise<{ outcome: string; id: string }>;
  send: (at?: Date) => ReturnType<typeof sendDueMessages>;
  /** Applies stored webhook values (the job's pass). */
  apply: (at?: Date) => ReturnType<typeof processWhatsAppWebhooks>;
  webhook: (
    values: Record<string, unknown> | Record<string, unknown>[],
    opts?: { signature?: string | null },
  ) => ReturnType<WhatsAppFake['deliver']>;
  close: () => Promise<void>;
};

let n = 0;

export async function startWhatsAppWorld(shop: string, phone = '+923001234567'): Promise<WhatsAppWorld> {
  const fake = await startWhatsAppFake();
  const server = await startTestServer({
    WHATSAPP_GRAPH_URL: fake.url,
    WHATSAPP_API_VERSION: fake.version,
    WHATSAPP_APP_SECRET: fake.appSecret,
    WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN,
    WHATSAPP_RATE_PER_SECOND: '1000',
  });
  const t = server.runtime.tenancy;
  const accountId = await t.createAccount('Lahore Threads', 'PKR');
  const connectionId = (await t.upsertConnection({ accountId, platform: 'shopify', domain: shop, currency: 'PKR', country: 'PK' })).id;
  await t.createAdminUser(accountId, `owner@${shop}`, 'correct horse battery');
  const token = await loginToken(server, `owner@${shop}`, 'correct horse battery');
  const api = (method: string, path: string, body?: unknown) => apiCall(server, method, path, body, token);
  const put = await api('PUT', '/api/whatsapp', {
    phoneNumberId: fake.phoneNumberId,
    wabaId: fake.wabaId,
    displayPhone: `+${fake.displayPhone}`,
    accessToken: fake.accessToken,
  });
  if (put.status !== 200) throw new Error(`PUT /api/whatsapp: ${put.status} ${put.text}`);
  await applyEvent(server.runtime.store, connectionId, {
    type: 'customer.upserted',
    customer: customer('wa1', { phone, firstName: 'Ayesha', locale: 'ur' }),
  });
  const customerId = (await server.runtime.store.transaction((r) => r.customers.findIdentity(connectionId, 'wa1')))!.customerId;
  await server.runtime.store.transaction((r) =>
    recordConsent(
      r,
      accountId,
      customerId,
      { channel: 'whatsapp', state: 'subscribed', source: 'storefront', detail: null, decidedAt: '2026-01-01T00:00:00.000Z' },
      new Date().toISOString(),
    ),
  );
  return {
    server,
    fake,
    accountId,
    connectionId,
    customerId,
    phone,
    token,
    api,
    queue: (over = {}) =>
      server.runtime.store.transaction((r) =>
        queueMessage(
          r,
          {
            accountId,
            customerId,
            channel: 'whatsapp',
            purpose: 'marketing',
            source: 'test',
            sourceId: null,
            idempotencyKey: `wa-test:${++n}`,
            to: phone,
            language: 'ur',
            dir: 'rtl',
            subject: null,
            html: '',
            text: '[eid_offer · ur] Ayesha',
            payload: {
              type: 'template',
              name: 'eid_offer',
              language: 'ur',
              components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ayesha' }] }],
            },
            ...over,
          },
          new Date().toISOString(),
        ),
      ),
    send: (at) => sendDueMessages(server.runtime.messaging.sender, at ? () => at : undefined),
    apply: (at) => processWhatsAppWebhooks(server.runtime.messaging.whatsappWebhooks, at ? () => at : undefined),
    webhook: (values, opts) => fake.deliver(`${server.url}/webhooks/whatsapp`, values, opts),
    close: async () => {
      await server.close();
      await fake.close();
    },
  };
}
