import { z } from 'zod';
import { isAddressOrRange } from '../lib/outbound-address.ts';

// Every setting Rapport reads from the environment, parsed once at start-up.
// Empty strings count as "not set" so `FOO=` in a .env file does not mean "".
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const key32 = z.string().refine((v) => decodeKey(v) !== null, 'must be 32 bytes as 64 hex characters or base64');

const configSchema = z.object({
  NODE_ENV: optional(z.enum(['development', 'production', 'test'])).default('development'),
  PORT: optional(z.coerce.number().int().min(0).max(65535)).default(3000),
  HOST: optional(z.string()).default('0.0.0.0'),
  LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])).default('info'),
  // file:… (or unset): SQLite, the embedded default. postgres:// or postgresql://: PostgreSQL
  // (only `rapport migrate` runs on it until the PostgreSQL store lands, issue #15).
  DATABASE_URL: optional(
    z.string().superRefine((v, ctx) => {
      const target = parseDatabaseUrl(v);
      if (target.dialect === 'invalid') ctx.addIssue({ code: 'custom', message: target.reason });
    }),
  ).default('file:./data/rapport.sqlite'),
  // Shared state of several web processes (rate limits, login lockouts, one-time states, caches):
  // in Redis when set, else in the database (the storefront's limits on SQLite stay in memory).
  REDIS_URL: optional(z.url({ protocol: /^rediss?$/, error: 'a redis:// or rediss:// URL' })),
  // Before every key Rapport writes to Redis: deployments sharing one server keep apart.
  REDIS_KEY_PREFIX: optional(z.string().regex(/^[\w:.-]{1,64}$/, 'letters, digits, _ : . - (at most 64)')).default('rapport:'),
  // PostgreSQL: connections per process (web and worker each hold a pool of their own).
  DATABASE_POOL_MAX: optional(z.coerce.number().int().min(1).max(500)).default(10),
  SQLITE_SYNCHRONOUS: optional(z.enum(['NORMAL', 'FULL'])).default('NORMAL'),
  ENCRYPTION_KEY: optional(key32),
  SHOPIFY_API_KEY: optional(z.string()),
  SHOPIFY_API_SECRET: optional(z.string()),
  // Shopify keeps signing with the old secret for up to an hour after a rotation.
  SHOPIFY_API_SECRET_PREVIOUS: optional(z.string()),
  SHOPIFY_APP_URL: optional(z.url({ protocol: /^https?$/ })),
  // Where stores reach this Rapport (WooCommerce webhooks, links); SHOPIFY_APP_URL when unset,
  // which is what `shopify app dev` sets.
  PUBLIC_URL: optional(z.url({ protocol: /^https?$/ })),
  // Admin API calls go here instead of https://<shop>: a local stand-in for tests, or an egress proxy.
  SHOPIFY_ADMIN_ORIGIN: optional(z.url({ protocol: /^https?$/ })),
  INBOX_MAX_ATTEMPTS: optional(z.coerce.number().int().min(1).max(100)).default(8),
  INBOX_POLL_MS: optional(z.coerce.number().int().min(5).max(60_000)).default(200),
  // PostgreSQL: how long a worker's claim on deliveries lasts without renewal (a dead worker's are claimed again after it).
  INBOX_LEASE_MS: optional(z.coerce.number().int().min(500).max(3_600_000)).default(30_000),
  // `rapport worker` only: a liveness listener (no data) for container probes; unset, none.
  WORKER_HEALTH_PORT: optional(z.coerce.number().int().min(1).max(65535)),
  // Raw webhook bodies are personal data: processed deliveries (done, ignored) are deleted this
  // long after processing; dead letters are kept longer, for someone to look at and retry.
  INBOX_RETENTION_HOURS: optional(z.coerce.number().int().min(1).max(8_760)).default(72),
  INBOX_DEAD_RETENTION_HOURS: optional(z.coerce.number().int().min(1).max(8_760)).default(720),
  // Approval delays are released on every tick; expiry, birthdays and tier reviews once a UTC day.
  LOYALTY_TICK_MS: optional(z.coerce.number().int().min(100).max(3_600_000)).default(60_000),
  // How often the leader rescores accounts that are due (crm/insights; jobs/insights.scheduler.ts).
  INSIGHTS_TICK_MS: optional(z.coerce.number().int().min(100).max(86_400_000)).default(600_000),
  // WooCommerce never retries a failed webhook delivery: the reconcile pulls what was missed.
  WOOCOMMERCE_RECONCILE_MS: optional(z.coerce.number().int().min(1_000).max(86_400_000)).default(900_000),
  // Shopify: webhooks are not guaranteed; a scheduled pull of recently updated orders repairs gaps.
  SHOPIFY_RECONCILE_MS: optional(z.coerce.number().int().min(1_000).max(86_400_000)).default(3_600_000),
  // Which proxies may set X-Forwarded-For (client IPs feed the referral fraud checks and rate
  // limits): a hop count ("1"), Express's names ("loopback"), or addresses. Never "trust all".
  TRUST_PROXY: optional(
    z
      .string()
      .regex(/^(\d{1,2}|[\w.:/, -]+)$/, 'a hop count or a list of addresses/names')
      .refine((v) => v !== 'true', 'trusting every proxy lets any client forge its IP'),
  ).default('loopback'),
  // The app proxy's storefront path(s) (shopify.app.toml [app_proxy]; a merchant may rename the
  // subpath in their admin): a signed `path_prefix` must be one of these, comma-separated.
  SHOPIFY_APP_PROXY_PREFIX: optional(
    z
      .string()
      .regex(
        /^\/(apps|a|community|tools)\/[\w-]{1,30}(,\s*\/(apps|a|community|tools)\/[\w-]{1,30})*$/,
        'comma-separated paths like /apps/rapport',
      ),
  ).default('/apps/rapport'),
  // Store URLs (WooCommerce) may never resolve to loopback, private, link-local... addresses, so
  // a merchant account cannot make Rapport probe its own network; these are allowed anyway
  // (a store on the same private network, the tests' local fake): addresses or CIDR ranges.
  OUTBOUND_ALLOW_PRIVATE: optional(
    z
      .string()
      .refine(
        (v) => v.split(',').every((e) => isAddressOrRange(e.trim())),
        'comma-separated IP addresses or CIDR ranges, e.g. 127.0.0.1,10.0.0.0/8',
      ),
  ),
  // How often loyalty balances and tiers are written back to Shopify customer metafields.
  SHOPIFY_WRITEBACK_MS: optional(z.coerce.number().int().min(100).max(3_600_000)).default(30_000),
  // How often mirrored segments are written to the stores (tags, customer meta).
  // How often outbound webhook deliveries (merchants' URLs) are attempted.
  WEBHOOKS_TICK_MS: optional(z.coerce.number().int().min(50).max(600_000)).default(5_000),
  SEGMENT_SYNC_MS: optional(z.coerce.number().int().min(100).max(3_600_000)).default(60_000),
  // Failed sign-ins allowed before a lockout (30 s, doubling per further failure, at most 15 min):
  // per email, and per client address (higher: an office shares one address).
  LOGIN_FAILURES_PER_EMAIL: optional(z.coerce.number().int().min(1).max(1_000_000)).default(5),
  LOGIN_FAILURES_PER_IP: optional(z.coerce.number().int().min(1).max(1_000_000)).default(20),
  // A request must arrive whole (headers and body) within REQUEST_TIMEOUT_MS, its headers within
  // HEADERS_TIMEOUT_MS; slower clients get 408 and are disconnected.
  REQUEST_TIMEOUT_MS: optional(z.coerce.number().int().min(1_000).max(300_000)).default(10_000),
  HEADERS_TIMEOUT_MS: optional(z.coerce.number().int().min(1_000).max(300_000)).default(5_000),
  // Webhook bodies are buffered before verification (the HMAC covers the raw bytes): at most this
  // many at once and this many MB together; past either, 503 with Retry-After (platforms retry).
  WEBHOOK_MAX_INFLIGHT: optional(z.coerce.number().int().min(1).max(10_000)).default(64),
  WEBHOOK_BUFFER_BUDGET_MB: optional(z.coerce.number().int().min(5).max(4_096)).default(32),
  // Email to shoppers goes through this SMTP server (smtp:// or smtps://, user and password in the
  // URL: a secret, never logged or echoed). Unset: the local outbox, shown in the panel, nothing sent.
  SMTP_URL: optional(z.string().refine(isSmtpUrl, 'an smtp:// or smtps:// URL, e.g. smtps://user:password@smtp.example.com:465')),
  // The From of every email; its domain names the Message-IDs.
  MAIL_FROM: optional(
    z.string().regex(/^[^<>@\s]+@[^<>@\s]+$|^[^<>]*<[^<>@\s]+@[^<>@\s]+>$/, 'an address, e.g. Shop <hello@shop.pk>'),
  ).default('Rapport <no-reply@localhost>'),
  // Also offered in List-Unsubscribe beside the one-click link (optional).
  MAIL_UNSUBSCRIBE_MAILTO: optional(z.email()),
  // DKIM signing (optional; set the domain, the selector and one of the key or a key file).
  DKIM_DOMAIN: optional(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'a domain, e.g. shop.pk')),
  DKIM_SELECTOR: optional(z.string().regex(/^[\w.-]{1,63}$/, 'a selector, e.g. rapport')),
  DKIM_PRIVATE_KEY: optional(z.string().refine((v) => v.includes('PRIVATE KEY'), 'a PEM private key')),
  DKIM_PRIVATE_KEY_FILE: optional(z.string()),
  // The envelope sender (Return-Path) of every email: where receiving servers send bounces. Point it
  // at an address your mail server forwards to INBOUND_SMTP_PORT. Unset: the From address.
  MAIL_BOUNCE_ADDRESS: optional(z.email()),
  // Rapport's own SMTP listener for delivery reports (bounces, RFC 3464) and complaints (ARF, RFC
  // 5965) forwarded by your mail server, and for mail to the shops' support addresses (the service
  // inbox; other recipients are refused). Unset: no listener.
  INBOUND_SMTP_PORT: optional(z.coerce.number().int().min(1).max(65_535)),
  INBOUND_SMTP_HOST: optional(z.string().min(1)).default('0.0.0.0'),
  // Support mail (the service inbox): the largest attachment kept (bytes; larger ones are dropped
  // with a note on the ticket) and the content types kept (comma-separated, `image/*` wildcards).
  SUPPORT_ATTACHMENT_MAX_BYTES: optional(
    z.coerce
      .number()
      .int()
      .min(1)
      .max(50 * 1024 * 1024),
  ).default(5 * 1024 * 1024),
  SUPPORT_ATTACHMENT_TYPES: optional(
    z.string().regex(/^\s*[\w.+-]+\/(\*|[\w.+-]+)\s*(,\s*[\w.+-]+\/(\*|[\w.+-]+)\s*)*$/, 'content types, e.g. image/*,application/pdf'),
  ).default(
    'image/*,application/pdf,text/plain,text/csv,application/msword,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.ms-excel,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ),
  // Emails per second (the provider's limit), per sending process.
  EMAIL_RATE_PER_SECOND: optional(z.coerce.number().positive().max(10_000)).default(10),
  // How often the sender looks for queued messages.
  MESSAGES_TICK_MS: optional(z.coerce.number().int().min(50).max(600_000)).default(2_000),
  // How long a sender's claim on a message lasts: a sender that died mid-send has its messages sent
  // again after this (at least once). Far above one send; shorter only where processes restart fast.
  MESSAGES_LEASE_MS: optional(z.coerce.number().int().min(1_000).max(3_600_000)).default(300_000),
  // How often the campaign send looks for due campaigns (scheduled ones start on the first tick after their time).
  CAMPAIGNS_TICK_MS: optional(z.coerce.number().int().min(50).max(600_000)).default(5_000),
  // WhatsApp Cloud API (src/channels/whatsapp): where the Graph API is (tests point it at a local
  // fake) and which version; numbers and their access tokens are per account (PUT /api/whatsapp).
  WHATSAPP_GRAPH_URL: optional(z.url({ protocol: /^https?$/ })).default('https://graph.facebook.com'),
  WHATSAPP_API_VERSION: optional(z.string().regex(/^v\d{1,3}\.\d$/, 'a Graph API version, e.g. v26.0')).default('v26.0'),
  // The Meta app's secret: POST /webhooks/whatsapp must carry X-Hub-Signature-256 made with it. Unset: deliveries are refused.
  WHATSAPP_APP_SECRET: optional(z.string().min(8)),
  // Echoed back by GET /webhooks/whatsapp when Meta verifies the callback URL. Unset: verification is refused.
  WHATSAPP_VERIFY_TOKEN: optional(z.string().min(8)),
  // WhatsApp messages per second per sending process (Cloud API's default throughput is 80/s per number).
  WHATSAPP_RATE_PER_SECOND: optional(z.coerce.number().positive().max(1_000)).default(20),
});

