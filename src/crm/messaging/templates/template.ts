import type { TemplateLanguage } from './languages.ts';

// A message template as stored: a name, a channel, whether it is marketing (needs consent) or
// transactional, and one variant per language.

/**
 * A WhatsApp variant names a template approved at Meta (WhatsApp Manager) and fills it: Meta holds
 * the wording, Rapport the parameters, each Liquid over the merge fields (`{{ first_name }}`).
 */
export type WhatsAppVariant = {
  /** The approved template's name at Meta (lower-case letters, digits, _). */
  template: string;
  /** Meta's language code of that approved translation: en, ur, pa, hi (or en_US…). */
  metaLanguage: string;
  /** Body parameters {{1}}, {{2}}… in order, each Liquid over the merge fields. */
  params: string[];
  /** Payloads of the template's quick-reply buttons by index (what a press sends back). */
  buttons?: string[] | null;
};

export type TemplateVariant = {
  /** Email only (empty for WhatsApp). */
  subject: string;
  /** MJML: what goes inside `<mj-body>` (sections, columns, text, buttons), with Liquid merge fields. */
  body: string;
  /** The plain-text part, when the merchant writes it; otherwise derived from the body. */
  text?: string | null;
  /** WhatsApp templates only. */
  whatsapp?: WhatsAppVariant | null;
};

export type TemplateVariants = Partial<Record<TemplateLanguage, TemplateVariant>>;

export const TEMPLATE_PURPOSES = ['marketing', 'transactional'] as const;
export type TemplatePurpose = (typeof TEMPLATE_PURPOSES)[number];

export type MessageTemplate = {
  id: string;
  accountId: string;
  name: string;
  /** 'email' or 'whatsapp'; a string so SMS templates join without a migration. */
  channel: string;
  purpose: TemplatePurpose;
  variants: TemplateVariants;
  createdAt: string;
  updatedAt: string;
};

/** What is wrong with a variant, said so the editor can point at it. */
export type TemplateProblem = {
  language: TemplateLanguage;
  /** `params.N` / `buttons.N`: a WhatsApp variant's parameter (from 1) or button (from 0). */
  part: 'subject' | 'body' | 'text' | `params.${number}` | 'template' | 'whatsapp';
  message: string;
  line?: number;
};
