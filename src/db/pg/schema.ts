import * as sqlite from '../schema/index.ts';
import { twinBuilder, type Overrides } from './twin.ts';

// The PostgreSQL tables, built at import time from the SQLite tables in ../schema (the one source
// of truth) by the conventions in ./twin.ts. Every table is exported under its SQLite export name:
// drizzle-kit (drizzle.pg.config.ts) collects the exported tables, and
// test/unit/db/pg-schema.test.ts fails when a SQLite table has no twin here.

/** Where a column departs from the conventions (`table.column`), and why. */
export const OVERRIDES: Overrides = {
  // Set to "now" when the tier changes: an instant, though not named *_at.
  'loyalty_members.tier_since': { type: 'instant' },
  // Shopify's X-Shopify-Triggered-At header, stored as received: a header we do not control must
  // never make the acknowledging insert fail to parse.
  'webhook_inbox.triggered_at': { type: 'text' },
  // Points earned, or minor units spent, in the qualifying period: spend thresholds in currencies
  // with small units (PKR paisa) pass 2^31.
  'tiers.threshold': { type: 'bigint' },
};

const twin = twinBuilder(OVERRIDES);

export const accounts = twin(sqlite.accounts);
export const connections = twin(sqlite.connections);
export const adminUsers = twin(sqlite.adminUsers);
export const adminSessions = twin(sqlite.adminSessions);

export const webhookInbox = twin(sqlite.webhookInbox);
export const webhookDedupe = twin(sqlite.webhookDedupe);
export const shopifyUnknownShopDeliveries = twin(sqlite.shopifyUnknownShopDeliveries);
export const webhookInboxCounts = twin(sqlite.webhookInboxCounts);

export const customers = twin(sqlite.customers);
export const customerIdentities = twin(sqlite.customerIdentities);
export const addresses = twin(sqlite.addresses);
export const customerTags = twin(sqlite.customerTags);
export const customerNotes = twin(sqlite.customerNotes);
export const timelineEvents = twin(sqlite.timelineEvents);
export const dataRequests = twin(sqlite.dataRequests);
export const erasureTombstones = twin(sqlite.erasureTombstones);
export const customerMerges = twin(sqlite.customerMerges);
export const customerConsents = twin(sqlite.customerConsents);

export const orders = twin(sqlite.orders);
export const lineItems = twin(sqlite.lineItems);
export const refunds = twin(sqlite.refunds);

export const loyaltyPrograms = twin(sqlite.loyaltyPrograms);
export const loyaltyMembers = twin(sqlite.loyaltyMembers);
export const pointsLedger = twin(sqlite.pointsLedger);
export const orderAwards = twin(sqlite.orderAwards);
export const rewards = twin(sqlite.rewards);
export const redemptions = twin(sqlite.redemptions);
export const tiers = twin(sqlite.tiers);
export const referrals = twin(sqlite.referrals);
export const pointsCampaigns = twin(sqlite.pointsCampaigns);
export const pointsCampaignOrders = twin(sqlite.pointsCampaignOrders);

export const customerScores = twin(sqlite.customerScores);
export const insightsModels = twin(sqlite.insightsModels);
export const segments = twin(sqlite.segments);
export const segmentMembers = twin(sqlite.segmentMembers);
export const segmentSizes = twin(sqlite.segmentSizes);
export const segmentSyncQueue = twin(sqlite.segmentSyncQueue);
export const segmentSyncChecks = twin(sqlite.segmentSyncChecks);
export const segmentTagPushes = twin(sqlite.segmentTagPushes);
export const messageTemplates = twin(sqlite.messageTemplates);

export const shopifySessions = twin(sqlite.shopifySessions);
export const syncRuns = twin(sqlite.syncRuns);
export const connectionSyncState = twin(sqlite.connectionSyncState);
export const platformOutbox = twin(sqlite.platformOutbox);
export const jobState = twin(sqlite.jobState);

export const onboardingMarks = twin(sqlite.onboardingMarks);
export const storefrontFirstSeen = twin(sqlite.storefrontFirstSeen);

export const rateLimits = twin(sqlite.rateLimits);
export const sharedEntries = twin(sqlite.sharedEntries);

export const messages = twin(sqlite.messages);
export const messageBodies = twin(sqlite.messageBodies);
export const messageEvents = twin(sqlite.messageEvents);
export const messageSuppressions = twin(sqlite.messageSuppressions);
export const orderAttributions = twin(sqlite.orderAttributions);
export const messagingSettings = twin(sqlite.messagingSettings);
export const webhookSubscriptions = twin(sqlite.webhookSubscriptions);
export const webhookDeliveries = twin(sqlite.webhookDeliveries);

export const eventQueue = twin(sqlite.eventQueue);
export const flows = twin(sqlite.flows);
export const flowSkips = twin(sqlite.flowSkips);
export const automationTriggers = twin(sqlite.automationTriggers);

export const campaigns = twin(sqlite.campaigns);
export const campaignRecipients = twin(sqlite.campaignRecipients);
export const campaignSettings = twin(sqlite.campaignSettings);

export const whatsappNumbers = twin(sqlite.whatsappNumbers);
export const whatsappWebhooks = twin(sqlite.whatsappWebhooks);
export const inboundMessages = twin(sqlite.inboundMessages);
export const codConfirmationSettings = twin(sqlite.codConfirmationSettings);
export const codConfirmations = twin(sqlite.codConfirmations);

export const products = twin(sqlite.products);
export const productVariants = twin(sqlite.productVariants);
export const checkouts = twin(sqlite.checkouts);
export const serviceSettings = twin(sqlite.serviceSettings);
export const tickets = twin(sqlite.tickets);
export const ticketTags = twin(sqlite.ticketTags);
export const ticketOrders = twin(sqlite.ticketOrders);
export const ticketMessages = twin(sqlite.ticketMessages);
export const ticketAttachments = twin(sqlite.ticketAttachments);
export const ticketAttachmentData = twin(sqlite.ticketAttachmentData);
export const inboundMail = twin(sqlite.inboundMail);
