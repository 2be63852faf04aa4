import express, { type Express } from 'express';
import { readFile } from 'node:fs/promises';
import type { CatalogueReadModel } from '../crm/catalogue/catalogue.port.ts';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinoHttp } from 'pino-http';
import { randomUUID } from 'node:crypto';
import { publicUrl, type Config } from '../config/config.ts';
import type { AnalyticsQueriesPort } from '../crm/analytics/analytics-queries.port.ts';
import type { AnalyticsReportsPort } from '../crm/analytics/analytics-reports.port.ts';
import type { DataRequestsPort } from '../crm/compliance/data-requests.port.ts';
import type { CustomerNotes } from '../crm/customers/customer-notes.service.ts';
import type { CustomerQueriesPort } from '../crm/customers/customer-queries.port.ts';
import type { CrmStore } from '../crm/store.port.ts';
import type { OnboardingPort } from '../crm/onboarding/onboarding.port.ts';
import type { SegmentQueriesPort } from '../crm/segments/segment-queries.port.ts';
import type { SegmentsPort } from '../crm/segments/segments.port.ts';
import type { AccountsPort } from '../crm/tenancy/accounts.port.ts';
import type { ConnectionsPort } from '../crm/tenancy/connections.port.ts';
import type { StaffAuthPort } from '../crm/tenancy/staff-auth.port.ts';
import type { InboxQueue } from '../inbox/inbox.port.ts';
import type { WorkerBeat } from '../jobs/inbox.worker.ts';
import type { Logger } from '../lib/logger.ts';
import type { SharedState } from '../lib/shared-state.ts';
import type { DiscountIssuers } from '../platforms/discount-issuers.ts';
import type { WooConnect } from '../platforms/woocommerce/connect.service.ts';
import type { WooSync } from '../platforms/woocommerce/sync.service.ts';
import { registerWooCommerceRoutes } from './admin/woocommerce.routes.ts';
import { registerShopifySyncRoutes } from './admin/shopify-sync.routes.ts';
import { registerConnectionRoutes } from './admin/connections.routes.ts';
import type { Disconnect } from '../platforms/disconnect.service.ts';
import type { ShopifyApp } from '../platforms/shopify/app.service.ts';
import { registerAnalyticsReportRoutes } from './admin/analytics-reports.routes.ts';
import { registerAnalyticsRoutes } from './admin/analytics.routes.ts';
import { registerCustomerNotesRoutes } from './admin/customer-notes.routes.ts';
import { registerCustomerRoutes } from './admin/customers.routes.ts';
import { registerLoyaltyRoutes } from './admin/loyalty.routes.ts';
import { registerReferralRoutes } from './admin/referrals.routes.ts';
import { registerRewardsRoutes } from './admin/rewards.routes.ts';
import { registerExtensionRoutes } from './admin/extensions.routes.ts';
import { registerOnboardingRoutes } from './admin/onboarding.routes.ts';
import { openApiDocument } from './admin/openapi.ts';
import { RouteRegistry } from './admin/registry.ts';
import { registerPrivacyRoutes } from './admin/privacy.routes.ts';
import { registerSetupRoutes } from './admin/setup.routes.ts';
import { registerAuthRoutes } from './admin/auth.routes.ts';
import { registerHealthRoutes } from './admin/health.routes.ts';
import type { HealthMonitor } from '../jobs/health-monitor.ts';
import { registerInboxRoutes } from './admin/inbox.routes.ts';
import { registerStaffRoutes } from './admin/staff.routes.ts';
import { platformCallbacksRouter } from './callbacks/platform-callbacks.ts';
import type { LoginLimiter } from './admin/login-limiter.ts';
import { registerSegmentRoutes } from './admin/segments.routes.ts';
import { registerMessageTemplateRoutes } from './admin/message-templates.routes.ts';
import { registerFlowRoutes } from './admin/flows.routes.ts';
import type { Flows } from '../crm/flows/flows.service.ts';
import { registerPointsCampaignRoutes } from './admin/points-campaigns.routes.ts';
import { runningCampaignsCache } from '../crm/loyalty/points-campaigns.service.ts';
import { registerTierRoutes } from './admin/tiers.routes.ts';
import { registerMessagesRoutes } from './admin/messages.routes.ts';
import { registerCampaignRoutes } from './admin/campaigns.routes.ts';
import type { Campaigns } from '../crm/campaigns/campaigns.service.ts';
import type { CampaignQueriesPort } from '../crm/campaigns/campaign-queries.port.ts';
import { registerWhatsAppRoutes } from './admin/whatsapp.routes.ts';
import { registerCodConfirmationRoutes } from './admin/cod-confirmation.routes.ts';
import { registerProductRoutes } from './admin/products.routes.ts';
import { unsubscribeRouter } from './unsubscribe/unsubscribe.routes.ts';
import { trackingRouter } from './links/tracking.routes.ts';
import type { MessagingSettingsPort } from '../crm/messaging/messaging-settings.port.ts';
import type { WebhooksPort } from '../crm/webhooks/webhooks.port.ts';
import { registerWebhookRoutes } from './admin/webhooks.routes.ts';
import { HttpError } from './errors.ts';
import { adminAuth } from './middleware/auth.ts';
import { crossSiteGuard } from './middleware/cross-site.ts';
import { errorHandler } from './middleware/error-handler.ts';
import { refuseDuringUnitOfWork } from './middleware/unit-of-work.ts';
import { apiNoStore, securityHeaders } from './middleware/security-headers.ts';
import { storefrontRouter } from './storefront/storefront.routes.ts';
import { createWebhookIntake } from './webhooks/intake.ts';
import type { InsightsPort } from '../crm/insights/insights.port.ts';
import type { SegmentSyncPort } from '../crm/segments/segment-sync.port.ts';
import type { MessageTemplates } from '../crm/messaging/templates/message-templates.service.ts';
import type { MessageQueriesPort } from '../crm/messaging/messages.port.ts';
import type { WhatsAppNumbersPort } from '../crm/messaging/whatsapp/numbers.port.ts';
import type { WhatsAppWebhookQueue } from '../crm/messaging/whatsapp/webhook-queue.port.ts';
import type { SupportAddressesPort } from '../crm/service/tickets.port.ts';
import type { TicketQueriesPort } from '../crm/service/ticket-queries.port.ts';
import type { TicketActions } from '../crm/service/ticket-actions.service.ts';
import { registerTicketRoutes } from './admin/tickets.routes.ts';

