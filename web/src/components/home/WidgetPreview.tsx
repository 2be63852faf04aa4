import { BlockStack, Text } from '@shopify/polaris';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Api } from '../../../../extensions/rapport-widget/src/api.ts';
import { fill, type RapportConfig, type WidgetContext } from '../../../../extensions/rapport-widget/src/config.ts';
import { h } from '../../../../extensions/rapport-widget/src/panel/dom.ts';
import { panelCss } from '../../../../extensions/rapport-widget/src/panel/panel.css.ts';
import { DEFAULT_TEXTS } from '../../../../extensions/rapport-widget/src/panel/texts.ts';
import { homeView } from '../../../../extensions/rapport-widget/src/panel/views.ts';
import type { ProgramSettings } from '../../api.ts';
import { currentLanguage, isRtl, type Language } from '../../i18n.ts';
import { shopperView } from './shopperView.ts';

// Home's "preview the widget" step: the storefront widget's own points view (the widget's code,
// its styles and its storefront locale texts), fed with the program's real earning rules and a
// sample balance, in the panel's language. Nothing is fetched from a storefront.

export const SAMPLE_BALANCE = 1250;

type ThemeLocale = { default: { rapport?: { widget?: Record<string, string> } } };
// The theme app extension's storefront locales (extensions/rapport-theme/locales); each its own chunk.
const themeTexts: Partial<Record<Language, () => Promise<ThemeLocale>>> = {
  ur: () => import('../../../../extensions/rapport-theme/locales/ur.json'),
  'pa-Arab': () => import('../../../../extensions/rapport-theme/locales/pa.json'),
  hi: () => import('../../../../extensions/rapport-theme/locales/hi.json'),
};
// The locale the widget formats numbers and money with, as a storefront in that language would.
const widgetLocale: Record<Language, string> = { en: 'en', ur: 'ur', 'pa-Arab': 'pa-Arab', 'pa-Guru': 'pa-Guru', hi: 'hi' };

const noNetwork: Api = {
  get: async () => ({ ok: false, status: 0, message: '', reason: 'preview' }),
  post: async () => ({ ok: false, status: 0, message: '', reason: 'preview' }),
  loyalty: async () => ({ ok: false, status: 0, message: '', reason: 'preview' }),
};

function ensurePanelCss(): void {
  if (document.getElementById('rapport-widget-preview-css')) return;
  const style = document.createElement('style');
  style.id = 'rapport-widget-preview-css';
  style.textContent = panelCss;
  document.head.append(style);
}

export function WidgetPreview({ settings, currency }: { settings: ProgramSettings; currency: string }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const into = useRef<HTMLDivElement>(null);
  const [texts, setTexts] = useState<Record<string, string> | null>(null);

  useEffect(() => {
    let live = true;
    const load = themeTexts[lang];
    if (!load) setTexts(DEFAULT_TEXTS);
    else
      void load().then(
        (m) => {
          if (live) setTexts({ ...DEFAULT_TEXTS, ...m.default.rapport?.widget });
        },
        () => {
          if (live) setTexts(DEFAULT_TEXTS);
        },
      );
    return () => {
      live = false;
    };
  }, [lang]);

  useEffect(() => {
    const el = into.current;
    if (!el || !texts) return;
    ensurePanelCss();
    const locale = widgetLocale[lang];
    const cfg: RapportConfig = {
      platform: 'shopify',
      apiBase: '',
      panelUrl: '',
      loggedIn: true,
      locale,
      dir: isRtl(lang) ? 'rtl' : 'ltr',
      position: 'right',
      accent: '#1f5f4a',
      accentText: '#ffffff',
      currency,
      loginUrl: '#',
      signupUrl: '#',
      texts,
    };
    const number = new Intl.NumberFormat(locale);
    const ctx: WidgetContext = {
      cfg,
      api: noNetwork,
      t: (key, vars) => fill(texts[key] ?? key, vars),
      fmt: (n) => number.format(n),
      refresh: () => undefined,
    };
    const root = h(
      'div',
      { class: 'rapport-root', dir: cfg.dir, lang: locale },
      h(
        'div',
        { class: 'rapport-panel' },
        h('div', { class: 'rapport-head' }, h('p', { style: 'margin:0;font-size:17px;font-weight:600' }, ctx.t('title'))),
        h('div', { class: 'rapport-body' }, homeView(ctx, shopperView(settings, SAMPLE_BALANCE))),
      ),
    );
    root.style.setProperty('--rapport-accent', cfg.accent);
    root.style.setProperty('--rapport-accent-text', cfg.accentText);
    el.replaceChildren(root);
  }, [texts, lang, settings, currency]);

  return (
    <BlockStack gap="200">
      <div className="rapport-widget-preview" ref={into} data-testid="widget-preview" />
      <Text as="p" tone="subdued" variant="bodySm">
        {t('onboarding.preview.sample', { points: new Intl.NumberFormat(widgetLocale[lang]).format(SAMPLE_BALANCE) })}
      </Text>
      {!themeTexts[lang] && lang !== 'en' && (
        <Text as="p" tone="subdued" variant="bodySm">
          {t('onboarding.preview.englishTexts')}
        </Text>
      )}
    </BlockStack>
  );
}
