// The html part as a whole document that says its language and direction: a template's MJML
// output already is one (its <html> gets `dir`/`lang` if it lacks them); a fragment (a test email
// typed in the panel) is wrapped. Mail clients lay Urdu and Shahmukhi out right to left only when told.

const escapeAttr = (v: string) => v.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);

export function htmlDocument(html: string, dir: 'ltr' | 'rtl', language: string): string {
  const attrs = `dir="${dir}" lang="${escapeAttr(language)}"`;
  const root = /<html\b[^>]*>/i.exec(html);
  if (!root) {
    return `<!doctype html><html ${attrs}><head><meta charset="utf-8"></head><body dir="${dir}">${html}</body></html>`;
  }
  const tag = root[0];
  let patched = tag;
  if (!/\sdir\s*=/i.test(tag)) patched = patched.replace(/^<html\b/i, `<html dir="${dir}"`);
  if (!/\slang\s*=/i.test(tag)) patched = patched.replace(/^<html\b/i, `<html lang="${escapeAttr(language)}"`);
  return html.slice(0, root.index) + patched + html.slice(root.index + tag.length);
}
