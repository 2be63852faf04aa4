// Checks the shop address a merchant typed before any request goes out. WooCommerce accepts
// basic auth only over HTTPS (over plain HTTP it wants OAuth 1.0a signatures), so HTTPS is
// required; plain HTTP is allowed only for loopback hosts and only when the caller opts in
// (the tests' local fake store), never by default.

type SiteUrlCheck = { ok: true; url: string } | { ok: false; reason: 'bad_url' | 'http_not_https'; message: string };

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function checkSiteUrl(input: string, options: { allowHttpLoopback?: boolean } = {}): SiteUrlCheck {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return {
      ok: false,
      reason: 'bad_url',
      message: `"${input.slice(0, 200)}" is not a web address: enter the shop's address, e.g. https://shop.example.com/.`,
    };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: 'bad_url', message: 'The shop address must start with https://.' };
  }
  if (url.username || url.password || url.search || url.hash) {
    return { ok: false, reason: 'bad_url', message: "Enter only the shop's address, without a login, query or #fragment." };
  }
  if (url.protocol === 'http:' && !(options.allowHttpLoopback && LOOPBACK.has(url.hostname))) {
    return {
      ok: false,
      reason: 'http_not_https',
      message: 'The shop address uses http://. WooCommerce sends API keys only over HTTPS: install a TLS certificate and use https://.',
    };
  }
  // Stored with a trailing slash, as the CLI and webhook intake expect.
  return { ok: true, url: `${url.origin}${url.pathname.replace(/\/?$/, '/')}` };
}
