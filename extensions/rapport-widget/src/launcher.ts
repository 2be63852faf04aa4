import { createApi, type Loyalty } from './api.ts';
import { fill, readConfig, type PanelModule, type RapportConfig, type WidgetContext } from './config.ts';
import { pointsWithCampaigns, variantPrice } from './earn.ts';
import { launcherCss } from './launcher.css.ts';

// The launcher: the only script on every page (deferred, a few KB). It draws the floating
// button, fills the theme blocks (balance, "earn X points") and loads the panel script only when
// the shopper opens it, hovers the button, or scrolls a rewards block into view.

const GIFT =
  '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M20 7h-2.2A3 3 0 0 0 12 3.8 3 3 0 0 0 6.2 7H4a1 1 0 0 0-1 1v3a1 1 0 0 0 1 1v8a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-8a1 1 0 0 0 1-1V8a1 1 0 0 0-1-1Zm-7-1a1 1 0 1 1 1 1h-1V6Zm-3-1a1 1 0 0 1 1 1v1h-1a1 1 0 0 1 0-2Zm1 15H6v-8h5v8Zm0-10H5V9h6v2Zm7 10h-5v-8h5v8Zm1-10h-6V9h6v2Z"/></svg>';

const cfg = readConfig(document, window);
if (cfg && !document.getElementById('rapport-root')) start(cfg);

