import type { MessageTemplate, TemplateInput, TemplateVariants } from '../../api.ts';

// The editor's working copy of a template: every language present as text fields, empty when the
// template has no such variant; what is saved keeps only the languages that were written. A
// WhatsApp variant names a template approved at Meta and fills its parameters; both kinds of
// fields are kept while the channel is being chosen, and only the chosen one is saved.

export const TEMPLATE_LANGUAGES = ['en', 'ur', 'pa', 'hi'] as const;
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];
export type TemplateChannel = 'email' | 'whatsapp';
export type WhatsAppDraft = { template: string; metaLanguage: string; params: string[]; buttons: string[] };
export type VariantDraft = { subject: string; body: string; text: string; whatsapp: WhatsAppDraft };
export type TemplateDraft = {
  name: string;
  channel: TemplateChannel;
  purpose: MessageTemplate['purpose'];
  variants: Record<TemplateLanguage, VariantDraft>;
};

/** Urdu and Shahmukhi Punjabi are written right to left. */
export const rtlLanguage = (l: TemplateLanguage) => l === 'ur' || l === 'pa';

/** Meta's template language code for each of ours (its list of supported languages: en, ur, pa, hi). */
export const META_LANGUAGE: Record<TemplateLanguage, string> = { en: 'en', ur: 'ur', pa: 'pa', hi: 'hi' };
/** The quick-reply payloads COD confirmation listens for (GET /api/cod-confirmation `payloads`). */
export const COD_BUTTONS = ['COD_CONFIRM', 'COD_CANCEL'] as const;

export const STARTER_BODY = `<mj-section>
  <mj-column>
    <mj-text font-size="20px">{{ store.name }}</mj-text>
    <mj-text>
      <p>Hi {{ first_name | default: "there" }},</p>
      <p>You have {{ points.balance | number }} points.</p>
      {% if tier.next_name %}<p>{{ tier.points_to_next | number }} more points to {{ tier.next_name }}.</p>{% endif %}
    </mj-text>
    <mj-button href="{{ referral.link }}">Share your link</mj-button>
  </mj-column>
</mj-section>`;

const emptyWhatsApp = (l: TemplateLanguage): WhatsAppDraft => ({ template: '', metaLanguage: META_LANGUAGE[l], params: [], buttons: [] });
const empty = (l: TemplateLanguage): VariantDraft => ({ subject: '', body: '', text: '', whatsapp: emptyWhatsApp(l) });

export function draftOf(template: MessageTemplate | null): TemplateDraft {
  const variants = Object.fromEntries(
    TEMPLATE_LANGUAGES.map((l) => {
      const v = template?.variants[l];
      if (!v) return [l, empty(l)];
      const w = v.whatsapp;
      const whatsapp = w
        ? { template: w.template, metaLanguage: w.metaLanguage, params: [...w.params], buttons: [...(w.buttons ?? [])] }
        : emptyWhatsApp(l);
      return [l, { subject: v.subject, body: v.body, text: v.text ?? '', whatsapp }];
    }),
  ) as Record<TemplateLanguage, VariantDraft>;
  if (!template) variants.en = { ...variants.en, subject: 'Your points at {{ store.name }}', body: STARTER_BODY };
  const channel: TemplateChannel = template?.channel === 'whatsapp' ? 'whatsapp' : 'email';
  return { name: template?.name ?? '', channel, purpose: template?.purpose ?? 'marketing', variants };
}

/** Whether a language has been written for the channel (WhatsApp: the approved template's name). */
export const written = (v: VariantDraft, channel: TemplateChannel = 'email') =>
  channel === 'whatsapp' ? v.whatsapp.template.trim() !== '' : v.subject.trim() !== '' || v.body.trim() !== '';

export function variantsOf(draft: TemplateDraft, only?: TemplateLanguage): TemplateVariants {
  const out: TemplateVariants = {};
  for (const l of only ? [only] : TEMPLATE_LANGUAGES) {
    const v = draft.variants[l];
    if (!written(v, draft.channel)) continue;
    if (draft.channel === 'whatsapp') {
      const w = v.whatsapp;
      out[l] = {
        subject: '',
        body: '',
        whatsapp: {
          template: w.template.trim(),
          metaLanguage: w.metaLanguage.trim(),
          params: w.params,
          buttons: w.buttons.length ? w.buttons : null,
        },
      };
    } else out[l] = { subject: v.subject, body: v.body, text: v.text.trim() ? v.text : null };
  }
  return out;
}

export const inputOf = (draft: TemplateDraft): TemplateInput => ({
  name: draft.name,
  channel: draft.channel,
  purpose: draft.purpose,
  variants: variantsOf(draft),
});

/** Whether a WhatsApp template's every language sends both COD payloads (COD confirmation can use it). */
export const hasCodButtons = (t: Pick<MessageTemplate, 'channel' | 'variants'>) =>
  t.channel === 'whatsapp' &&
  TEMPLATE_LANGUAGES.some((l) => t.variants[l]) &&
  TEMPLATE_LANGUAGES.every((l) => {
    const v = t.variants[l];
    return !v || COD_BUTTONS.every((b) => v.whatsapp?.buttons?.includes(b));
  });
