import { LANGUAGE_LOOK, type TemplateLanguage } from './languages.ts';

// A template's body is MJML with Liquid in it. MJML is compiled once per variant with every
// Liquid tag and output swapped for an inert placeholder, then the placeholders are put back and
// the resulting HTML is parsed as Liquid: per shopper only the Liquid merge runs.
// A Liquid tag between components (`{% if %}` around an `<mj-section>`) goes into `<mj-raw>`, so
// MJML keeps it at that place in the HTML; inside a component's content or a tag's attributes it
// stays where it is.

/** Components whose content is HTML, copied as written. */
const CONTENT_COMPONENTS = [
  'mj-text',
  'mj-button',
  'mj-table',
  'mj-raw',
  'mj-navbar-link',
  'mj-accordion-title',
  'mj-accordion-text',
  'mj-social-element',
];

const TOKENS = new RegExp(`\\{\\{[\\s\\S]*?\\}\\}|\\{%[\\s\\S]*?%\\}|<(/?)(${CONTENT_COMPONENTS.join('|')})\\b[^>]*?(/?)>`, 'g');

export type Protected = { source: string; liquid: string[]; restore: (text: string) => string; holds: (text: string) => boolean };

export function protectLiquid(body: string): Protected {
  let nonce = 7;
  while (body.includes(`[[${nonce}-`)) nonce = nonce * 10 + 7;
  const liquid: string[] = [];
  let depth = 0;
  let out = '';
  let last = 0;
  for (const m of body.matchAll(TOKENS)) {
    const at = m.index;
    const between = body.slice(last, at);
    out += between;
    last = at + m[0].length;
    if (m[2] !== undefined) {
      // A content component opening or closing (`<mj-raw/>` closes itself).
      if (m[1] === '/') depth = Math.max(0, depth - 1);
      else if (m[3] !== '/') depth += 1;
      out += m[0];
      continue;
    }
    const placeholder = `[[${nonce}-${liquid.length}]]`;
    liquid.push(m[0]);
    // Keep the line count, so MJML's line numbers still point into the merchant's text.
    const lines = '\n'.repeat(m[0].split('\n').length - 1);
    out += depth === 0 && !insideTag(out) ? `<mj-raw>${placeholder}</mj-raw>${lines}` : `${placeholder}${lines}`;
  }
  out += body.slice(last);
  const pattern = new RegExp(`\\[\\[${nonce}-(\\d+)\\]\\]`, 'g');
  return {
    source: out,
    liquid,
    restore: (text) => text.replace(pattern, (_, i: string) => liquid[Number(i)] ?? ''),
    holds: (text) => text.includes(`[[${nonce}-`),
  };
}

/** Whether the end of `html` is inside a tag's attributes (`<mj-section background-color="`). */
function insideTag(html: string): boolean {
  return html.lastIndexOf('<') > html.lastIndexOf('>');
}

/**
 * The whole MJML document around a variant's body: the language's direction and `lang`, its
 * fonts and alignment as defaults every component inherits (the merchant's own attributes win).
 * Returns how many lines come before the body, for error lines.
 */
export function mjmlDocument(body: string, language: TemplateLanguage): { mjml: string; offset: number } {
  const look = LANGUAGE_LOOK[language];
  const rtl = look.dir === 'rtl';
  const align = rtl ? 'right' : 'left';
  const head = [
    `<mjml lang="${look.htmlLang}" dir="${look.dir}">`,
    '<mj-head>',
    '<mj-attributes>',
    `<mj-all font-family="${look.fontFamily}" />`,
    `<mj-text align="${align}" line-height="${look.lineHeight}" font-size="15px" />`,
    ...(rtl ? ['<mj-section direction="rtl" />', '<mj-column direction="rtl" />', '<mj-table align="right" />'] : []),
    '</mj-attributes>',
    `<mj-style>body { direction: ${look.dir}; } td, div { unicode-bidi: embed; }</mj-style>`,
    '</mj-head>',
    '<mj-body>',
  ];
  return { mjml: `${head.join('\n')}\n${body}\n</mj-body>\n</mjml>`, offset: head.length };
}
