import { z } from 'zod';

// Request and response shapes of the message template routes (message-templates.routes.ts). The
// template language itself (Liquid merge fields, MJML) is checked by the domain, which answers
// 400 with each problem's language and part.

const languages = ['en', 'ur', 'pa', 'hi'] as const;

export const templateVariant = z.strictObject({
  subject: z.string().min(1).max(500),
  /** MJML: what goes inside `<mj-body>`, with Liquid merge fields and conditions. */
  body: z.string().min(1).max(100_000),
  /** The plain-text part; empty or absent: derived from the body. */
  text: z.string().max(50_000).nullable().optional(),
});
export const templateVariants = z.strictObject({
  en: templateVariant.optional(),
  ur: templateVariant.optional(),
  pa: templateVariant.optional(),
  hi: templateVariant.optional(),
});

export const templateInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
  channel: z.enum(['email']).default('email'),
  purpose: z.enum(['marketing', 'transactional']),
  variants: templateVariants,
});

export const messageTemplate = z.object({
  id: z.string(),
  name: z.string(),
  channel: z.string(),
  purpose: z.enum(['marketing', 'transactional']),
  variants: templateVariants,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const messageTemplatesResponse = z.object({ templates: z.array(messageTemplate) });
export const deleteTemplateResponse = z.object({ deleted: z.literal(true) });

export const previewRequest = z.strictObject({
  customerId: z.string().min(1).max(100).optional(),
  /** The shopper's language to preview as (`ur`, `ur-PK`); default the customer's own. */
  language: z.string().min(2).max(35).optional(),
});
export const draftPreviewRequest = previewRequest.extend({ variants: templateVariants });

export const renderedEmail = z.object({
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  language: z.string(),
  dir: z.enum(['ltr', 'rtl']),
});
export const templatePreview = z.object({
  email: renderedEmail,
  /** The variant used and which step of the fallback chain chose it. */
  pick: z.object({
    language: z.enum(languages),
    choice: z.enum(['shopper', 'shopper_base', 'shop_default', 'english', 'first_variant']),
  }),
  /** The customer merged, or null for the sample shopper. */
  customerId: z.string().nullable(),
});

/** The merge fields a template may use, for the editor. */
export const mergeFieldsResponse = z.object({ fields: z.array(z.object({ path: z.string(), description: z.string() })) });
