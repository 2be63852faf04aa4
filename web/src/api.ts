import { isEmbedded } from './mode.ts';

// The admin API client. Types mirror the zod response schemas in src/http/admin/*.routes.ts
// (the OpenAPI document at /api/openapi.json is the reference).

export type Money = { amount: string; currencyCode: string };
export type PageInfo = { hasNextPage: boolean; endCursor: string | null };

export type CustomerSummary = {
  id: string; email: string | null; firstName: string | null; lastName: string | null; phone: string | null;
  numberOfOrders: number; amountSpent: Money; lastOrderAt: string | null; createdAt: string; updatedAt: string;
};
export type CustomerPage = { customers: CustomerSummary[]; pageInfo: PageInfo };

export type TimelineEvent = {
  id: string; kind: string; occurredAt: string; subjectType: string | null; subjectId: string | null; data: Record<string, unknown>;
};
export type TimelinePage = { events: TimelineEvent[]; pageInfo: PageInfo };

export type Identity = {
  connectionId: string; store: string; platform: string; externalId: string; email: string | null; phone: string | null;
  linkedBy: string; deleted: boolean; linkedAt: string;
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
  orders: Order[]; timeline: TimelinePage;
};

export type Connection = { id: string; platform: string; domain: string; name: string; status: string; currency: string; createdAt: string; webhookUrl: string };
export type InboxCounts = { pending: number; done: number; ignored: number; dead: number; oldestPendingAt: string | null };
export type Health = { status: 'ok' | 'starting'; inbox: InboxCounts };
export type Delivery = {
  id: number; connectionId: string; platform: string; topic: string; status: string; attempts: number; receivedAt: string;
  processedAt: string | null; nextAttemptAt: string | null; lastError: string | null;
};
export type InboxList = { counts: InboxCounts; deliveries: Delivery[] };

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
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

export async function api<T>(path: string, init: { method?: 'GET' | 'POST'; body?: unknown; auth?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...(init.auth === false ? {} : await authHeader()) };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method: init.method ?? 'GET', headers, credentials: 'same-origin',
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const payload = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  if (!res.ok) {
    const err = new ApiError(res.status, payload?.error?.code ?? 'http_error', payload?.error?.message ?? res.statusText);
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

export const endpoints = {
  login: (email: string, password: string) => api<{ token: string; expiresAt: string }>('/api/auth/login', { method: 'POST', body: { email, password }, auth: false }),
  customers: (p: { query?: string; sort?: string; after?: string | null; first?: number }) => api<CustomerPage>(`/api/customers${qs(p)}`),
  customer: (id: string) => api<CustomerProfile>(`/api/customers/${encodeURIComponent(id)}`),
  timeline: (id: string, p: { after?: string | null; kind?: string; first?: number }) => api<TimelinePage>(`/api/customers/${encodeURIComponent(id)}/timeline${qs(p)}`),
  connections: () => api<{ connections: Connection[] }>('/api/connections'),
  health: () => api<Health>('/api/health', { auth: false }),
  deadLetters: () => api<InboxList>('/api/inbox?status=dead&first=50'),
  retry: (ids?: number[]) => api<{ requeued: number }>('/api/inbox/retry', { method: 'POST', body: ids ? { ids } : {} }),
};
