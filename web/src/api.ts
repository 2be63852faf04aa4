import type { z } from 'zod';
import type {
  churnResponse,
  clvResponse,
  codResponse,
  loyaltyRoiResponse,
  modelCheckResponse,
  productsResponse,
  repeatPurchaseResponse,
  retentionResponse,
} from '../../src/http/admin/analytics-reports.schemas.ts';
import type { analyticsSummaryResponse, kpiSchema } from '../../src/http/admin/analytics.schemas.ts';
import type { loginResponse, logoutResponse } from '../../src/http/admin/auth.schemas.ts';
import type { connectionView, connectionsResponse, disconnectResponse } from '../../src/http/admin/connections.schemas.ts';
import type { bulkTagResponse, note, notesResponse, tagState } from '../../src/http/admin/customer-notes.schemas.ts';
import type {
  customerListResponse,
  customerProfile,
  customerSummary,
  listedCustomer,
  money,
  timelineEvent,
  timelinePage,
} from '../../src/http/admin/customers.schemas.ts';
import type { inboxHealthResponse, inboxResponse, retryResponse } from '../../src/http/admin/inbox.schemas.ts';
import type {
  adjustPointsResponse,
  backtestResponse,
  ledgerEntry,
  ledgerPage,
  previewResponse,
  programResponse,
  savedProgramResponse,
} from '../../src/http/admin/loyalty.schemas.ts';
import type {
  deleteTemplateResponse,
  mergeFieldsResponse,
  messageTemplate,
  messageTemplatesResponse,
  templatePreview,
} from '../../src/http/admin/message-templates.schemas.ts';
import type {
  createdSubscriptionResponse,
  deliveriesResponse,
  subscriptionSchema,
  subscriptionsResponse,
  testDeliveryResponse,
} from '../../src/http/admin/webhooks.schemas.ts';
import type {
  messageResponse,
  messagesResponse,
  messagingSettingsInput,
  messagingSettingsSchema,
  testMessageResponse,
} from '../../src/http/admin/messages.schemas.ts';
import type { flow, flowPatch, flowsResponse } from '../../src/http/admin/flows.schemas.ts';
import type {
  audienceFilters,
  audienceSizeResponse,
  campaignInput,
  campaignReport,
  campaignSchema,
  campaignsResponse,
  cancelResponse,
  frequencyCapSchema,
  recipientsResponse,
} from '../../src/http/admin/campaigns.schemas.ts';
import type { onboardingState } from '../../src/http/admin/onboarding.schemas.ts';
import type { dataRequest, dataRequestsResponse, eraseResponse, fulfilResponse } from '../../src/http/admin/privacy.schemas.ts';
import type {
  campaignPresetsResponse,
  pointsCampaignDetail,
  pointsCampaignsResponse,
} from '../../src/http/admin/points-campaigns.schemas.ts';
import type { referralsResponse } from '../../src/http/admin/referrals.schemas.ts';
import type { deleteRewardResponse, redemptionsResponse, rewardSchema, rewardsResponse } from '../../src/http/admin/rewards.schemas.ts';
import type {
  deleteSegmentResponse,
  membersResponse,
  previewResponse as segmentPreviewResponse,
  queryErrorDetails,
  segmentFieldSchema,
  segmentSyncResponse,
  segmentFieldsResponse,
  segmentMemberSchema,
  segmentSchema,
  segmentsResponse,
} from '../../src/http/admin/segments.schemas.ts';
import type { ownerResponse, setupResponse } from '../../src/http/admin/setup.schemas.ts';
import type { shopifyBackfillResponse, shopifyRunView, shopifySyncResponse } from '../../src/http/admin/shopify-sync.schemas.ts';
import type { deleteStaffResponse, staffListResponse, staffUser } from '../../src/http/admin/staff.schemas.ts';
import type { deleteTierResponse, tierSchema, tiersResponse } from '../../src/http/admin/tiers.schemas.ts';
import type {
  webhookHealth,
  wooAuthorizeResponse,
  wooConnectResponse,
  wooReconcileResponse,
  wooRunView,
  wooSyncResponse,
} from '../../src/http/admin/woocommerce.schemas.ts';
import type { whatsAppDeleteResponse, whatsAppNumber, whatsAppSettingsResponse } from '../../src/http/admin/whatsapp.schemas.ts';
import type { codSettingsResponse } from '../../src/http/admin/cod-confirmation.schemas.ts';
import { isEmbedded } from './mode.ts';

