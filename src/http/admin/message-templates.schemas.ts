import { z } from 'zod';

// Request and response shapes of the message template routes (message-templates.routes.ts). The
// template language itself (Liquid merge fields, MJML) is checked by the domain, which answers
// 400 with each problem's language and part.

const languages = ['en', 'ur', 'pa', 'hi'] as const;

/** A WhatsApp variant: the template approved at Meta, its language code there, and its parameters. */
export const whatsAppVariant = z.strictObject({
  template: z.string().regex(/^[a-z0-9_]{1,512}$/, 'lower-case letters, digits and _ (as approved at Meta)'),
  metaLanguage: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'a Meta language code: en, ur, pa, hi, en_US…'),
  /** Body parameters {{1}}, {{2}}… in order, each Liquid over the merge fields. */
  params: z.array(z.string().min(1).max(1024)).max(20),
  /** Payloads of the template's quick-reply buttons by index. */
  buttons: z.array(z.string().min(1).max(256)).max(10).nullable().optional(),
});

export const templateVariant = z.strictObject({
  /** Email: required. WhatsApp: empty (Meta holds the wording). */
  subject: z.string().max(500),
  /** MJML: what goes inside `<mj-body>`, with Liquid merge fields and conditions. Email only. */
  body: z.string().max(100_000),
  /** The plain-text part; empty or absent: derived from the body. */
  text: z.string().max(50_000).nullable().optional(),
  /** WhatsApp templates: required. */
  whatsapp: whatsAppVariant.nullable().optional(),
});
export const templateVariants = z.strictObject({
  en: templateVariant.optional(),
  ur: templateVariant.optional(),
  pa: templateVariant.optional(),
  hi: templateVariant.optional(),
});

export const templateInput = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    channel: z.enum(['email', 'whatsapp']).default('email'),
    purpose: z.enum(['marketing', 'transactional']),
    variants: templateVariants,
  })
  .superRefine((t, ctx) => {
    for (const [language, v] of Object.entries(t.variants)) {
      if (!v) continue;
      const at = (part: string) => ['variants', language, part];
      if (t.channel === 'email') {
        if (!v.subject) ctx.addIssue({ code: 'custom', path: at('subject'), message: 'required for email' });
        if (!v.body) ctx.addIssue({ code: 'custom', path: at('body'), message: 'required for email' });
        if (v.whatsapp) ctx.addIssue({ code: 'custom', path: at('whatsapp'), message: 'only for WhatsApp templates' });
      } else if (!v.whatsapp)
        ctx.addIssue({ code: 'custom', path: at('whatsapp'), message: 'required for WhatsApp: the approved template' });
    }
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
export const draftPreviewRequest = previewRequest.extend({
  variants: templateVariants,
  channel: z.enum(['email', 'whatsapp']).default('email'),
});

export const renderedEmail = z.object({
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  language: z.string(),
  dir: z.enum(['ltr', 'rtl']),
});
/** A WhatsApp template as it goes to the shopper: Meta's name and language, the filled parameters in order, the button payloads. */
export const renderedWhatsApp = z.object({
  template: z.string(),
  metaLanguage: z.string(),
  params: z.array(z.string()),
  buttons: z.array(z.string()),
});
export const templatePreview = z.object({
  /** WhatsApp: subject `name · language`, text the readable line, html empty (Meta holds the wording). */
  email: renderedEmail,
  /** WhatsApp templates only: the parameters filled for the shopper, one by one. */
  whatsapp: renderedWhatsApp.nullable(),
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