function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment, collecting every problem into one error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.')}: ${issue.message}`);
  }
  const config = parsed.success ? parsed.data : undefined;
  if (config?.NODE_ENV === 'production' && !config.ENCRYPTION_KEY) {
    problems.push('ENCRYPTION_KEY: required in production (32 bytes, hex or base64)');
  }
  if (config && Boolean(config.SHOPIFY_API_KEY) !== Boolean(config.SHOPIFY_API_SECRET)) {
    problems.push('SHOPIFY_API_KEY and SHOPIFY_API_SECRET: set both or neither');
  }
  if (config && config.HEADERS_TIMEOUT_MS > config.REQUEST_TIMEOUT_MS) {
    problems.push('HEADERS_TIMEOUT_MS: must not exceed REQUEST_TIMEOUT_MS');
  }
  const dkim = config && [config.DKIM_DOMAIN, config.DKIM_SELECTOR, config.DKIM_PRIVATE_KEY ?? config.DKIM_PRIVATE_KEY_FILE];
  if (dkim && dkim.some(Boolean) && !dkim.every(Boolean)) {
    problems.push('DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY (or DKIM_PRIVATE_KEY_FILE): set all or none');
  }
  if (config?.DKIM_PRIVATE_KEY && config.DKIM_PRIVATE_KEY_FILE) problems.push('DKIM_PRIVATE_KEY and DKIM_PRIVATE_KEY_FILE: set one');
  if (problems.length > 0 || !config) throw new ConfigError(problems);
  return config;
}