// The admin API client. Response types are inferred from the zod schemas beside the routes
// (src/http/admin/*.schemas.ts), imported as types only: the bundle carries neither server code
// nor zod, and a schema change that breaks a page fails `tsc -p web`.

export type Money = z.infer<typeof money>;
export type CustomerSummary = z.infer<typeof customerSummary>;
/** A row of the customers list: also what was spent in other currencies than the account's. */
export type ListedCustomer = z.infer<typeof listedCustomer>;
export type CustomerPage = z.infer<typeof customerListResponse>;
export type TimelineEvent = z.infer<typeof timelineEvent>;
export type TimelinePage = z.infer<typeof timelinePage>;
export type CustomerProfile = z.infer<typeof customerProfile>;
export type Order = CustomerProfile['orders'][number];

export type LedgerEntry = z.infer<typeof ledgerEntry>;
export type LedgerPage = z.infer<typeof ledgerPage>;
export type Note = z.infer<typeof note>;
export type TagState = z.infer<typeof tagState>;

export type ProgramReply = z.infer<typeof programResponse>;
export type ProgramSettings = ProgramReply['proposed'];
export type Trigger = ProgramSettings['earning']['triggers']['card'];
export type Backtest = z.infer<typeof backtestResponse>;
export type Preview = z.infer<typeof previewResponse>;
export type Reward = z.infer<typeof rewardSchema>;
export type Tier = z.infer<typeof tierSchema>;
export type Kpis = z.infer<typeof kpiSchema>;
export type AnalyticsSummary = z.infer<typeof analyticsSummaryResponse>;
export type RetentionReport = z.infer<typeof retentionResponse>;
export type RepeatPurchaseReport = z.infer<typeof repeatPurchaseResponse>;
export type LoyaltyRoiReport = z.infer<typeof loyaltyRoiResponse>;
export type CodReport = z.infer<typeof codResponse>;
export type ProductsReport = z.infer<typeof productsResponse>;
export type ClvReport = z.infer<typeof clvResponse>;
export type ChurnReport = z.infer<typeof churnResponse>;
export type ModelCheckReport = z.infer<typeof modelCheckResponse>;
/** The Analytics page's reports, each at `/api/analytics/<name>` and `/api/analytics/<name>.csv`. */
export type ReportName = 'retention' | 'repeat-purchase' | 'loyalty' | 'cod' | 'products' | 'clv' | 'churn' | 'model-check';
/** The list's filters as the URL carries them (parsed by src/http/admin/customers.filters.ts). */
export type CustomerFilters = {
  tags?: string;
  tier?: string;
  minOrders?: string;
  maxOrders?: string;
  minSpent?: string;
  maxSpent?: string;
  lastOrderFrom?: string;
  lastOrderTo?: string;
  paymentMethod?: string;
};

export type Connection = z.infer<typeof connectionView>;
export type Health = z.infer<typeof inboxHealthResponse>;
export type InboxList = z.infer<typeof inboxResponse>;

/** A sync run (Shopify: running/completed/failed with an ETA; WooCommerce: running/done/failed, no ETA). */
export type SyncRunView = z.infer<typeof wooRunView> & Partial<Pick<z.infer<typeof shopifyRunView>, 'etaSeconds'>>;
export type WebhookHealth = z.infer<typeof webhookHealth>;
export type ShopifySync = z.infer<typeof shopifySyncResponse>;
export type WooSync = z.infer<typeof wooSyncResponse>;
export type WooConnectReply = z.infer<typeof wooConnectResponse>;
export type WooReconcileReply = z.infer<typeof wooReconcileResponse>;

export type StaffUser = z.infer<typeof staffUser>;
export type DataRequest = z.infer<typeof dataRequest>;

export type Segment = z.infer<typeof segmentSchema>;
export type SegmentField = z.infer<typeof segmentFieldSchema>;
export type SegmentSync = z.infer<typeof segmentSyncResponse>;
export type SegmentFields = z.infer<typeof segmentFieldsResponse>;
export type SegmentMember = z.infer<typeof segmentMemberSchema>;
export type SegmentMembersPage = z.infer<typeof membersResponse>;
export type SegmentPreview = z.infer<typeof segmentPreviewResponse>;
/** Where a segment query went wrong (`details` of the 400). */
export type QueryErrorDetails = z.infer<typeof queryErrorDetails>;