/** What the edge reads and writes through besides the CRM store; composition.ts implements it. */
export type AppPorts = {
  accounts: AccountsPort;
  connections: ConnectionsPort;
  staffAuth: StaffAuthPort;
  /** Keyed hash of a shopper's IP (referral limits). */
  ipHash: (ip: string) => string;
  customers: CustomerQueriesPort;
  customerNotes: CustomerNotes;
  analytics: AnalyticsQueriesPort;
  /** The Analytics page's reports (retention, repeat purchase, loyalty ROI, cash on delivery, products). */
  analyticsReports: AnalyticsReportsPort;
  dataRequests: DataRequestsPort;
  onboarding: OnboardingPort;
  segments: SegmentsPort;
  segmentQueries: SegmentQueriesPort;
  /** How far mirrored segments have got at the stores. */
  segmentSync: SegmentSyncPort;
  /** Each customer's stored predictions and RFM scores (the profile's `insights`). */
  insights: InsightsPort;
  /** Message templates: storage, checks and previews (crm/messaging/templates). */
  messageTemplates: MessageTemplates;
  /** Outbound webhooks: merchants' subscriptions and their deliveries (crm/webhooks). */
  webhooks: WebhooksPort;
  /** Automated flows' settings and figures (crm/flows). */
  flows: Flows;
  /** Messages to shoppers: the admin's read model, the unsubscribe links' key, where email goes (`outbox`: nowhere). */
  messaging: {
    queries: MessageQueriesPort;
    unsubscribeKey: Buffer;
    /** The key of tracked links and the open pixel. */
    trackingKey: Buffer;
    settings: MessagingSettingsPort;
    emailProvider: 'smtp' | 'outbox';
  };
  /** Campaigns: drafts, schedule, cancel (crm/campaigns), and their read model and report facts. */
  campaigns: Campaigns;
  campaignQueries: CampaignQueriesPort;
  /** Each shop's WhatsApp number (token sealed) and the received webhook values (crm/messaging/whatsapp). */
  whatsapp: { numbers: WhatsAppNumbersPort; webhooks: WhatsAppWebhookQueue };
  /** The stores' products and variants (crm/catalogue), for quotes. */
  catalogue: CatalogueReadModel;
  /** The service inbox: tickets (staff actions and replies), the Inbox's read model, each shop's support address (crm/service). */
  service: { addresses: SupportAddressesPort; queries: TicketQueriesPort; actions: TicketActions };
};

