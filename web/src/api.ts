import { isEmbedded } from './mode.ts';

// The admin API client. Types mirror the zod response schemas in src/http/admin/*.routes.ts
// (the OpenAPI document at /api/openapi.json is the reference).

export type Money = { amount: string; currencyCode: string };
export type PageInfo = { hasNextPage: boolean; endCursor: string | null };

export type CustomerSummary = {
  id: string; email: string | null; firstName: string | null; lastName: string | null; phone: string | null;
  numberOfOrders: number; amountSpent: Money; lastOrderAt: string | null; createdAt: string; updatedAt: string;
};
/** A row of the customers list: also what was spent in other currencies than the account's. */
export type ListedCustomer = CustomerSummary & { amountSpentElsewhere: Money[] };
export type CustomerPage = { customers: ListedCustomer[]; pageInfo: PageInfo };

export type TimelineEvent = {
  id: string; kind: string; occurredAt: string; subjectType: string | null; subjectId: string | null; data: Record<string, unknown>;
};
export type TimelinePage = { events: TimelineEvent[]; pageInfo: PageInfo };

export type Identity = {
  connectionId: string; store: string; platform: string; externalId: string; email: string | null; phone: string | null;
  phoneRaw: string | null; linkedBy: string; deleted: boolean; linkedAt: string;
};
export type Order = {
  id: string; name: string | null; placedAt: string; status: string; paymentStatus: string; fulfilmentStatus: string;
  paymentMethod: string; total: Money; refunded: Money; platformStatus: string | null;
};
export type CustomerProfile = CustomerSummary & {
  locale: string | null; firstOrderAt: string | null; averageOrderValue: Money | null;
  amountSpentByCurrency: Array<Money & { numberOfOrders: number }>; tags: string[]; redacted: boolean;
  identities: Identity[]; mergedFrom: Array<{ customerId: string; reason: string; mergedAt: string }>;
  addresses: Array<{ name: string | null; line1: string | null; line2: string | null; city: string | null; province: string | null; zip: string | null; countryCode: string | null; phone: string | null }>;
  orders: Order[]; timeline: TimelinePage; loyalty: LoyaltySummary;
};

export type LoyaltySummary = {
  balance: number; pending: number; lifetimeEarned: number; tier: { id: string; name: string; multiplier: number } | null;
  referralCode: string | null; birthday: string | null; memberSince: string | null;
  tierProgress: { metric: 'points_earned' | 'amount_spent'; current: number; nextTier: { id: string; name: string; threshold: number } | null; remaining: number };
};
export type LedgerEntry = {
  id: string; reason: string; state: string; points: number; pendingDelta: number; availableDelta: number; forgiven: number;
  sourceType: string | null; sourceId: string | null; note: string | null; actor: string | null; actorName: string | null; occurredAt: string;
};
export type LedgerPage = { entries: LedgerEntry[]; pageInfo: PageInfo };
export type Redemption = {
  id: string; rewardId: string; points: number; status: string; code: string; reward: { name: string; kind: string };
  createdAt: string; expiresAt: string | null; usedAt: string | null; failureReason: string | null;
};
export type Note = { id: string; body: string; author: string | null; authorName: string | null; createdAt: string };
export type TagState = { tags: string[]; manualTags: string[] };

