// The one Admin API version Rapport speaks, for GraphQL calls and webhook payloads alike. It must
// equal `[webhooks] api_version` in shopify.app.toml (test/unit/shopify-api-version.test.ts checks),
// so the payloads we receive and the queries we send share one schema.
export const SHOPIFY_ADMIN_API_VERSION = '2026-07';
