import { useSyncExternalStore } from 'react';

// A tiny history router: four pages do not need a routing library. Links call navigate();
// back/forward fire popstate; in embedded mode App Bridge's nav menu fires `shopify:navigate`.

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

window.addEventListener('popstate', notify);

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const url = new URL(to, window.location.origin);
  if (url.origin !== window.location.origin) {
    window.location.assign(to);
    return;
  }
  // Keep Shopify's host/shop parameters: App Bridge needs them on reloads.
  const current = new URLSearchParams(window.location.search);
  for (const key of ['host', 'shop', 'embedded']) {
    const value = current.get(key);
    if (value !== null && !url.searchParams.has(key)) url.searchParams.set(key, value);
  }
  const next = `${url.pathname}${url.search}${url.hash}`;
  if (options.replace) window.history.replaceState(null, '', next);
  else window.history.pushState(null, '', next);
  notify();
  window.scrollTo(0, 0);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}