export type FieldIssue = { path: string; message: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = undefined,
  ) {
    super(message);
  }

  /** Field-level problems (`error.details[]` of a 400), keyed by dotted path. */
  get fields(): Record<string, string> {
    const out: Record<string, string> = {};
    if (Array.isArray(this.details)) {
      for (const d of this.details as FieldIssue[]) if (typeof d?.path === 'string' && !(d.path in out)) out[d.path] = d.message;
    }
    return out;
  }
}

// Standalone login token, kept in memory only: the HttpOnly `rapport_session` cookie set by
// POST /api/auth/login carries the session across reloads without exposing it to scripts.
let loginToken: string | null = null;
let onUnauthorized: () => void = () => undefined;

export function setLoginToken(token: string | null): void {
  loginToken = token;
}

export function onSessionLost(listener: () => void): void {
  onUnauthorized = listener;
}

async function authHeader(): Promise<Record<string, string>> {
  // App Bridge v4 also patches fetch, but asking for the token makes the dependency explicit.
  if (isEmbedded()) return { authorization: `Bearer ${await window.shopify.idToken()}` };
  return loginToken ? { authorization: `Bearer ${loginToken}` } : {};
}

export async function authorizedFetch(path: string): Promise<Response> {
  return fetch(path, { headers: await authHeader(), credentials: 'same-origin' });
}

export async function api<T>(
  path: string,
  init: { method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; body?: unknown; auth?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...(init.auth === false ? {} : await authHeader()) };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method: init.method ?? 'GET',
    headers,
    credentials: 'same-origin',
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const payload = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: unknown } } | null;
  if (!res.ok) {
    const err = new ApiError(
      res.status,
      payload?.error?.code ?? 'http_error',
      payload?.error?.message ?? res.statusText,
      payload?.error?.details,
    );
    if (res.status === 401 && init.auth !== false) onUnauthorized();
    throw err;
  }
  return payload as T;
}

export function qs(params: Record<string, string | number | undefined | null>): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') s.set(k, String(v));
  const out = s.toString();
  return out ? `?${out}` : '';
}

export type MessageTemplate = z.infer<typeof messageTemplate>;
export type Flow = z.infer<typeof flow>;
export type FlowPatch = z.input<typeof flowPatch>;
export type TemplateVariants = MessageTemplate['variants'];
export type TemplateInput = Pick<MessageTemplate, 'name' | 'purpose' | 'variants'> & { channel: 'email' | 'whatsapp' };
export type TemplatePreview = z.infer<typeof templatePreview>;
/** One problem of a template that does not compile (`details.problems[]` of the 400). */
/** `part`: subject, body, text; WhatsApp: whatsapp, template, params.N (N from 1). */
export type TemplateProblem = { language: string; part: string; message: string; line?: number };
export type MessagesPage = z.infer<typeof messagesResponse>;
export type MessageSummary = MessagesPage['messages'][number];
export type MessageDetail = z.infer<typeof messageResponse>;
export type MessageStatus = MessageSummary['status'];
export type MessageEventStatus = MessageDetail['events'][number]['status'];
export type MessagingSettings = z.infer<typeof messagingSettingsSchema>;
export type WebhookSubscription = z.infer<typeof subscriptionSchema>;
export type WebhookDelivery = z.infer<typeof deliveriesResponse>['deliveries'][number];
export type MessagingSettingsInput = z.infer<typeof messagingSettingsInput>;

export type Onboarding = z.infer<typeof onboardingState>;
export type OnboardingStepId = Onboarding['steps'][number]['id'];

/** Message campaigns (Messages › Campaigns); `PointsCampaign` below is the loyalty kind. */
export type MessageCampaign = z.infer<typeof campaignSchema>;
export type MessageCampaignInput = z.input<typeof campaignInput>;
export type MessageCampaignStatus = MessageCampaign['status'];
export type AudienceFilters = z.infer<typeof audienceFilters>;
export type MessageCampaignReport = z.infer<typeof campaignReport>;
export type MessageCampaignRecipients = z.infer<typeof recipientsResponse>;
export type FrequencyCap = z.infer<typeof frequencyCapSchema>;

