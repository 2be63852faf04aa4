import { z } from 'zod';

// Request and response shapes of the WhatsApp settings routes (whatsapp.routes.ts). The access
// token goes in and never comes back: only its last four characters.

export const whatsAppNumberInput = z.strictObject({
  /** Meta's id of the business phone number (WhatsApp Manager › API setup). */
  phoneNumberId: z
    .string()
    .trim()
    .regex(/^\d{5,30}$/, 'digits, as Meta shows it'),
  /** The WhatsApp Business Account id. */
  wabaId: z
    .string()
    .trim()
    .regex(/^\d{5,30}$/, 'digits, as Meta shows it'),
  /** The number shoppers see, E.164 (optional, for staff). */
  displayPhone: z
    .string()
    .trim()
    .regex(/^\+[1-9]\d{6,14}$/, 'E.164, e.g. +923001234567')
    .nullable()
    .optional(),
  /** A system user's permanent access token with whatsapp_business_messaging. */
  accessToken: z.string().trim().min(20).max(1000).regex(/^\S+$/, 'no spaces'),
});

export const whatsAppNumber = z.object({
  phoneNumberId: z.string(),
  wabaId: z.string(),
  displayPhone: z.string().nullable(),
  /** `…abcd`: the token's last four characters. */
  tokenHint: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const whatsAppSettingsResponse = z.object({
  /** Null until a number is connected. */
  number: whatsAppNumber.nullable(),
  /** Whether this Rapport can take Meta's webhooks (WHATSAPP_APP_SECRET and WHATSAPP_VERIFY_TOKEN set). */
  webhooksConfigured: z.boolean(),
  /** Where Meta must deliver webhooks (the Meta app's callback URL). */
  webhookUrl: z.string().nullable(),
});

export const whatsAppDeleteResponse = z.object({ deleted: z.boolean() });
