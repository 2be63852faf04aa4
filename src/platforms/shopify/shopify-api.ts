// Rapport's instances of Shopify's own `@shopify/shopify-api` (session tokens, token exchange,
// refresh). One instance per accepted secret: the library verifies with `apiSecretKey` only, so
// the secret before a rotation gets an instance of its own for the rotation window.
import '@shopify/shopify-api/adapters/node';
import { AsyncLocalStorage } from 'node:async_hooks';
import { ApiVersion, LogSeverity, shopifyApi, type Shopify } from '@shopify/shopify-api';
import { setAbstractFetchFunc } from '@shopify/shopify-api/runtime';
import { SHOPIFY_ADMIN_API_VERSION } from './api-version.ts';
import { assertOutsideUnitOfWork } from '../../lib/unit-of-work.guard.ts';

export type ShopifyAppConfig = {
  apiKey: string;
  apiSecret: string;
  previousSecret?: string;
  /** SHOPIFY_APP_URL; only its host is used (the library requires one). */
  appUrl?: string;
  scopes: string[];
};

/** Where requests for a shop go (`https://<shop>` unless a test points it elsewhere). */
export type OriginOf = (shop: string) => string;

// The library fetches through one process-wide function. Each runtime runs its calls inside
// `route.run(originOf, ...)`, so two runtimes in one process (tests) never see each other's origin.
const route = new AsyncLocalStorage<OriginOf | undefined>();
setAbstractFetchFunc(((input: RequestInfo | URL, init?: RequestInit) => {
  assertOutsideUnitOfWork('A Shopify auth request');
  const originOf = route.getStore();
  if (!originOf) return fetch(input, init);
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
  return fetch(`${originOf(url.hostname).replace(/\/+$/, '')}${url.pathname}${url.search}`, init);
}) as typeof fetch);

const apiVersion = (Object.values(ApiVersion) as string[]).includes(SHOPIFY_ADMIN_API_VERSION)
  ? (SHOPIFY_ADMIN_API_VERSION as ApiVersion)
  : ApiVersion.July26;

export type ShopifyApps = {
  /** Instances to try in order: the current secret first, then the previous one. */
  instances: Shopify[];
  primary: Shopify;
  /** Runs a library call with this runtime's origin routing. */
  call<T>(work: () => Promise<T>): Promise<T>;
};

export function createShopifyApps(config: ShopifyAppConfig, originOf?: OriginOf): ShopifyApps {
  const host = config.appUrl ? new URL(config.appUrl) : null;
  const build = (secret: string) =>
    shopifyApi({
      apiKey: config.apiKey,
      apiSecretKey: secret,
      scopes: config.scopes,
      hostName: host?.host ?? 'localhost',
      hostScheme: host?.protocol === 'http:' ? 'http' : 'https',
      apiVersion,
      isEmbeddedApp: true,
      userAgentPrefix: 'Rapport',
      // The library's logger would print shop names at info level; ours logs what matters.
      logger: { level: LogSeverity.Error, log: async () => undefined, httpRequests: false, timestamps: false },
    });
  const instances = [build(config.apiSecret), ...(config.previousSecret ? [build(config.previousSecret)] : [])];
  return { instances, primary: instances[0]!, call: (work) => route.run(originOf, work) };
}
