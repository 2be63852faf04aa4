import type { TemplateComponent, WhatsAppTemplatePayload } from '../whatsapp/payload.ts';
import { readableText } from '../whatsapp/payload.ts';
import { formatLocale, pickLanguage, type LanguagePick, type TemplateLanguage } from './languages.ts';
import { parseChecked, plainLiquid, renderLiquid, liquidMessage, type MergeFormat } from './liquid.ts';
import { SAMPLE_CONTEXT, type MergeContext } from './merge-fields.ts';
import { languagesOf, type Reader } from './template-renderer.ts';
import type { TemplateProblem, TemplateVariants, WhatsAppVariant } from './template.ts';

// WhatsApp templates: Meta holds the approved wording, a variant names it (per language, Meta's
// language code) and fills its body parameters from Liquid over the merge fields, checked with the
// same strict Liquid as email when saved (unknown merge fields refused, in every branch). Rendering
// for a shopper gives the Cloud API payload and a readable text for the outbox and the timeline.

/** Meta's codes for our languages (pa: the Punjabi template, which Meta labels `pa`). */
export const META_LANGUAGE: Record<TemplateLanguage, string> = { en: 'en', ur: 'ur', pa: 'pa', hi: 'hi' };

const TEMPLATE_NAME = /^[a-z0-9_]{1,512}$/;
const META_CODE = /^[a-z]{2,3}(_[A-Z]{2})?$/;

export function checkWhatsAppVariants(variants: TemplateVariants): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const language of languagesOf(variants)) {
    const w = variants[language]?.whatsapp;
    if (!w) {
      problems.push({ language, part: 'whatsapp', message: 'a WhatsApp variant names its approved template' });
      continue;
    }
    if (!TEMPLATE_NAME.test(w.template))
      problems.push({ language, part: 'template', message: 'lower-case letters, digits and _ (as approved at Meta)' });
    if (!META_CODE.test(w.metaLanguage))
      problems.push({ language, part: 'template', message: `not a Meta language code: ${w.metaLanguage}` });
    w.params.forEach((source, i) => {
      const parsed = parseChecked(plainLiquid, source);
      if (!parsed.ok) return problems.push({ language, part: `params.${i + 1}`, message: parsed.message });
      try {
        renderLiquid(plainLiquid, parsed.template, SAMPLE_CONTEXT, { locale: formatLocale(language, null), currency: 'PKR' });
      } catch (err) {
        problems.push({ language, part: `params.${i + 1}`, message: liquidMessage(err) });
      }
    });
  }
  return problems;
}

export type RenderedWhatsApp = { payload: WhatsAppTemplatePayload; text: string; language: TemplateLanguage; dir: 'ltr' | 'rtl' };

export type WhatsAppRenderOutcome =
  | { outcome: 'rendered'; message: RenderedWhatsApp; pick: LanguagePick }
  | { outcome: 'invalid'; problem: TemplateProblem }
  | { outcome: 'no_variant' };

/** The variant in the shopper's language (the email fallback chain), filled for them. */
export function renderWhatsApp(variants: TemplateVariants, context: MergeContext, reader: Reader): WhatsAppRenderOutcome {
  const pick = pickLanguage(languagesOf(variants), reader.language, reader.shopLanguage);
  const w = pick && variants[pick.language]?.whatsapp;
  if (!pick || !w) return { outcome: 'no_variant' };
  const format: MergeFormat = { locale: formatLocale(pick.language, reader.country), currency: reader.currency };
  const params: string[] = [];
  for (const [i, source] of w.params.entries()) {
    const parsed = parseChecked(plainLiquid, source);
    if (!parsed.ok) return { outcome: 'invalid', problem: { language: pick.language, part: `params.${i + 1}`, message: parsed.message } };
    try {
      // Meta refuses an empty parameter and newlines in one: a dash, and one line.
      params.push(renderLiquid(plainLiquid, parsed.template, context, format).replace(/\s+/g, ' ').trim() || '-');
    } catch (err) {
      return { outcome: 'invalid', problem: { language: pick.language, part: `params.${i + 1}`, message: liquidMessage(err) } };
    }
  }
  const payload = whatsAppTemplatePayload(w, params);
  const dir = pick.language === 'ur' || pick.language === 'pa' ? 'rtl' : 'ltr';
  return { outcome: 'rendered', message: { payload, text: readableText(payload), language: pick.language, dir }, pick };
}

export function whatsAppTemplatePayload(w: WhatsAppVariant, params: string[]): WhatsAppTemplatePayload {
  const components: TemplateComponent[] = [];
  if (params.length) components.push({ type: 'body', parameters: params.map((text) => ({ type: 'text', text })) });
  (w.buttons ?? []).forEach((payload, index) =>
    components.push({ type: 'button', sub_type: 'quick_reply', index: String(index), parameters: [{ type: 'payload', payload }] }),
  );
  return { type: 'template', name: w.template, language: w.metaLanguage, components };
}

/** The body parameters of a rendered template, in order. */
export const filledParams = (p: WhatsAppTemplatePayload): string[] =>
  p.components.flatMap((c) => (c.type === 'body' ? c.parameters.map((x) => (x.type === 'text' ? x.text : x.payload)) : []));

/** The quick-reply payloads of a rendered template, by button index. */
export const buttonPayloads = (p: WhatsAppTemplatePayload): string[] =>
  p.components.flatMap((c) => (c.type === 'button' ? c.parameters.map((x) => x.payload) : []));
