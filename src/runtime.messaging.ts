import { readFileSync } from 'node:fs';
import { publicUrl, type Config } from './config/config.ts';
import { createEmailChannel, type DkimOptions } from './channels/email/email.channel.ts';
import { createWhatsAppChannel } from './channels/whatsapp/whatsapp.channel.ts';
import type { WhatsAppNumbersPort } from './crm/messaging/whatsapp/numbers.port.ts';
import type { WhatsAppWebhookQueue } from './crm/messaging/whatsapp/webhook-queue.port.ts';
import type { InboundListener } from './crm/messaging/whatsapp/webhook.service.ts';
import type { ChannelId, MessageChannel } from './crm/messaging/channel.port.ts';
import type { CampaignSendDeps } from './crm/campaigns/campaign-send.service.ts';
import { createMessageTemplatesRepo } from './db/message-templates.repo.ts';
import type { ComposeDeps } from './crm/messaging/compose.service.ts';
import type { SenderDeps } from './crm/messaging/sender.service.ts';
import { TemplateRenderer } from './crm/messaging/templates/template-renderer.ts';
import { createMergeContextQuery } from './db/merge-context.query.ts';
import { createMessagingSettingsRepo } from './db/messaging-settings.repo.ts';
import type { MessagingSettings, MessagingSettingsPort } from './crm/messaging/messaging-settings.port.ts';
import { createMailTracking } from './crm/messaging/tracking.service.ts';
import { trackingKey } from './crm/messaging/tracking-token.ts';
import type { ConsumerDeps } from './crm/domain-events/consumer.service.ts';
import { FLOWS_CONSUMER, flowEventHandler } from './crm/flows/flow-events.service.ts';
import type { AbandonedCheckoutDeps } from './crm/checkouts/abandoned-checkout.pass.ts';
import type { SqlDatabase } from './db/sql/database.ts';
import { createThrottle } from './crm/messaging/throttle.ts';
import { unsubscribeToken, type UnsubscribeClaims } from './crm/messaging/unsubscribe-token.ts';
import type { CrmStore } from './crm/store.port.ts';

// Wires the message channels (email: SMTP or the local outbox; WhatsApp: the Cloud API with each
// shop's own number) and the sender's dependencies from
// the configuration (kept apart from runtime.ts, which only calls this).

export type MessagingRuntime = {
  /** What the sender job runs on (crm/messaging/sender.service.ts). */
  sender: SenderDeps;
  /** What campaigns and flows compose messages with (one renderer, so a template compiles once per process). */
  compose: ComposeDeps;
  /** The shops' messaging settings (default language, tracking, attribution window). */
  settings: MessagingSettingsPort;
  /** The key of tracked links and the open pixel (`/c/`, `/o/`). */
  trackingKey: Buffer;
  /** The flows consumer of the domain-event queue (crm/flows). */
  flows: ConsumerDeps;
  /** What the campaign send job runs on (crm/campaigns/campaign-send.service.ts). */
  campaigns: CampaignSendDeps;
  /** What the abandoned-checkout flow's pass runs on (crm/checkouts). */
  checkouts: AbandonedCheckoutDeps;
  /** Where the email channel sends: `smtp`, or `outbox` without SMTP_URL. */
  emailProvider: 'smtp' | 'outbox';
  /** What the WhatsApp webhook job applies (crm/messaging/whatsapp/webhook.service.ts). */
  whatsappWebhooks: { store: CrmStore; queue: WhatsAppWebhookQueue; onInbound?: InboundListener };
  close: () => Promise<void>;
};

export function createMessagingRuntime(deps: {
  config: Config;
  store: CrmStore;
  database: SqlDatabase;
  unsubscribeKey: Buffer;
  whatsapp: { numbers: WhatsAppNumbersPort; webhooks: WhatsAppWebhookQueue };
  onInbound?: InboundListener;
  /** Shared with the admin's template previews and settings API (one renderer per process). */
  templating?: Pick<ComposeDeps, 'renderer' | 'facts'>;
  settings?: MessagingSettingsPort;
}): MessagingRuntime {
  const { config } = deps;
  const email = createEmailChannel({
    smtpUrl: config.SMTP_URL,
    from: config.MAIL_FROM,
    unsubscribeMailto: config.MAIL_UNSUBSCRIBE_MAILTO,
    bounceAddress: config.MAIL_BOUNCE_ADDRESS,
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
  const unsubscribeUrl = (claims: UnsubscribeClaims) => `${base}/u/${unsubscribeToken(deps.unsubscribeKey, claims)}`;
  const settings = deps.settings ?? createMessagingSettingsRepo(deps.database);
  const key = trackingKey(deps.unsubscribeKey);
  const compose: ComposeDeps = {
    renderer: deps.templating?.renderer ?? new TemplateRenderer(),
    facts: deps.templating?.facts ?? createMergeContextQuery(deps.database),
    store: deps.store,
    unsubscribeUrl,
  };
  return {
    settings,
    trackingKey: key,
    compose,
    flows: {
      store: deps.store,
      consumer: FLOWS_CONSUMER,
      handle: flowEventHandler({ store: deps.store, compose, templates: createMessageTemplatesRepo(deps.database) }),
    },
    campaigns: { store: deps.store, compose, templates: createMessageTemplatesRepo(deps.database) },
    checkouts: { store: deps.store, compose, templates: createMessageTemplatesRepo(deps.database) },
    sender: {
      store: deps.store,
      channels,
      throttle: createThrottle(),
      // About two seconds of sending per pass: a pass stays far inside its claim's lease (5 min)
      // and a stopping process waits for little.
      batchSize: Math.max(5, Math.min(50, Math.ceil(config.EMAIL_RATE_PER_SECOND * 2))),
      leaseMs: config.MESSAGES_LEASE_MS,
      // As many in flight as the SMTP pool has connections (email.channel.ts: 5): the round trips
      // overlap, the throttle still holds the rate.
      concurrency: config.SMTP_URL ? 5 : 1,
      unsubscribeUrl,
      track: createMailTracking({ key, baseUrl: base, settings: cached(settings.get, 30_000) }),
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

/** Settings read at most once per `ttlMs` per account by the sender (a change applies within that). */
function cached(read: (accountId: string) => Promise<MessagingSettings>, ttlMs: number) {
  const kept = new Map<string, { at: number; value: Promise<MessagingSettings> }>();
  return (accountId: string): Promise<MessagingSettings> => {
    const hit = kept.get(accountId);
    if (hit && Date.now() - hit.at < ttlMs) return hit.value;
    if (kept.size > 10_000) kept.clear();
    const value = read(accountId);
    kept.set(accountId, { at: Date.now(), value });
    value.catch(() => kept.delete(accountId));
    return value;
  };
}