export type AppDeps = AppPorts & {
  config: Config;
  logger: Logger;
  inbox: InboxQueue;
  store: CrmStore;
  discountIssuers: DiscountIssuers;
  /** WooCommerce connect and sync routes (runtime.wooSync / runtime.wooConnect); omitted, they are not mounted. */
  wooSync?: WooSync;
  wooConnect?: WooConnect;
  /** The installable Shopify app (runtime.shopify): session-token auth with token exchange, import routes. */
  shopify?: ShopifyApp;
  /** Disconnecting a store on either platform (runtime.disconnect); omitted, the route is not mounted. */
  disconnect?: Disconnect;
  /** False while starting or draining: readiness answers 503 so a load balancer holds traffic back. */
  isReady?: () => boolean;
  /** This process's background checks (database, queue, Redis) that readiness reports. */
  healthMonitor?: HealthMonitor;
  /** Rate limits, one-time states and caches every web process shares (runtime.sharedState); omitted, in memory (one process). */
  sharedState?: SharedState;
  /** Failed-login throttling; on `sharedState` unless given. */
  loginLimiter?: LoginLimiter;
  /** The inbox worker's heartbeat (runtime.workerDeps.beat), shown by anonymous health. */
  workerBeat?: WorkerBeat;
  /** The built admin panel (`npm run build:web`); defaults to web/dist. */
  webDist?: string;
};

const defaultWebDist = fileURLToPath(new URL('../../web/dist', import.meta.url));

/**
 * Builds the request handler without listening, so tests and main.ts share it: webhook
 * deliveries on a bare node:http fast path, everything else through Express.
 */
