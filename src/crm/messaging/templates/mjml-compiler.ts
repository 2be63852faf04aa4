import type * as HtmlToText from 'html-to-text';
import type Mjml2Html from 'mjml';

// mjml and html-to-text are heavy to load (about a second): they are imported on the first
// compile, so start-up and the routes that never render an email do not pay for them.

export type MjmlError = { line: number; message: string };
export type MjmlOutcome = { ok: true; html: string } | { ok: false; errors: MjmlError[] };

let mjml: Promise<typeof Mjml2Html> | undefined;
let htmlToText: Promise<typeof HtmlToText> | undefined;

/**
 * Compiles with every validation error reported; those `excused` (an attribute whose value is a
 * Liquid placeholder, `background-color="{% if … %}"`, cannot be checked before the merge) do not
 * fail the compile.
 */
export async function compileMjml(source: string, excused: (e: MjmlError) => boolean = () => false): Promise<MjmlOutcome> {
  const mjml2html = await (mjml ??= import('mjml').then((m) => m.default));
  try {
    // mj-include would read files of this server: never.
    const result = await mjml2html(source, { validationLevel: 'soft', ignoreIncludes: true, keepComments: false });
    const errors = result.errors.map((e) => ({ line: e.line, message: e.message })).filter((e) => !excused(e));
    if (errors.length > 0) return { ok: false, errors };
    return { ok: true, html: result.html };
  } catch (err) {
    // mjml's ValidationError lists what it found (`errors`; `details` in some releases).
    const e = err as { errors?: unknown; details?: unknown };
    const details = (Array.isArray(e.errors) ? e.errors : e.details) as Array<{ line?: number; message?: string }> | undefined;
    if (Array.isArray(details) && details.length > 0)
      return { ok: false, errors: details.map((d) => ({ line: d.line ?? 0, message: d.message ?? String(d) })) };
    return { ok: false, errors: [{ line: 0, message: err instanceof Error ? err.message.trim() : String(err) }] };
  }
}

/**
 * The plain-text part of an email from its HTML: paragraphs, line breaks, links as `text [url]`.
 * Not wrapped: it is converted before the merge, so widths would be the placeholders', not the text's.
 */
export async function plainTextOf(html: string): Promise<string> {
  const { convert } = await (htmlToText ??= import('html-to-text'));
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'img', format: 'skip' },
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
      ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
    ],
  });
}
