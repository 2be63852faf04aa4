import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { THEME_DIR } from '../extensions/rapport-widget/build.ts';
import { startShopifyAdminFake } from '../test/fakes/shopify-admin.fake.ts';
import { startTestServer } from '../test/helpers/server.ts';
import { startStorefront, type Storefront } from '../test/helpers/storefront.ts';
import { seedWidgetShop, WIDGET_SHOP } from '../test/helpers/storefront-shop.ts';

// The storefront widget's cost to a shop: gzipped asset sizes, and a Lighthouse-style comparison
// of the same product page without and with the widget (a logged-in member, so the launcher
// fetches the balance), in the same run, in Debian's Chromium with Lighthouse's mobile
// throttling (4x CPU slowdown, 150 ms RTT, 1.6 Mbit/s down). Runs alternate between the pages;
// medians are reported. Uses the test harness: real backend, app proxy stand-in, Admin API fake.

const CHROMIUM = '/usr/bin/chromium';

export type PageMetrics = { lcpMs: number; cls: number; tbtMs: number; longTasks: number; transferBytes: number; requests: number };
export type StorefrontResult = {
  sizes: Record<string, { bytes: number; gzip: number }>;
  runs: number;
  throttling: string;
  without: PageMetrics;
  with: PageMetrics;
  panelOpenMs: number | null;
  skipped?: string;
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function assetSizes(): StorefrontResult['sizes'] {
  return Object.fromEntries(
    ['rapport-widget.js', 'rapport-panel.js'].map((name) => {
      const code = readFileSync(join(THEME_DIR, 'assets', name));
      return [name, { bytes: code.length, gzip: gzipSync(code, { level: 9 }).length }];
    }),
  );
}

async function measure(browser: Browser, url: string, openPanel: boolean): Promise<PageMetrics & { panelOpenMs: number | null }> {
  const context = await browser.newContext({
    viewport: { width: 412, height: 823 },
    deviceScaleFactor: 1.75,
    isMobile: true,
    hasTouch: true,
  });
  await context.addInitScript(() => {
    const w = window as unknown as { __m: { lcp: number; cls: number; tbt: number; long: number } };
    w.__m = { lcp: 0, cls: 0, tbt: 0, long: 0 };
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) w.__m.lcp = e.startTime;
    }).observe({ type: 'largest-contentful-paint', buffered: true });
    new PerformanceObserver((l) => {
      for (const e of l.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>)
        if (!e.hadRecentInput) w.__m.cls += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
    // Total blocking time as Lighthouse defines it: the part of each long task beyond 50 ms.
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) {
        w.__m.long += 1;
        w.__m.tbt += Math.max(0, e.duration - 50);
      }
    }).observe({ type: 'longtask', buffered: true });
  });
  const page: Page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  let transferBytes = 0;
  let requests = 0;
  cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
    transferBytes += e.encodedDataLength;
    requests += 1;
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.waitForTimeout(300);
  const m = await page.evaluate(() => (window as unknown as { __m: { lcp: number; cls: number; tbt: number; long: number } }).__m);
  const metrics = {
    lcpMs: Math.round(m.lcp),
    cls: Math.round(m.cls * 10_000) / 10_000,
    tbtMs: Math.round(m.tbt),
    longTasks: m.long,
    transferBytes,
    requests,
  };
  let panelOpenMs: number | null = null;
  if (openPanel) {
    const t0 = Date.now();
    await page.locator('.rapport-launcher').click();
    await page.locator('[data-rapport-panel-balance]').waitFor({ timeout: 20_000 });
    panelOpenMs = Date.now() - t0;
  }
  await context.close();
  return { ...metrics, panelOpenMs };
}

function medians(rows: PageMetrics[]): PageMetrics {
  const keys = ['lcpMs', 'cls', 'tbtMs', 'longTasks', 'transferBytes', 'requests'] as const;
  return Object.fromEntries(keys.map((k) => [k, median(rows.map((r) => r[k]))])) as PageMetrics;
}