export function createApp(deps: AppDeps): { app: Express; handler: RequestListener; registry: RouteRegistry } {
  const app = express();
  app.disable('x-powered-by');
  const trust = deps.config.TRUST_PROXY;
  app.set('trust proxy', /^\d+$/.test(trust) ? Number(trust) : trust);
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      // Successful webhook acks are the hot path; log them at debug only.
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      serializers: {
        req: (req) => ({ id: req.id, method: req.method, url: String(req.url).split('?')[0] }),
        res: (res) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(securityHeaders());
  app.use('/api', apiNoStore);

  const registry = new RouteRegistry();
  // The storefront's running points campaigns, forgotten per account when the admin API changes one.
  const runningCampaigns = runningCampaignsCache();
  const isReady = deps.isReady ?? (() => true);
  registerHealthRoutes(registry, {
    isReady,
    workerBeat: deps.workerBeat,
    monitor: deps.healthMonitor,
    redisReachable: deps.sharedState?.reachable,
  });
  registerAuthRoutes(registry, deps);
  registerSetupRoutes(registry, deps);
  registerCustomerRoutes(registry, deps);
  registerLoyaltyRoutes(registry, deps);
  registerTierRoutes(registry, deps);
  registerPointsCampaignRoutes(registry, { ...deps, runningCampaigns });
  registerReferralRoutes(registry, deps);
  registerRewardsRoutes(registry, deps);
  registerExtensionRoutes(registry, deps);
  if (deps.wooSync && deps.wooConnect)
    registerWooCommerceRoutes(registry, { connections: deps.connections, wooSync: deps.wooSync, wooConnect: deps.wooConnect });
  registerCustomerNotesRoutes(registry, deps);
  registerAnalyticsRoutes(registry, deps);
  registerAnalyticsReportRoutes(registry, deps);
  registerSegmentRoutes(registry, deps);
  registerMessageTemplateRoutes(registry, deps);
  registerFlowRoutes(registry, deps);
  registerStaffRoutes(registry, deps);
  registerInboxRoutes(registry, { inbox: deps.inbox, isReady });
  registerConnectionRoutes(registry, deps);
  registerPrivacyRoutes(registry, deps);
  registerOnboardingRoutes(registry, deps);
  registerMessagesRoutes(registry, deps);
  registerWebhookRoutes(registry, deps);
  registerCampaignRoutes(registry, deps);
  registerWhatsAppRoutes(registry, deps);
  registerCodConfirmationRoutes(registry, deps);
  registerProductRoutes(registry, deps);
  registerTicketRoutes(registry, deps);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openApiDocument(registry, publicUrl(deps.config)));
  });
  if (deps.shopify) registerShopifySyncRoutes(registry, { connections: deps.connections, shopify: deps.shopify });
  // Before any admin route: cookie-borne state changes must come from our own page.
  app.use('/api', crossSiteGuard(deps.config));
  if (deps.wooSync && deps.wooConnect) app.use(platformCallbacksRouter({ wooConnect: deps.wooConnect }));
  app.use(registry.mount(adminAuth(deps.config, deps.staffAuth, deps.shopify?.auth ?? undefined)));
  app.use(
    '/storefront',
    storefrontRouter({
      ...deps,
      runningCampaigns,
      issuerFor: deps.discountIssuers.issuerFor,
      recordStorefrontSeen: (connectionId, accountId) => deps.onboarding.recordStorefrontSeen(connectionId, accountId),
    }),
  );

  // Before the panel's client-side routes, which would answer any other GET.
  app.use(unsubscribeRouter({ store: deps.store, unsubscribeKey: deps.messaging.unsubscribeKey, sharedState: deps.sharedState }));
  app.use(trackingRouter({ store: deps.store, trackingKey: deps.messaging.trackingKey, sharedState: deps.sharedState }));

  app.use('/api', (_req, _res, next) => next(new HttpError('not_found', 'No such API route')));
  serveAdmin(app, deps.webDist ?? defaultWebDist, deps.config.SHOPIFY_API_KEY);
  app.use(errorHandler);
  const intake = createWebhookIntake(deps);
  const handler = refuseDuringUnitOfWork((req: IncomingMessage, res: ServerResponse) => {
    if (!intake(req, res)) app(req, res);
  }, deps.logger);
  return { app, handler, registry };
}

/**
 * The admin panel at `/`: hashed assets cached for a year, index.html never cached, and every
 * other GET outside /api and /webhooks falls back to index.html for client-side routes.
 */
function serveAdmin(app: Express, dist: string, shopifyApiKey: string | undefined): void {
  app.use(
    express.static(dist, {
      index: false,
      setHeaders: (res, path) =>
        res.setHeader('cache-control', path.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
    }),
  );
  app.get(/^\/(?!api(?:\/|$)|webhooks(?:\/|$))(?!.*\.\w+$)/, async (req, res) => {
    // Read per request (it is 1 KB): a rebuild takes effect without a restart.
    const html = await readFile(join(dist, 'index.html'), 'utf8').catch(() => null);
    if (html === null) {
      res.status(503).type('text/plain').send('The admin panel is not built: run `npm run build:web` (npm start does it for you).');
      return;
    }
    // Opened inside Shopify admin (host/shop in the query): App Bridge goes first in <head>, as
    // Shopify requires. Standalone pages load no third-party script at all.
    const embedded = Boolean(req.query.host || req.query.shop) && Boolean(shopifyApiKey);
    const page = embedded ? html.replace('<!-- rapport:app-bridge -->', appBridgeTags(shopifyApiKey ?? '')) : html;
    res.setHeader('cache-control', 'no-cache');
    res.type('html').send(page);
  });
}

function appBridgeTags(apiKey: string): string {
  const escaped = apiKey.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<meta name="shopify-api-key" content="${escaped}" />\n    <script src="https://cdn.shopify.com/shopifycloud/app-bridge.js"></script>`;
}
