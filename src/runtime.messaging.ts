import { readFileSync } from 'node:fs';
import { publicUrl, type Config } from './config/config.ts';
import { createEmailChannel, type DkimOptions } from './channels/email/email.channel.ts';
import { createWhatsAppChannel } from './channels/whatsapp/whatsapp.channel.ts';
import type { WhatsAppNumbersPort } from './crm/messaging/whatsapp/numbers.port.ts';
import type { WhatsAppWebhookQueue } from './crm/messaging/whatsapp/webhook-queue.port.ts';
import type { InboundListener } from './crm/messaging/whatsapp/webhook.service.ts';
import type { ChannelId, MessageChannel } from './crm/messaging/channel.port.ts';
import type { SenderDeps } from './crm/messaging/sender.service.ts';
import { createThrottle } from './crm/messaging/throttle.ts';
import { unsubscribeToken } from './crm/messaging/unsubscribe-token.ts';
import type { CrmStore } from './crm/store.port.ts';

// Wires the message channels (email: SMTP or the local outbox; WhatsApp: the Cloud API with each
// shop's own number) and the sender's dependencies from
// the configuration (kept apart from runtime.ts, which only calls this).

export type MessagingRuntime = {
  /** What the sender job runs on (crm/messaging/sender.service.ts). */
  sender: SenderDeps;
  /** Where the email channel sends: `smtp`, or `outbox` without SMTP_URL. */
  emailProvider: 'smtp' | 'outbox';
  /** What the WhatsApp webhook job applies (crm/messaging/whatsapp/webhook.service.ts). */
  whatsappWebhooks: { store: CrmStore; queue: WhatsAppWebhookQueue; onInbound?: InboundListener };
  close: () => Promise<void>;
};

export function createMessagingRuntime(deps: {
  config: Config;
  store: CrmStore;
  unsubscribeKey: Buffer;
  whatsapp: { numbers: WhatsAppNumbersPort; webhooks: WhatsAppWebhookQueue };
  onInbound?: InboundListener;
}): MessagingRuntime {
  const { config } = deps;
  const email = createEmailChannel({
    smtpUrl: config.SMTP_URL,
    from: config.MAIL_FROM,
    unsubscribeMailto: config.MAIL_UNSUBSCRIBE_MAILTO,
    dkim: dkimOf(config),
    ratePerSecond: config.EMAIL_RATE_PER_SECOND,
  });
  const whatsapp = createWhatsAppChannel({
    graphUrl: config.WHATSAPP_GRAPH_URL,
    apiVersion: config.WHATSAPP_API_VERSION,
    ratePerSecond: config.WHATSAPP_RATE_PER_SECOND,
    credentials: (accountId) => deps.whatsapp.numbers.credentials(accountId),
    lastInboundAt: (accountId, phone) => deps.store.transaction((repos) => repos.inbound.lastReceivedAt(accountId, 'whatsapp', phone)),
  });
  const channels = new Map<ChannelId, MessageChannel>([
    ['email', email],
    ['whatsapp', whatsapp],
  ]);
  // Links in mail must reach this Rapport from outside; without PUBLIC_URL a local install links to itself.
  const base = (publicUrl(config) ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '');
  return {
    sender: {
      store: deps.store,
      channels,
      throttle: createThrottle(),
      // About two seconds of sending per pass: a pass stays far inside its claim's lease (5 min)
      // and a stopping process waits for little.
      batchSize: Math.max(5, Math.min(50, Math.ceil(config.EMAIL_RATE_PER_SECOND * 2))),
      unsubscribeUrl: (claims) => `${base}/u/${unsubscribeToken(deps.unsubscribeKey, claims)}`,
    },
    emailProvider: config.SMTP_URL ? 'smtp' : 'outbox',
    whatsappWebhooks: { store: deps.store, queue: deps.whatsapp.webhooks, onInbound: deps.onInbound },
    close: async () => {
      for (const channel of channels.values()) await channel.close();
    },
  };
}

function dkimOf(config: Config): DkimOptions | undefined {
  if (!config.DKIM_DOMAIN || !config.DKIM_SELECTOR) return undefined;
  const privateKey =
    config.DKIM_PRIVATE_KEY ?? (config.DKIM_PRIVATE_KEY_FILE ? readFileSync(config.DKIM_PRIVATE_KEY_FILE, 'utf8') : undefined);
  return privateKey ? { domainName: config.DKIM_DOMAIN, keySelector: config.DKIM_SELECTOR, privateKey } : undefined;
}