export type Trigger = 'placed' | 'paid' | 'fulfilled' | 'delivered';
export type ProgramSettings = {
  enabled: boolean; earnOrdersPlacedFrom: string;
  earning: {
    rates: Array<{ currency: string; points: number; per: string }>; includeShipping: boolean; includeTax: boolean; rounding: 'floor' | 'round' | 'ceil';
    triggers: { card: Trigger; cod: Trigger; other: Trigger }; approvalDelayDays: number; excludeGiftCards: boolean;
    excludedProductIds: string[]; excludedCustomerTags: string[];
  };
  actions: { signup: number; birthday: number; newsletter: number; firstOrder: number; review: number };
  negativeBalance: 'clamp' | 'allow';
  tiers: { basis: 'points_earned' | 'amount_spent'; period: 'lifetime' | 'rolling_12_months' | 'calendar_year'; graceDays: number };
  referrals: { enabled: boolean; advocatePoints: number; friendPoints: number; maxPerIpPerDay: number };
  expiry: { mode: 'none' | 'inactivity' | 'per_entry'; months: number; reminderDays: number[] };
  rewards: { returnPointsOnCodeExpiry: boolean };
};
export type Backtest = { from: string; to: string; days: number; orders: number; customers: number; availablePoints: number; pendingPoints: number; truncated: boolean };
export type ProgramReply = { program: { version: number; createdAt: string; settings: ProgramSettings } | null; proposed: ProgramSettings };
export type Preview = { points: number; status: string; trigger: string; explanation: string };
export type Reward = {
  id: string; name: string; kind: 'fixed_amount' | 'percentage' | 'free_shipping' | 'free_product'; pointsCost: number; amountMinor: number | null;
  currency: string | null; percentage: number | null; productExternalId: string | null; minimumOrderMinor: number | null;
  limitPerCustomer: number | null; tierIds: string[]; codeValidDays: number | null; active: boolean;
};
export type Tier = { id: string; name: string; threshold: number; multiplier: number; entryPoints: number; perks: string | null };
export type Referral = {
  id: string; status: string; advocateId: string; friendId: string | null; friendEmail: string | null; friendPhone: string | null;
  block: { code: string; message: string } | null; createdAt: string; decidedAt: string | null;
};
export type Kpis = {
  revenue: Money; orders: number; customers: number; repeatCustomers: number; repeatPurchaseRate: number | null;
  pointsIssued: number; pointsRedeemed: number; memberRevenue: Money; memberRevenueShare: number | null;
};
export type AnalyticsSummary = {
  currency: string; period: { from: string; to: string }; previousPeriod: { from: string; to: string };
  current: Kpis; previous: Kpis; daily: Array<{ date: string; revenue: Money; orders: number }>;
};
export type CustomerFilters = {
  tags?: string; tier?: string; minOrders?: string; maxOrders?: string; minSpent?: string; maxSpent?: string;
  lastOrderFrom?: string; lastOrderTo?: string; paymentMethod?: string;
};

export type Connection = { id: string; platform: string; domain: string; name: string; status: string; currency: string; createdAt: string; webhookUrl: string };
export type InboxCounts = { pending: number; done: number; ignored: number; dead: number; oldestPendingAt: string | null };
export type Health = { status: 'ok' | 'starting'; inbox: InboxCounts };
export type Delivery = {
  id: number; connectionId: string; platform: string; topic: string; status: string; attempts: number; receivedAt: string;
  processedAt: string | null; nextAttemptAt: string | null; lastError: string | null;
};
export type InboxList = { counts: InboxCounts; deliveries: Delivery[] };

/** A sync run (Shopify: running/completed/failed with an ETA; WooCommerce: running/done/failed). */
export type SyncRunView = {
  id: string; kind: string; resource: string; status: string; total: number | null; done: number; percentage: number | null;
  etaSeconds?: number | null; note: string | null; noteCode: string | null; noteParams: Record<string, string | number> | null;
  error: string | null; startedAt: string; updatedAt: string; finishedAt: string | null;
};
export type WebhookHealth = { topic: string; id: string | null; status: string; action: string };
export type ShopifySync = { connectionId: string; grantedScopes: string | null; lastReconcileAt: string | null; runs: SyncRunView[] };
export type WooSync = {
  runs: SyncRunView[];
  state: { ordersWatermark: string | null; customersWatermark: string | null; lastReconcileAt: string | null; webhooksCheckedAt: string | null };
  webhooks: WebhookHealth[] | { error: string };
};
export type WooConnectReply = { connection: { id: string; domain: string; currency: string }; webhooks: WebhookHealth[]; backfill: 'started' };
export type WooReconcileReply = { orders: number; trashed: number; customers: number; ordersWatermark: string | null; webhooks: WebhookHealth[] };

export type StaffUser = { id: string; email: string; createdAt: string };
export type DataRequest = {
  id: string; connectionId: string; store: string; platform: string; externalRequestId: string | null;
  customer: { externalId: string | null; email: string | null; phone: string | null };
  profilesFound: number; createdAt: string; fulfilledAt: string | null;
};

