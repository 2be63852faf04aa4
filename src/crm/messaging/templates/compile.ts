import type { Template } from 'liquidjs';
import { LANGUAGE_LOOK, type TemplateLanguage } from './languages.ts';
import { htmlLiquid, parseChecked, plainLiquid } from './liquid.ts';
import { compileMjml, plainTextOf } from './mjml-compiler.ts';
import { mjmlDocument, protectLiquid } from './mjml-source.ts';
import type { TemplateProblem, TemplateVariant } from './template.ts';

// One language variant compiled once: MJML to HTML (the slow part), then the subject, the HTML
// and the plain text parsed as Liquid, ready to be merged per shopper (render.ts).

export type CompiledVariant = {
  language: TemplateLanguage;
  dir: 'ltr' | 'rtl';
  subject: Template[];
  html: Template[];
  text: Template[];
};

export type CompileOutcome = { ok: true; compiled: CompiledVariant } | { ok: false; problem: TemplateProblem };

export async function compileVariant(language: TemplateLanguage, variant: TemplateVariant): Promise<CompileOutcome> {
  const fail = (part: TemplateProblem['part'], message: string, line?: number): CompileOutcome => ({
    ok: false,
    problem: { language, part, message, ...(line ? { line } : {}) },
  });
  const subject = parseChecked(plainLiquid, variant.subject);
  if (!subject.ok) return fail('subject', subject.message);
  // The body's Liquid on its own first, so its errors read in the merchant's terms.
  const bodyLiquid = parseChecked(htmlLiquid, variant.body);
  if (!bodyLiquid.ok) return fail('body', bodyLiquid.message);
  if (/<\s*(mjml|mj-body|mj-head|mj-include)\b/i.test(variant.body))
    return fail('body', 'the body is what goes inside <mj-body>: no <mjml>, <mj-head>, <mj-body> or <mj-include>');

  const { mjml, offset } = mjmlDocument(variant.body, language);
  const guarded = protectLiquid(mjml);
  const compiled = await compileMjml(guarded.source, (e) => guarded.holds(e.message));
  if (!compiled.ok) {
    const first = compiled.errors[0];
    const line = first && first.line > offset ? first.line - offset : undefined;
    return fail('body', compiled.errors.map((e) => e.message).join('; '), line);
  }
  const html = parseChecked(htmlLiquid, guarded.restore(compiled.html));
  if (!html.ok) return fail('body', html.message);

  let text;
  if (variant.text?.trim()) {
    text = parseChecked(plainLiquid, variant.text);
    if (!text.ok) return fail('text', text.message);
  } else {
    // Converted with the placeholders in: wrapping and heading styles never cut a Liquid tag.
    text = parseChecked(plainLiquid, guarded.restore(await plainTextOf(compiled.html)));
    if (!text.ok) return fail('body', text.message);
  }
  return {
    ok: true,
    compiled: { language, dir: LANGUAGE_LOOK[language].dir, subject: subject.template, html: html.template, text: text.template },
  };
}
