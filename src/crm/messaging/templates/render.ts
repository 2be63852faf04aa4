import type { RenderedEmail } from '../message.ts';
import type { CompiledVariant } from './compile.ts';
import { htmlLiquid, renderLiquid, plainLiquid, type MergeFormat } from './liquid.ts';
import type { MergeContext } from './merge-fields.ts';

// The per-shopper step: only the Liquid merge of an already compiled variant (compile.ts).

export function renderEmail(variant: CompiledVariant, context: MergeContext, format: MergeFormat): RenderedEmail {
  return {
    // One line, whatever the merge produced: a subject is a mail header.
    subject: renderLiquid(plainLiquid, variant.subject, context, format).replace(/\s+/g, ' ').trim(),
    html: renderLiquid(htmlLiquid, variant.html, context, format),
    // Lines a false `{% if %}` left empty are folded, so the text reads as written.
    text: renderLiquid(plainLiquid, variant.text, context, format)
      .replace(/[ \t]+\n/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
    language: variant.language,
    dir: variant.dir,
  };
}
