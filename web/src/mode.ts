// One codebase, two shells. Shopify admin opens embedded apps with `host` and `shop` in the
// query string; the server then injects App Bridge into index.html (src/http/app.ts), so
// `window.shopify` exists before our module runs. Standalone mode loads no third-party script.

const params = new URLSearchParams(window.location.search);
const embedded = (params.has('host') || params.has('shop')) && typeof window.shopify !== 'undefined';

export function isEmbedded(): boolean {
  return embedded;
}