export type FieldIssue = { path: string; message: string };

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details: unknown = undefined) {
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

export async function api<T>(path: string, init: { method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; body?: unknown; auth?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...(init.auth === false ? {} : await authHeader()) };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method: init.method ?? 'GET', headers, credentials: 'same-origin',
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const payload = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: unknown } } | null;
  if (!res.ok) {
    const err = new ApiError(res.status, payload?.error?.code ?? 'http_error', payload?.error?.message ?? res.statusText, payload?.error?.details);
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

export type OnboardingStepId = 'owner' | 'connect' | 'launch' | 'widget' | 'preview';
export type Onboarding = {
  steps: Array<{ id: OnboardingStepId; done: boolean; by: 'data' | 'merchant' | null }>;
  complete: boolean; dismissed: boolean;
  store: { platform: 'shopify' | 'woocommerce'; domain: string; country: string | null } | null;
  widget: { firstSeenAt: string | null; themeEditorUrl: string | null; pluginsUrl: string | null };
};

export const endpoints = {
  login: (email: string, password: string) => api<{ token: string; expiresAt: string }>('/api/auth/login', { method: 'POST', body: { email, password }, auth: false }),
  setup: () => api<{ ownerNeeded: boolean }>('/api/setup', { auth: false }),
  createOwner: (body: { shopName: string; currency: string; email: string; password: string }) =>
    api<{ token: string; expiresAt: string; accountId: string }>('/api/setup/owner', { method: 'POST', body, auth: false }),
  customers: (p: { query?: string; sort?: string; after?: string | null; first?: number } & CustomerFilters) => api<CustomerPage>(`/api/customers${qs(p)}`),
  exportUrl: (p: { query?: string; sort?: string } & CustomerFilters) => `/api/customers/export.csv${qs(p)}`,
  customer: (id: string) => api<CustomerProfile>(`/api/customers/${encodeURIComponent(id)}`),
  timeline: (id: string, p: { after?: string | null; kind?: string; first?: number }) => api<TimelinePage>(`/api/customers/${encodeURIComponent(id)}/timeline${qs(p)}`),
  connections: () => api<{ connections: Connection[] }>('/api/connections'),
  health: () => api<Health>('/api/health/inbox'),
  deadLetters: () => api<InboxList>('/api/inbox?status=dead&first=50'),
  points: (id: string, before?: string | null) => api<LedgerPage>(`/api/customers/${encodeURIComponent(id)}/points${qs({ before, first: 20 })}`),
  adjustPoints: (id: string, body: { points: number; note: string; idempotencyKey: string }) =>
    api<{ applied: boolean; loyalty: LoyaltySummary }>(`/api/customers/${encodeURIComponent(id)}/points`, { method: 'POST', body }),
  redemptions: (id: string) => api<{ redemptions: Redemption[] }>(`/api/customers/${encodeURIComponent(id)}/redemptions`),
  cancelRedemption: (id: string) => api<unknown>(`/api/loyalty/redemptions/${encodeURIComponent(id)}/cancel`, { method: 'POST', body: {} }),
  notes: (id: string) => api<{ notes: Note[] }>(`/api/customers/${encodeURIComponent(id)}/notes`),
  addNote: (id: string, body: string) => api<Note>(`/api/customers/${encodeURIComponent(id)}/notes`, { method: 'POST', body: { body } }),
  setTags: (id: string, tags: string[]) => api<TagState>(`/api/customers/${encodeURIComponent(id)}/tags`, { method: 'PUT', body: { tags } }),
  bulkTag: (customerIds: string[], add: string[]) => api<{ customers: number; added: number }>('/api/customers/tags', { method: 'POST', body: { customerIds, add } }),
  program: () => api<ProgramReply>('/api/loyalty/program'),
  saveProgram: (settings: ProgramSettings) => api<{ version: number; settings: ProgramSettings }>('/api/loyalty/program', { method: 'PUT', body: settings }),
  preview: (body: { amount: string; currency: string; paymentMethod: string; settings: ProgramSettings }) => api<Preview>('/api/loyalty/preview', { method: 'POST', body }),
  backtest: () => api<Backtest>('/api/loyalty/backtest', { method: 'POST', body: {} }),
  rewards: () => api<{ rewards: Reward[] }>('/api/loyalty/rewards'),
  saveReward: (id: string | null, body: Partial<Reward>) => (id
    ? api<Reward>(`/api/loyalty/rewards/${encodeURIComponent(id)}`, { method: 'PATCH', body })
    : api<Reward>('/api/loyalty/rewards', { method: 'POST', body })),
  deleteReward: (id: string) => api<unknown>(`/api/loyalty/rewards/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  tiers: () => api<{ tiers: Tier[] }>('/api/loyalty/tiers'),
  saveTier: (id: string | null, body: Partial<Tier>) => (id
    ? api<Tier>(`/api/loyalty/tiers/${encodeURIComponent(id)}`, { method: 'PATCH', body })
    : api<Tier>('/api/loyalty/tiers', { method: 'POST', body })),
  deleteTier: (id: string) => api<unknown>(`/api/loyalty/tiers/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  referrals: (status?: string) => api<{ referrals: Referral[] }>(`/api/loyalty/referrals${qs({ status, first: 50 })}`),
  decideReferral: (id: string, decision: 'approve' | 'reject') => api<unknown>(`/api/loyalty/referrals/${encodeURIComponent(id)}/${decision}`, { method: 'POST', body: {} }),
  analytics: (from: string, to: string) => api<AnalyticsSummary>(`/api/analytics/summary${qs({ from, to })}`),
  shopifySync: (id: string) => api<ShopifySync>(`/api/connections/${encodeURIComponent(id)}/sync`),
  disconnectConnection: (id: string) => api<{ connectionId: string; status: 'disconnected'; alreadyDisconnected: boolean; webhooksRemovedAtStore: number; storeError: string | null }>(
    `/api/connections/${encodeURIComponent(id)}/disconnect`, { method: 'POST', body: {} }),
  shopifyBackfill: (id: string) => api<{ started: true }>(`/api/connections/${encodeURIComponent(id)}/backfill`, { method: 'POST', body: {} }),
  wooSync: (id: string) => api<WooSync>(`/api/connections/woocommerce/${encodeURIComponent(id)}/sync`),
  wooReconcile: (id: string) => api<WooReconcileReply>(`/api/connections/woocommerce/${encodeURIComponent(id)}/reconcile`, { method: 'POST', body: {} }),
  wooConnect: (body: { url: string; consumerKey: string; consumerSecret: string }) => api<WooConnectReply>('/api/connections/woocommerce', { method: 'POST', body }),
  wooAuthorizeUrl: (url: string) => api<{ url: string; expiresAt: string }>(`/api/connections/woocommerce/authorize-url${qs({ url })}`),
  logout: () => api<{ loggedOut: boolean }>('/api/auth/logout', { method: 'POST', auth: true }),
  staff: () => api<{ staff: StaffUser[]; me: string | null }>('/api/staff'),
  addStaff: (body: { email: string; password: string }) => api<StaffUser>('/api/staff', { method: 'POST', body }),
  removeStaff: (id: string) => api<{ deleted: boolean }>(`/api/staff/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  customerExportUrl: (id: string) => `/api/customers/${encodeURIComponent(id)}/export`,
  dataRequests: () => api<{ dataRequests: DataRequest[] }>('/api/privacy/data-requests'),
  dataRequestExportUrl: (id: string) => `/api/privacy/data-requests/${encodeURIComponent(id)}/export`,
  fulfilDataRequest: (id: string) => api<{ fulfilled: boolean }>(`/api/privacy/data-requests/${encodeURIComponent(id)}/fulfil`, { method: 'POST' }),
  eraseCustomer: (id: string, confirm: string) => api<{ erased: boolean; customerId: string }>(`/api/customers/${encodeURIComponent(id)}/erase`, { method: 'POST', body: { confirm } }),
  onboarding: () => api<Onboarding>('/api/onboarding'),
  markOnboarding: (step: 'widget' | 'preview') => api<Onboarding>(`/api/onboarding/steps/${step}/done`, { method: 'POST', body: {} }),
  dismissOnboarding: () => api<Onboarding>('/api/onboarding/dismiss', { method: 'POST', body: {} }),
  retry: (ids?: number[]) => api<{ requeued: number }>('/api/inbox/retry', { method: 'POST', body: ids ? { ids } : {} }),
};