/** The address stores and shoppers reach this Rapport at, when one is configured. */
export function publicUrl(config: Pick<Config, 'PUBLIC_URL' | 'SHOPIFY_APP_URL'>): string | undefined {
  return config.PUBLIC_URL ?? config.SHOPIFY_APP_URL;
}

/** Private addresses and ranges the operator allows store URLs to reach (none by default). */
export function outboundAllowList(config: Pick<Config, 'OUTBOUND_ALLOW_PRIVATE'>): string[] {
  return config.OUTBOUND_ALLOW_PRIVATE?.split(',').map((e) => e.trim()) ?? [];
}

/** The app proxy prefixes a signed request may carry in `path_prefix`. */
export function appProxyPrefixes(config: Pick<Config, 'SHOPIFY_APP_PROXY_PREFIX'>): string[] {
  return config.SHOPIFY_APP_PROXY_PREFIX.split(',').map((p) => p.trim());
}

export function decodeKey(value: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  const b = Buffer.from(value, 'base64');
  return b.length === 32 ? b : null;
}

/** Where the data lives, read from DATABASE_URL. A PostgreSQL URL's password is never echoed. */
export type DatabaseTarget =
  { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string } | { dialect: 'invalid'; reason: string };

export function parseDatabaseUrl(databaseUrl: string): DatabaseTarget {
  if (databaseUrl === ':memory:') return { dialect: 'sqlite', path: databaseUrl };
  if (databaseUrl.startsWith('file:')) {
    const path = databaseUrl.slice('file:'.length);
    return path ? { dialect: 'sqlite', path } : { dialect: 'invalid', reason: 'file: needs a path, e.g. file:./data/rapport.sqlite' };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(databaseUrl)?.[1]?.toLowerCase();
  if (scheme === undefined) return { dialect: 'sqlite', path: databaseUrl };
  if (scheme !== 'postgres' && scheme !== 'postgresql') {
    return { dialect: 'invalid', reason: `${scheme}:// is not supported; use file:… (SQLite) or postgres://… (PostgreSQL)` };
  }
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    return { dialect: 'invalid', reason: `not a valid ${scheme}:// URL (expected postgres://user:password@host:5432/database)` };
  }
  if (!url.hostname && !url.searchParams.get('host')) return { dialect: 'invalid', reason: `${scheme}:// URL names no host` };
  if (url.pathname.replace(/^\//, '') === '') return { dialect: 'invalid', reason: `${scheme}:// URL names no database (…/rapport)` };
  return { dialect: 'postgres', url: databaseUrl };
}

/** DATABASE_URL as logs may show it: a SQLite path, or a PostgreSQL URL without user and password. */
export function databaseLabel(databaseUrl: string): string {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.dialect === 'sqlite') return target.path;
  if (target.dialect === 'invalid') return 'invalid DATABASE_URL';
  const url = new URL(target.url);
  return `${url.protocol}//${url.host}${url.pathname}`;
}