function start(cfg: RapportConfig): void {
  const api = createApi(cfg);
  // Created on first use: building a number formatter loads locale data, a long task on slow phones.
  let nf: Intl.NumberFormat | undefined;
  const ctx: WidgetContext = {
    cfg,
    api,
    fmt: (n) => (nf ??= new Intl.NumberFormat(cfg.locale)).format(n),
    refresh: () => void load(true),
    t: (key, vars) => fill(cfg.texts[key] ?? key, vars),
  };

  const style = document.createElement('style');
  style.textContent = launcherCss;
  document.head.appendChild(style);
  const root = document.createElement('div');
  root.id = 'rapport-root';
  root.className = `rapport-root rapport-${cfg.position === 'left' ? 'start' : 'end'}`;
  root.dir = cfg.dir;
  // The script matters to fonts and screen readers: Punjabi is Gurmukhi or Shahmukhi (pa-Arab).
  root.lang = cfg.lang || cfg.locale;
  root.style.setProperty('--rapport-accent', cfg.accent);
  root.style.setProperty('--rapport-accent-text', cfg.accentText);
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'rapport-launcher';
  button.setAttribute('aria-haspopup', 'dialog');
  button.setAttribute('aria-expanded', 'false');
  button.innerHTML = GIFT;
  const label = document.createElement('span');
  label.textContent = ctx.t('launcher');
  button.appendChild(label);
  root.appendChild(button);
  document.body.appendChild(root);

  let panel: Promise<PanelModule> | undefined;
  const loadPanel = (): Promise<PanelModule> =>
    (panel ??= new Promise<PanelModule>((resolve, reject) => {
      if (window.RapportPanel) return resolve(window.RapportPanel);
      const s = document.createElement('script');
      s.src = cfg.panelUrl;
      s.async = true;
      s.onload = () => (window.RapportPanel ? resolve(window.RapportPanel) : reject(new Error('rapport: panel did not register')));
      s.onerror = () => {
        panel = undefined; // a flaky network: the next click tries again
        reject(new Error('rapport: panel failed to load'));
      };
      document.head.appendChild(s);
    }));
  const open = (view: string) =>
    void loadPanel().then(
      (p) => p.open(ctx, view),
      () => undefined,
    );

  button.addEventListener('click', () => open('home'));
  // Warm the panel while the pointer travels to the button: the click then opens at once.
  button.addEventListener('pointerenter', () => void loadPanel().catch(() => undefined), { once: true });
  document.addEventListener('click', (e) => {
    const trigger = (e.target as Element | null)?.closest?.('[data-rapport-open]');
    if (!trigger) return;
    e.preventDefault();
    open(trigger.getAttribute('data-rapport-open') || 'home');
  });
  const fromHash = () => {
    const m = /^#rapport-(home|rewards|history|refer)$/.exec(location.hash);
    if (m) open(m[1]!);
  };
  window.addEventListener('hashchange', fromHash);
  fromHash();

  let last: Loyalty | undefined;
  function paint(l: Loyalty): void {
    last = l;
    let badge = button.querySelector('.rapport-badge');
    if (l.member) {
      if (!badge) {
        badge = document.createElement('span');
        badge.className = 'rapport-badge';
        button.appendChild(badge);
      }
      badge.textContent = ctx.fmt(l.member.balance);
      button.setAttribute('aria-label', `${ctx.t('launcher')}: ${ctx.t('points', { points: ctx.fmt(l.member.balance) })}`);
    }
    for (const el of document.querySelectorAll<HTMLElement>('[data-rapport-balance]')) {
      if (l.member) el.textContent = ctx.t('points', { points: ctx.fmt(l.member.balance) });
    }
    for (const el of document.querySelectorAll<HTMLElement>('[data-rapport-earn]')) {
      const points = l.enabled
        ? pointsWithCampaigns(
            Number(el.dataset.price),
            el.dataset.currency ?? '',
            l.earning,
            l.member?.tier?.multiplier ?? 1,
            l.rounding ?? 'floor',
            l.campaigns,
          )
        : null;
      const out = el.querySelector<HTMLElement>('[data-rapport-earn-text]') ?? el;
      // Hidden while nothing is earned; shown again when another variant's price earns points.
      el.hidden = !points;
      if (points) out.textContent = fill(el.dataset.template ?? ctx.t('earn'), { points: ctx.fmt(points) });
    }
  }
  async function load(fresh = false): Promise<void> {
    const r = await api.loyalty(fresh);
    if (r.ok) paint(r.data);
  }

  // "Earn X points" follows the selected variant. Dawn and the themes built on it set the product
  // form's hidden `input[name="id"]` and dispatch a bubbling `change`; simpler forms use a
  // `select[name="id"]`; other themes send `variant:change` with the variant in `detail`. The
  // theme editor's `shopify:section:load` brings a fresh block to fill.
  const selectVariant = (id: unknown) => {
    if (id === null || id === undefined || id === '') return;
    for (const el of document.querySelectorAll<HTMLElement>('[data-rapport-earn]')) {
      const price = variantPrice(el.querySelector('[data-rapport-variants]')?.textContent, String(id));
      if (price !== null) {
        el.dataset.price = String(price);
        el.dataset.variant = String(id);
      }
    }
    if (last) paint(last);
  };
  document.addEventListener('change', (e) => {
    const input = e.target as HTMLInputElement | null;
    if (input?.name === 'id' && input.closest?.('form[action*="/cart/add"]')) selectVariant(input.value);
  });
  document.addEventListener('variant:change', (e) => {
    const d = (e as CustomEvent<{ variant?: { id?: unknown } } | null>).detail;
    selectVariant(d?.variant?.id);
  });
  document.addEventListener('shopify:section:load', () => void load());

  // A guest on a page without our blocks needs no data until they open the panel.
  if (cfg.loggedIn || document.querySelector('[data-rapport-balance],[data-rapport-earn]')) {
    const idle = (window as Window & { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => void }).requestIdleCallback;
    if (idle) idle(() => void load(), { timeout: 2000 });
    else setTimeout(() => void load(), 1);
  }
  const inline = document.querySelectorAll<HTMLElement>('[data-rapport-inline]');
  if (inline.length) {
    const io = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          if (!e.isIntersecting) continue;
          io.unobserve(e.target);
          const el = e.target as HTMLElement;
          void loadPanel().then(
            (p) => p.inline(ctx, el, el.dataset.rapportInline || 'rewards'),
            () => undefined,
          );
        }
      },
      { rootMargin: '200px' },
    );
    inline.forEach((el) => io.observe(el));
  }
}
