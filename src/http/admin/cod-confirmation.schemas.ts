import { z } from 'zod';

// COD confirmation settings (cod-confirmation.routes.ts).

export const codSettingsInput = z.strictObject({
  enabled: z.boolean(),
  /** A WhatsApp template (channel whatsapp) whose quick replies send COD_CONFIRM and COD_CANCEL. */
  templateId: z.string().min(1).max(100).nullable(),
  /** One reminder after this many hours without an answer. */
  reminderHours: z.number().int().min(1).max(168).default(12),
  /** Tagged cod-review after this many hours without an answer (after the reminder). */
  reviewHours: z.number().int().min(2).max(336).default(24),
  /** Cancel the order at the store on Cancel; otherwise tag it cod-cancel-requested. */
  cancelAtStore: z.boolean().default(false),
});

export const codSettingsResponse = z.object({
  enabled: z.boolean(),
  templateId: z.string().nullable(),
  reminderHours: z.number(),
  reviewHours: z.number(),
  cancelAtStore: z.boolean(),
  updatedAt: z.string().nullable(),
  /** The quick-reply payloads the template's buttons must send. */
  payloads: z.object({ confirm: z.string(), cancel: z.string() }),
});
