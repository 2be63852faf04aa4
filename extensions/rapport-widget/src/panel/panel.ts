import type { Loyalty } from '../api.ts';
import type { PanelModule, WidgetContext } from '../config.ts';
import { h } from './dom.ts';
import { panelCss } from './panel.css.ts';
import { rewardsView } from './rewards.ts';
import { DEFAULT_TEXTS } from './texts.ts';
import { historyView, homeView, referView } from './views.ts';

// The panel: loaded by the launcher on first open. A non-modal dialog with four views; focus
// goes in on open and back to the launcher on close (Escape too).

const VIEWS = ['home', 'rewards', 'history', 'refer'] as const;
type View = (typeof VIEWS)[number];
const TAB_KEY: Record<View, string> = { home: 'tabHome', rewards: 'tabRewards', history: 'tabHistory', refer: 'tabRefer' };

let dialog: HTMLElement | undefined;
let body: HTMLElement;
let tabs: Record<View, HTMLElement>;
let prepared = false;

function prepare(ctx: WidgetContext): void {
  if (prepared) return;
  prepared = true;
  for (const [k, v] of Object.entries(DEFAULT_TEXTS)) if (!(k in ctx.cfg.texts) || ctx.cfg.texts[k] === '') ctx.cfg.texts[k] = v;
  const style = document.createElement('style');
  style.textContent = panelCss;
  document.head.appendChild(style);
}

async function render(ctx: WidgetContext, view: View, into: HTMLElement): Promise<void> {
  into.replaceChildren(h('p', { class: 'rapport-muted' }, ctx.t('loading')));
  // The launcher fetched this a moment ago (a one-minute cache); a redemption refreshes it.
  const l = await ctx.api.loyalty();
  if (!l.ok) {
    into.replaceChildren(
      h('p', { class: 'rapport-note rapport-error', role: 'alert' }, ctx.t(l.status === 0 ? 'errNetwork' : 'errGeneric')),
    );
    return;
  }
  const data: Loyalty = l.data;
  const el =
    view === 'home'
      ? homeView(ctx, data)
      : view === 'rewards'
        ? await rewardsView(ctx, data)
        : view === 'history'
          ? data.member
            ? await historyView(ctx)
            : homeView(ctx, data)
          : referView(ctx, data);
  into.replaceChildren(el);
}

function launcher(): HTMLElement | null {
  return document.querySelector('#rapport-root .rapport-launcher');
}

function close(): void {
  if (!dialog || dialog.hidden) return;
  dialog.hidden = true;
  const b = launcher();
  b?.setAttribute('aria-expanded', 'false');
  b?.focus();
}

function open(ctx: WidgetContext, requested: string): void {
  prepare(ctx);
  const view: View = (VIEWS as readonly string[]).includes(requested) ? (requested as View) : 'home';
  if (!dialog) {
    body = h('div', { class: 'rapport-body', id: 'rapport-body', role: 'tabpanel' });
    const tabList = h('div', { class: 'rapport-tabs', role: 'tablist' });
    tabs = Object.fromEntries(
      VIEWS.map((v) => {
        const b = h(
          'button',
          { type: 'button', class: 'rapport-tab', role: 'tab', 'aria-controls': 'rapport-body', 'data-view': v },
          ctx.t(TAB_KEY[v]),
        );
        b.addEventListener('click', () => select(ctx, v));
        tabList.append(b);
        return [v, b];
      }),
    ) as Record<View, HTMLElement>;
    dialog = h(
      'div',
      { class: 'rapport-panel', role: 'dialog', 'aria-labelledby': 'rapport-title', tabindex: '-1' },
      h(
        'div',
        { class: 'rapport-head' },
        h('h2', { id: 'rapport-title' }, ctx.t('title')),
        h('button', { type: 'button', class: 'rapport-x', 'aria-label': ctx.t('close'), onclick: close }, '×'),
      ),
      tabList,
      body,
    );
    dialog.addEventListener('keydown', (e) => {
      if ((e as KeyboardEvent).key === 'Escape') close();
    });
    (document.getElementById('rapport-root') ?? document.body).append(dialog);
  }
  dialog.hidden = false;
  launcher()?.setAttribute('aria-expanded', 'true');
  select(ctx, view);
  dialog.focus();
}

function select(ctx: WidgetContext, view: View): void {
  for (const v of VIEWS) tabs[v].setAttribute('aria-selected', String(v === view));
  void render(ctx, view, body);
}

/** A rewards-list app block on a loyalty page: the same view, in the page. */
function inline(ctx: WidgetContext, el: HTMLElement, view: string): void {
  prepare(ctx);
  el.classList.add('rapport-root');
  el.style.setProperty('--rapport-accent', ctx.cfg.accent);
  el.style.setProperty('--rapport-accent-text', ctx.cfg.accentText);
  const into = h('div', { class: 'rapport-body' });
  el.replaceChildren(into);
  void render(ctx, (VIEWS as readonly string[]).includes(view) ? (view as View) : 'rewards', into);
}

const panel: PanelModule = { open, inline };
window.RapportPanel = panel;
