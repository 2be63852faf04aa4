import type { TemplateLanguage } from './languages.ts';

// A message template as stored: a name, a channel, whether it is marketing (needs consent) or
// transactional, and one variant per language.

export type TemplateVariant = {
  subject: string;
  /** MJML: what goes inside `<mj-body>` (sections, columns, text, buttons), with Liquid merge fields. */
  body: string;
  /** The plain-text part, when the merchant writes it; otherwise derived from the body. */
  text?: string | null;
};

export type TemplateVariants = Partial<Record<TemplateLanguage, TemplateVariant>>;

export const TEMPLATE_PURPOSES = ['marketing', 'transactional'] as const;
export type TemplatePurpose = (typeof TEMPLATE_PURPOSES)[number];

export type MessageTemplate = {
  id: string;
  accountId: string;
  name: string;
  /** 'email' for now; a string so WhatsApp (and SMS) templates join without a migration. */
  channel: string;
  purpose: TemplatePurpose;
  variants: TemplateVariants;
  createdAt: string;
  updatedAt: string;
};

/** What is wrong with a variant, said so the editor can point at it. */
export type TemplateProblem = { language: TemplateLanguage; part: 'subject' | 'body' | 'text'; message: string; line?: number };