export async function benchStorefront(o: { runs: number }, progress: (line: string) => void): Promise<StorefrontResult> {
  const sizes = assetSizes();
  const throttling = '4x CPU, 150 ms RTT, 1.6 Mbit/s down, cache disabled, 412x823 mobile viewport';
  const empty: PageMetrics = { lcpMs: 0, cls: 0, tbtMs: 0, longTasks: 0, transferBytes: 0, requests: 0 };
  if (!existsSync(CHROMIUM))
    return { sizes, runs: 0, throttling, without: empty, with: empty, panelOpenMs: null, skipped: `no Chromium at ${CHROMIUM}` };
  const shopify = await startShopifyAdminFake({ accessToken: 'shpat_bench' });
  const server = await startTestServer({}, undefined, { shopifyAdminOrigin: () => shopify.origin, platformRetries: 0 });
  const stores: Storefront[] = [];
  let browser: Browser | undefined;
  try {
    const shop = await seedWidgetShop(server, shopify);
    const plain = await startStorefront({ backendUrl: server.url, shop: WIDGET_SHOP, withWidget: false });
    const widget = await startStorefront({ backendUrl: server.url, shop: WIDGET_SHOP, withWidget: true });
    stores.push(plain, widget);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const path = `/products/khaddar-shawl?login=${shop.shopperId}&locale=en`;
    await measure(browser, `${widget.url}${path}`, false); // warm-up: first Chromium start and JIT
    const without: PageMetrics[] = [];
    const withWidget: PageMetrics[] = [];
    const opens: number[] = [];
    for (let i = 0; i < o.runs; i++) {
      progress(`storefront: run ${i + 1}/${o.runs}`);
      without.push(await measure(browser, `${plain.url}${path}`, false));
      const w = await measure(browser, `${widget.url}${path}`, true);
      withWidget.push(w);
      if (w.panelOpenMs !== null) opens.push(w.panelOpenMs);
    }
    return {
      sizes,
      runs: o.runs,
      throttling,
      without: medians(without),
      with: medians(withWidget),
      panelOpenMs: opens.length ? median(opens) : null,
    };
  } finally {
    await browser?.close();
    for (const s of stores) await s.close();
    await server.close();
    await shopify.close();
  }
}

export function storefrontReport(r: StorefrontResult, table: (rows: Array<Array<string | number>>) => string): string[] {
  const out = [`Storefront widget: assets (gzip -9)`];
  out.push(table([['', 'bytes', 'gzipped'], ...Object.entries(r.sizes).map(([n, s]) => [n, s.bytes, s.gzip])]));
  out.push(
    `  launcher budget 10 KB gzipped: ${r.sizes['rapport-widget.js']!.gzip <= 10 * 1024 ? 'PASS' : 'MISS'}; the panel loads only on open`,
  );
  if (r.skipped) return [...out, `  page comparison skipped: ${r.skipped}`];
  out.push('', `Storefront page without vs with the widget (logged-in member), medians of ${r.runs} runs each; ${r.throttling}`);
  const row = (label: string, m: PageMetrics) => [label, m.lcpMs, m.cls, m.tbtMs, m.longTasks, m.transferBytes, m.requests];
  const d = (a: number, b: number) =>
    b - a >= 0 ? `+${Math.round((b - a) * 10_000) / 10_000}` : String(Math.round((b - a) * 10_000) / 10_000);
  out.push(
    table([
      ['', 'LCP ms', 'CLS', 'TBT ms', 'long tasks', 'transferred B', 'requests'],
      row('without widget', r.without),
      row('with widget', r.with),
      [
        'difference',
        d(r.without.lcpMs, r.with.lcpMs),
        d(r.without.cls, r.with.cls),
        d(r.without.tbtMs, r.with.tbtMs),
        d(r.without.longTasks, r.with.longTasks),
        d(r.without.transferBytes, r.with.transferBytes),
        d(r.without.requests, r.with.requests),
      ],
    ]),
  );
  if (r.panelOpenMs !== null)
    out.push(`  opening the panel (click to balance shown, panel script fetched on hover/click): median ${r.panelOpenMs} ms`);
  return out;
}
