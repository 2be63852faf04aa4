import { z } from 'zod';

// Every setting Rapport reads from the environment, parsed once at start-up.
// Empty strings count as "not set" so `FOO=` in a .env file does not mean "".
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const key32 = z
  .string()
  .refine((v) => decodeKey(v) !== null, 'must be 32 bytes as 64 hex characters or base64');

export const configSchema = z.object({
  NODE_ENV: optional(z.enum(['development', 'production', 'test'])).default('development'),
  PORT: optional(z.coerce.number().int().min(0).max(65535)).default(3000),
  HOST: optional(z.string()).default('0.0.0.0'),
  LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])).default('info'),
  DATABASE_URL: optional(z.string()).default('file:./data/rapport.sqlite'),
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
  // Approval delays are released on every tick; expiry, birthdays and tier reviews once a UTC day.
  LOYALTY_TICK_MS: optional(z.coerce.number().int().min(100).max(3_600_000)).default(60_000),
  // WooCommerce never retries a failed webhook delivery: the reconcile pulls what was missed.
  WOOCOMMERCE_RECONCILE_MS: optional(z.coerce.number().int().min(1_000).max(86_400_000)).default(900_000),
  // Shopify: webhooks are not guaranteed; a scheduled pull of recently updated orders repairs gaps.
  SHOPIFY_RECONCILE_MS: optional(z.coerce.number().int().min(1_000).max(86_400_000)).default(3_600_000),
  // Which proxies may set X-Forwarded-For (client IPs feed the referral fraud checks and rate
  // limits): a hop count ("1"), Express's names ("loopback"), or addresses. Never "trust all".
  TRUST_PROXY: optional(z.string().regex(/^(\d{1,2}|[\w.:/, -]+)$/, 'a hop count or a list of addresses/names').refine((v) => v !== 'true', 'trusting every proxy lets any client forge its IP')).default('loopback'),
  // How often loyalty balances and tiers are written back to Shopify customer metafields.
  SHOPIFY_WRITEBACK_MS: optional(z.coerce.number().int().min(100).max(3_600_000)).default(30_000),
});

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
  if (problems.length > 0 || !config) throw new ConfigError(problems);
  return config;
}

/** The address stores and shoppers reach this Rapport at, when one is configured. */
export function publicUrl(config: Pick<Config, 'PUBLIC_URL' | 'SHOPIFY_APP_URL'>): string | undefined {
  return config.PUBLIC_URL ?? config.SHOPIFY_APP_URL;
}

export function decodeKey(value: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  const b = Buffer.from(value, 'base64');
  return b.length === 32 ? b : null;
}

/** Resolves `file:./x.sqlite`, `./x.sqlite` or `:memory:` to a path better-sqlite3 accepts. */
export function sqlitePath(databaseUrl: string): string {
  if (databaseUrl === ':memory:') return databaseUrl;
  if (databaseUrl.startsWith('file:')) return databaseUrl.slice('file:'.length);
  if (/^[a-z]+:\/\//i.test(databaseUrl)) {
    throw new ConfigError([`DATABASE_URL: only SQLite (file:...) is supported in this version, got ${databaseUrl.split(':')[0]}:`]);
  }
  return databaseUrl;
}
