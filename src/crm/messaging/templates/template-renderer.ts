import type { RenderedEmail } from '../message.ts';
import { compileVariant, type CompileOutcome } from './compile.ts';
import { formatLocale, pickLanguage, TEMPLATE_LANGUAGES, type LanguagePick, type TemplateLanguage } from './languages.ts';
import { liquidMessage } from './liquid.ts';
import { SAMPLE_CONTEXT, type MergeContext } from './merge-fields.ts';
import { renderEmail } from './render.ts';
import type { TemplateProblem, TemplateVariant, TemplateVariants } from './template.ts';

// Renders templates for shoppers: picks the variant by language, compiles it once (kept by its
// content, so an edited template compiles again and an unchanged one never does) and merges.

/** Who reads the message and how the shop formats numbers. */
export type Reader = { language: string | null; shopLanguage: string | null; country: string | null; currency: string };

export type RenderOutcome =
  | { outcome: 'rendered'; email: RenderedEmail; pick: LanguagePick }
  | { outcome: 'invalid'; problem: TemplateProblem }
  | { outcome: 'no_variant' };

export class TemplateRenderer {
  private readonly compiled = new Map<string, Promise<CompileOutcome>>();

  constructor(private readonly capacity = 500) {}

  compile(language: TemplateLanguage, variant: TemplateVariant): Promise<CompileOutcome> {
    const key = JSON.stringify([language, variant.subject, variant.body, variant.text ?? null]);
    let entry = this.compiled.get(key);
    if (entry) {
      // Most recently used last: the first key is the one to drop.
      this.compiled.delete(key);
    } else {
      entry = compileVariant(language, variant);
      if (this.compiled.size >= this.capacity) this.compiled.delete(this.compiled.keys().next().value as string);
    }
    this.compiled.set(key, entry);
    return entry;
  }

  async render(variants: TemplateVariants, context: MergeContext, reader: Reader): Promise<RenderOutcome> {
    const pick = pickLanguage(languagesOf(variants), reader.language, reader.shopLanguage);
    const variant = pick && variants[pick.language];
    if (!pick || !variant) return { outcome: 'no_variant' };
    const compiled = await this.compile(pick.language, variant);
    if (!compiled.ok) return { outcome: 'invalid', problem: compiled.problem };
    try {
      const format = { locale: formatLocale(pick.language, reader.country), currency: reader.currency };
      return { outcome: 'rendered', email: renderEmail(compiled.compiled, context, format), pick };
    } catch (err) {
      return { outcome: 'invalid', problem: { language: pick.language, part: 'body', message: liquidMessage(err) } };
    }
  }

  /** Every variant's problems, found by compiling it and merging the sample shopper. */
  async check(variants: TemplateVariants): Promise<TemplateProblem[]> {
    const problems: TemplateProblem[] = [];
    for (const language of languagesOf(variants)) {
      const variant = variants[language] as TemplateVariant;
      const compiled = await this.compile(language, variant);
      if (!compiled.ok) {
        problems.push(compiled.problem);
        continue;
      }
      try {
        renderEmail(compiled.compiled, SAMPLE_CONTEXT, { locale: formatLocale(language, null), currency: 'PKR' });
      } catch (err) {
        problems.push({ language, part: 'body', message: liquidMessage(err) });
      }
    }
    return problems;
  }
}

/** The languages a template has, in the order of TEMPLATE_LANGUAGES. */
export function languagesOf(variants: TemplateVariants): TemplateLanguage[] {
  return TEMPLATE_LANGUAGES.filter((l) => variants[l] !== undefined);
}
