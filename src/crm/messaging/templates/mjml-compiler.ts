import type * as HtmlToText from 'html-to-text';
import type Mjml2Html from 'mjml';

// mjml and html-to-text are heavy to load (about a second): they are imported on the first
// compile, so start-up and the routes that never render an email do not pay for them.

export type MjmlOutcome = { ok: true; html: string } | { ok: false; errors: Array<{ line: number; message: string }> };

let mjml: Promise<typeof Mjml2Html> | undefined;
let htmlToText: Promise<typeof HtmlToText> | undefined;

export async function compileMjml(source: string): Promise<MjmlOutcome> {
  const mjml2html = await (mjml ??= import('mjml').then((m) => m.default));
  try {
    // mj-include would read files of this server: never.
    const result = await mjml2html(source, { validationLevel: 'strict', ignoreIncludes: true, keepComments: false });
    if (result.errors.length > 0) return { ok: false, errors: result.errors.map((e) => ({ line: e.line, message: e.message })) };
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
