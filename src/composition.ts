import { createSegmentSyncRepo } from './db/segment-sync.repo.ts';
import { createCampaigns } from './crm/campaigns/campaigns.service.ts';
import { createCampaignQueries } from './db/queries/campaigns.query.ts';
import { createCustomerNotes } from './crm/customers/customer-notes.service.ts';
import type { ComposeDeps } from './crm/messaging/compose.service.ts';
import { createMessageTemplates } from './crm/messaging/templates/message-templates.service.ts';
import { createFlows } from './crm/flows/flows.service.ts';
import { createFlowFiguresQuery } from './db/queries/flows.query.ts';
import { refreshCustomers } from './crm/segments/membership.service.ts';
import type { CrmStore } from './crm/store.port.ts';
import { createInsightsRepo } from './db/insights.repo.ts';
import { createMessageTemplatesRepo } from './db/message-templates.repo.ts';
import { createOnboardingRepo } from './db/onboarding.repo.ts';
import {
  createAnalyticsQueries,
  createAnalyticsReports,
  createCustomerNotesRepo,
  createCustomerQueries,
  createDataRequestQueries,
  createMessageQueries,
  createSegmentQueries,
} from './db/read-models.ts';
import { createSegmentsRepo } from './db/segments.repo.ts';
import { createWebhooksRepo } from './db/outbound-webhooks.repo.ts';
import { deriveKey } from './lib/crypto.ts';
import type { SqlDatabase } from './db/sql/database.ts';
import type { Tenancy } from './db/tenancy.repo.ts';
import type { AppPorts } from './http/app.ts';
import { createIpHasher } from './lib/ip-hash.ts';
import { createWhatsAppNumbers, createWhatsAppWebhookQueue } from './db/whatsapp.repo.ts';
import { createCatalogueQueries } from './db/queries/catalogue.query.ts';

// The ports and read models the HTTP edge asks for (AppPorts, declared by http/app.ts), given
// their implementations over the database handle (SQLite or PostgreSQL; tenancy is still
// SQLite-only, #15): the one place that hands them concrete adapters.

export function createAppPorts(
  database: SqlDatabase,
  tenancy: Tenancy,
  encryptionKey: Buffer,
  store: CrmStore,
  messaging: Omit<AppPorts['messaging'], 'queries'>,
  /** The renderer and merge facts messages are composed with, shared with the sender's side. */
  templating: Pick<ComposeDeps, 'renderer' | 'facts'>,
  /** The service inbox's actions, read model and support addresses (runtime.service.ts). */
  service: AppPorts['service'],
): AppPorts {
  const customers = createCustomerQueries(database);
  const templates = createMessageTemplatesRepo(database);
  return {
    accounts: tenancy,
    connections: tenancy,
    staffAuth: tenancy,
    ipHash: createIpHasher(encryptionKey),
    customers,
    customerNotes: createCustomerNotes({
      notes: createCustomerNotesRepo(database),
      queries: customers,
      tagsChanged: (accountId, ids) => refreshCustomers(store, accountId, ids),
    }),
    analytics: createAnalyticsQueries(database),
    analyticsReports: createAnalyticsReports(database),
    dataRequests: createDataRequestQueries(database),
    onboarding: createOnboardingRepo(database),
    segments: createSegmentsRepo(database),
    segmentQueries: createSegmentQueries(database),
    segmentSync: createSegmentSyncRepo(database),
    insights: createInsightsRepo(database),
    flows: createFlows({ store, templates, figures: createFlowFiguresQuery(database) }),
    messageTemplates: createMessageTemplates({
      templates,
      ...templating,
      store,
    }),
    messaging: { queries: createMessageQueries(database), ...messaging },
    webhooks: createWebhooksRepo(database, deriveKey(encryptionKey, 'webhook-secrets')),
    campaigns: createCampaigns({ store, templates: createMessageTemplatesRepo(database), segments: createSegmentsRepo(database) }),
    campaignQueries: createCampaignQueries(database),
    service,
    whatsapp: {
      numbers: createWhatsAppNumbers(database, whatsAppTokenKey(encryptionKey)),
      webhooks: createWhatsAppWebhookQueue(database),
    },
    catalogue: createCatalogueQueries(database),
  };
}

/** The key WhatsApp access tokens are sealed with (its own purpose: a leak of one derived key opens nothing else). */
export function whatsAppTokenKey(encryptionKey: Buffer): Buffer {
  return deriveKey(encryptionKey, 'whatsapp-token');
}
