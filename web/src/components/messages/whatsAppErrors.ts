import { fieldErrors } from '../../hooks/useFieldErrors.ts';
import { templateProblems } from './TemplatePreviewPane.tsx';
import type { TemplateLanguage } from './templateDraft.ts';

// Where a failed save of a WhatsApp template went wrong, field by field: the request schema's 400
// names `variants.<language>.whatsapp.<field>[.<index>]`, the template check's names a part
// (`template`, `params.N` counted from 1, `whatsapp`) in `details.problems`.

export type WhatsAppFieldErrors = {
  variant?: string;
  template?: string;
  metaLanguage?: string;
  params: Record<number, string>;
  buttons: Record<number, string>;
  /** A problem with the list as a whole (too many). */
  paramsList?: string;
  buttonsList?: string;
};

export function whatsAppFieldErrors(error: unknown, language: TemplateLanguage): WhatsAppFieldErrors {
  const out: WhatsAppFieldErrors = { params: {}, buttons: {} };
  const prefix = `variants.${language}.whatsapp`;
  for (const [path, message] of Object.entries(fieldErrors(error))) {
    if (path === prefix) out.variant ??= message;
    if (!path.startsWith(`${prefix}.`)) continue;
    const [field, index] = path.slice(prefix.length + 1).split('.');
    if (field === 'template') out.template ??= message;
    else if (field === 'metaLanguage') out.metaLanguage ??= message;
    else if (field === 'params' && index === undefined) out.paramsList ??= message;
    else if (field === 'params') out.params[Number(index)] ??= message;
    else if (field === 'buttons' && index === undefined) out.buttonsList ??= message;
    else if (field === 'buttons') out.buttons[Number(index)] ??= message;
  }
  for (const p of templateProblems(error) ?? []) {
    if (p.language !== language) continue;
    const param = /^params\.(\d+)$/.exec(p.part);
    if (param) out.params[Number(param[1]) - 1] ??= p.message;
    else if (p.part === 'template') out.template ??= p.message;
    else if (p.part === 'whatsapp') out.variant ??= p.message;
  }
  return out;
}

/** The languages whose fields a failed save marked (to say which tabs to look at). */
export function languagesWithFieldErrors(error: unknown): string[] {
  const found = new Set<string>();
  for (const path of Object.keys(fieldErrors(error))) {
    const m = /^variants\.(\w+)\./.exec(path) ?? /^variants\.(\w+)$/.exec(path);
    if (m) found.add(m[1]!);
  }
  return [...found];
}