export type PointsCampaign = z.infer<typeof pointsCampaignDetail>;
export type CampaignPreset = z.infer<typeof campaignPresetsResponse>['presets'][number];
/** The body of POST /api/points-campaigns and PATCH (a subset): windows as the shop's wall time. */
export type CampaignBody = {
  preset?: CampaignPreset['key'];
  name?: string;
  kind?: 'multiplier' | 'bonus';
  multiplier?: number;
  bonusPoints?: number;
  minOrderAmount?: string | null;
  audience?: PointsCampaign['audience'];
  startsAt?: string;
  endsAt?: string;
  messages?: PointsCampaign['messages'];
};

export const endpoints = {
  flows: () => api<z.infer<typeof flowsResponse>>('/api/flows'),
  updateFlow: (kind: Flow['kind'], body: FlowPatch) => api<Flow>(`/api/flows/${encodeURIComponent(kind)}`, { method: 'PATCH', body }),
  useDefaultFlowTemplate: (kind: Flow['kind']) => api<Flow>(`/api/flows/${encodeURIComponent(kind)}/default-template`, { method: 'POST' }),
  pointsCampaigns: () => api<z.infer<typeof pointsCampaignsResponse>>('/api/points-campaigns'),
  campaignPresets: () => api<z.infer<typeof campaignPresetsResponse>>('/api/points-campaigns/presets'),
  saveCampaign: (id: string | null, body: CampaignBody) =>
    id
      ? api<PointsCampaign>(`/api/points-campaigns/${encodeURIComponent(id)}`, { method: 'PATCH', body })
      : api<PointsCampaign>('/api/points-campaigns', { method: 'POST', body }),
  cancelCampaign: (id: string) => api<PointsCampaign>(`/api/points-campaigns/${encodeURIComponent(id)}/cancel`, { method: 'POST' }),
  messageCampaigns: (p: { after?: string | null; first?: number }) => api<z.infer<typeof campaignsResponse>>(`/api/campaigns${qs(p)}`),
  messageCampaign: (id: string) => api<MessageCampaign>(`/api/campaigns/${encodeURIComponent(id)}`),
  saveMessageCampaign: (id: string | null, body: MessageCampaignInput) =>
    id
      ? api<MessageCampaign>(`/api/campaigns/${encodeURIComponent(id)}`, { method: 'PUT', body })
      : api<MessageCampaign>('/api/campaigns', { method: 'POST', body }),
  scheduleMessageCampaign: (id: string, sendAt: string | null) =>
    api<MessageCampaign>(`/api/campaigns/${encodeURIComponent(id)}/schedule`, { method: 'POST', body: { sendAt } }),
  cancelMessageCampaign: (id: string) =>
    api<z.infer<typeof cancelResponse>>(`/api/campaigns/${encodeURIComponent(id)}/cancel`, { method: 'POST' }),
  messageCampaignReport: (id: string) => api<MessageCampaignReport>(`/api/campaigns/${encodeURIComponent(id)}/report`),
  messageCampaignRecipients: (id: string, p: { group?: string; after?: string | null; first?: number }) =>
    api<MessageCampaignRecipients>(`/api/campaigns/${encodeURIComponent(id)}/recipients${qs(p)}`),
  messageCampaignAudienceSize: (audience: MessageCampaignInput['audience']) =>
    api<z.infer<typeof audienceSizeResponse>>('/api/campaigns/audience-size', { method: 'POST', body: { audience } }),
  campaignSettings: () => api<FrequencyCap>('/api/campaign-settings'),
  saveCampaignSettings: (body: FrequencyCap) => api<FrequencyCap>('/api/campaign-settings', { method: 'PUT', body }),
  messageTemplates: () => api<z.infer<typeof messageTemplatesResponse>>('/api/message-templates'),
  mergeFields: () => api<z.infer<typeof mergeFieldsResponse>>('/api/message-templates/fields'),
  saveMessageTemplate: (id: string | null, body: TemplateInput) =>
    id
      ? api<MessageTemplate>(`/api/message-templates/${encodeURIComponent(id)}`, { method: 'PUT', body })
      : api<MessageTemplate>('/api/message-templates', { method: 'POST', body }),
  deleteMessageTemplate: (id: string) =>
    api<z.infer<typeof deleteTemplateResponse>>(`/api/message-templates/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  previewTemplate: (id: string, body: { language?: string; customerId?: string }) =>
    api<TemplatePreview>(`/api/message-templates/${encodeURIComponent(id)}/preview`, { method: 'POST', body }),
  previewTemplateDraft: (body: { variants: TemplateVariants; channel?: 'email' | 'whatsapp'; language?: string; customerId?: string }) =>
    api<TemplatePreview>('/api/message-templates/preview', { method: 'POST', body }),
  login: (email: string, password: string) =>
    api<z.infer<typeof loginResponse>>('/api/auth/login', { method: 'POST', body: { email, password }, auth: false }),
  setup: () => api<z.infer<typeof setupResponse>>('/api/setup', { auth: false }),
  createOwner: (body: { shopName: string; currency: string; email: string; password: string }) =>
    api<z.infer<typeof ownerResponse>>('/api/setup/owner', { method: 'POST', body, auth: false }),
  customers: (p: { query?: string; sort?: string; after?: string | null; first?: number } & CustomerFilters) =>
    api<CustomerPage>(`/api/customers${qs(p)}`),
  exportUrl: (p: { query?: string; sort?: string } & CustomerFilters) => `/api/customers/export.csv${qs(p)}`,
  customer: (id: string) => api<CustomerProfile>(`/api/customers/${encodeURIComponent(id)}`),
  timeline: (id: string, p: { after?: string | null; kind?: string; first?: number }) =>
    api<TimelinePage>(`/api/customers/${encodeURIComponent(id)}/timeline${qs(p)}`),
  connections: () => api<z.infer<typeof connectionsResponse>>('/api/connections'),
  messages: (p: { status?: string; channel?: string; customerId?: string; after?: string | null; first?: number }) =>
    api<MessagesPage>(`/api/messages${qs(p)}`),
  message: (id: string) => api<MessageDetail>(`/api/messages/${encodeURIComponent(id)}`),
  sendTestMessage: (body: { to?: string; subject: string; html: string; text: string; language: string; idempotencyKey: string }) =>
    api<z.infer<typeof testMessageResponse>>('/api/messages/test', { method: 'POST', body }),
  webhooks: () => api<z.infer<typeof subscriptionsResponse>>('/api/webhooks'),
  createWebhook: (body: { url: string; topics: string[]; description?: string | null }) =>
    api<z.infer<typeof createdSubscriptionResponse>>('/api/webhooks', { method: 'POST', body }),
  updateWebhook: (id: string, body: { active?: boolean; topics?: string[]; url?: string }) =>
    api<WebhookSubscription>(`/api/webhooks/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
  deleteWebhook: (id: string) => api<{ deleted: true }>(`/api/webhooks/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  testWebhook: (id: string) =>
    api<z.infer<typeof testDeliveryResponse>>(`/api/webhooks/${encodeURIComponent(id)}/test`, { method: 'POST' }),
  webhookDeliveries: (id: string) => api<z.infer<typeof deliveriesResponse>>(`/api/webhooks/${encodeURIComponent(id)}/deliveries`),
  retryWebhookDelivery: (id: string, deliveryId: string) =>
    api<{ retried: true }>(`/api/webhooks/${encodeURIComponent(id)}/deliveries/${encodeURIComponent(deliveryId)}/retry`, {
      method: 'POST',
    }),
  messagingSettings: () => api<MessagingSettings>('/api/messaging-settings'),
  saveMessagingSettings: (body: MessagingSettingsInput) => api<MessagingSettings>('/api/messaging-settings', { method: 'PUT', body }),
  health: () => api<Health>('/api/health/inbox'),
  deadLetters: () => api<InboxList>('/api/inbox?status=dead&first=50'),
  points: (id: string, before?: string | null) =>
    api<LedgerPage>(`/api/customers/${encodeURIComponent(id)}/points${qs({ before, first: 20 })}`),
  adjustPoints: (id: string, body: { points: number; note: string; idempotencyKey: string }) =>
    api<z.infer<typeof adjustPointsResponse>>(`/api/customers/${encodeURIComponent(id)}/points`, { method: 'POST', body }),
  redemptions: (id: string) => api<z.infer<typeof redemptionsResponse>>(`/api/customers/${encodeURIComponent(id)}/redemptions`),
  cancelRedemption: (id: string) => api<unknown>(`/api/loyalty/redemptions/${encodeURIComponent(id)}/cancel`, { method: 'POST', body: {} }),
  notes: (id: string) => api<z.infer<typeof notesResponse>>(`/api/customers/${encodeURIComponent(id)}/notes`),
  addNote: (id: string, body: string) => api<Note>(`/api/customers/${encodeURIComponent(id)}/notes`, { method: 'POST', body: { body } }),
  setTags: (id: string, tags: string[]) =>
    api<TagState>(`/api/customers/${encodeURIComponent(id)}/tags`, { method: 'PUT', body: { tags } }),
  bulkTag: (customerIds: string[], add: string[]) =>
    api<z.infer<typeof bulkTagResponse>>('/api/customers/tags', { method: 'POST', body: { customerIds, add } }),
  program: () => api<ProgramReply>('/api/loyalty/program'),
  saveProgram: (settings: ProgramSettings) =>
    api<z.infer<typeof savedProgramResponse>>('/api/loyalty/program', { method: 'PUT', body: settings }),
  preview: (body: { amount: string; currency: string; paymentMethod: string; settings: ProgramSettings }) =>
    api<Preview>('/api/loyalty/preview', { method: 'POST', body }),
  backtest: () => api<Backtest>('/api/loyalty/backtest', { method: 'POST', body: {} }),
  rewards: () => api<z.infer<typeof rewardsResponse>>('/api/loyalty/rewards'),
  saveReward: (id: string | null, body: Partial<Reward>) =>
    id
      ? api<Reward>(`/api/loyalty/rewards/${encodeURIComponent(id)}`, { method: 'PATCH', body })
      : api<Reward>('/api/loyalty/rewards', { method: 'POST', body }),
  deleteReward: (id: string) =>
    api<z.infer<typeof deleteRewardResponse>>(`/api/loyalty/rewards/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  tiers: () => api<z.infer<typeof tiersResponse>>('/api/loyalty/tiers'),
  saveTier: (id: string | null, body: Partial<Tier>) =>
    id
      ? api<Tier>(`/api/loyalty/tiers/${encodeURIComponent(id)}`, { method: 'PATCH', body })
      : api<Tier>('/api/loyalty/tiers', { method: 'POST', body }),
  deleteTier: (id: string) => api<z.infer<typeof deleteTierResponse>>(`/api/loyalty/tiers/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  referrals: (status?: string) => api<z.infer<typeof referralsResponse>>(`/api/loyalty/referrals${qs({ status, first: 50 })}`),
  decideReferral: (id: string, decision: 'approve' | 'reject') =>
    api<unknown>(`/api/loyalty/referrals/${encodeURIComponent(id)}/${decision}`, { method: 'POST', body: {} }),
  analytics: (from: string, to: string) => api<AnalyticsSummary>(`/api/analytics/summary${qs({ from, to })}`),
  /** `from`/`to` undefined for the prediction reports (clv, churn, model-check): they are as of the last fit. */
  report: <T>(name: ReportName, from?: string, to?: string) => api<T>(`/api/analytics/${name}${qs({ from, to })}`),
  /** `params`: `by` (cod: city, store, month, segment) or `table` (products: top, returning, pairs). */
  reportCsvUrl: (name: ReportName, from?: string, to?: string, params: Record<string, string> = {}) =>
    `/api/analytics/${name}.csv${qs({ from, to, ...params })}`,
  shopifySync: (id: string) => api<ShopifySync>(`/api/connections/${encodeURIComponent(id)}/sync`),
  disconnectConnection: (id: string) =>
    api<z.infer<typeof disconnectResponse>>(`/api/connections/${encodeURIComponent(id)}/disconnect`, { method: 'POST', body: {} }),
  shopifyBackfill: (id: string) =>
    api<z.infer<typeof shopifyBackfillResponse>>(`/api/connections/${encodeURIComponent(id)}/backfill`, { method: 'POST', body: {} }),
  wooSync: (id: string) => api<WooSync>(`/api/connections/woocommerce/${encodeURIComponent(id)}/sync`),
  wooReconcile: (id: string) =>
    api<WooReconcileReply>(`/api/connections/woocommerce/${encodeURIComponent(id)}/reconcile`, { method: 'POST', body: {} }),
  wooConnect: (body: { url: string; consumerKey: string; consumerSecret: string }) =>
    api<WooConnectReply>('/api/connections/woocommerce', { method: 'POST', body }),
  wooAuthorizeUrl: (url: string) => api<z.infer<typeof wooAuthorizeResponse>>(`/api/connections/woocommerce/authorize-url${qs({ url })}`),
  logout: () => api<z.infer<typeof logoutResponse>>('/api/auth/logout', { method: 'POST', auth: true }),
  staff: () => api<z.infer<typeof staffListResponse>>('/api/staff'),
  whatsapp: () => api<z.infer<typeof whatsAppSettingsResponse>>('/api/whatsapp'),
  connectWhatsApp: (body: { phoneNumberId: string; wabaId: string; displayPhone: string | null; accessToken: string }) =>
    api<z.infer<typeof whatsAppNumber>>('/api/whatsapp', { method: 'PUT', body }),
  disconnectWhatsApp: () => api<z.infer<typeof whatsAppDeleteResponse>>('/api/whatsapp', { method: 'DELETE' }),
  codSettings: () => api<z.infer<typeof codSettingsResponse>>('/api/cod-confirmation'),
  saveCodSettings: (body: {
    enabled: boolean;
    templateId: string | null;
    reminderHours: number;
    reviewHours: number;
    cancelAtStore: boolean;
  }) => api<z.infer<typeof codSettingsResponse>>('/api/cod-confirmation', { method: 'PUT', body }),
  addStaff: (body: { email: string; password: string }) => api<StaffUser>('/api/staff', { method: 'POST', body }),
  removeStaff: (id: string) => api<z.infer<typeof deleteStaffResponse>>(`/api/staff/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  customerExportUrl: (id: string) => `/api/customers/${encodeURIComponent(id)}/export`,
  dataRequests: () => api<z.infer<typeof dataRequestsResponse>>('/api/privacy/data-requests'),
  dataRequestExportUrl: (id: string) => `/api/privacy/data-requests/${encodeURIComponent(id)}/export`,
  fulfilDataRequest: (id: string) =>
    api<z.infer<typeof fulfilResponse>>(`/api/privacy/data-requests/${encodeURIComponent(id)}/fulfil`, { method: 'POST' }),
  eraseCustomer: (id: string, confirm: string) =>
    api<z.infer<typeof eraseResponse>>(`/api/customers/${encodeURIComponent(id)}/erase`, { method: 'POST', body: { confirm } }),
  segments: () => api<z.infer<typeof segmentsResponse>>('/api/segments'),
  segmentFields: () => api<SegmentFields>('/api/segments/fields'),
  previewSegment: (query: string) => api<SegmentPreview>('/api/segments/preview', { method: 'POST', body: { query } }),
  saveSegment: (id: string | null, body: { name?: string; query?: string; syncTag?: string | null }) =>
    id
      ? api<Segment>(`/api/segments/${encodeURIComponent(id)}`, { method: 'PATCH', body })
      : api<Segment>('/api/segments', { method: 'POST', body }),
  segmentSync: (id: string) => api<SegmentSync>(`/api/segments/${encodeURIComponent(id)}/sync`),
  deleteSegment: (id: string) =>
    api<z.infer<typeof deleteSegmentResponse>>(`/api/segments/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  segmentMembers: (id: string, p: { after?: string | null; first?: number }) =>
    api<SegmentMembersPage>(`/api/segments/${encodeURIComponent(id)}/members${qs(p)}`),
  segmentMembersCsvUrl: (id: string) => `/api/segments/${encodeURIComponent(id)}/members.csv`,
  onboarding: () => api<Onboarding>('/api/onboarding'),
  markOnboarding: (step: 'widget' | 'preview') => api<Onboarding>(`/api/onboarding/steps/${step}/done`, { method: 'POST', body: {} }),
  dismissOnboarding: () => api<Onboarding>('/api/onboarding/dismiss', { method: 'POST', body: {} }),
  retry: (ids?: number[]) => api<z.infer<typeof retryResponse>>('/api/inbox/retry', { method: 'POST', body: ids ? { ids } : {} }),
};
