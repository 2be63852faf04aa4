import type { MessageTemplate, TemplateInput, TemplateVariants } from '../../api.ts';

// The editor's working copy of a template: every language present as text fields, empty when the
// template has no such variant; what is saved keeps only the languages that were written.

export const TEMPLATE_LANGUAGES = ['en', 'ur', 'pa', 'hi'] as const;
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];
export type VariantDraft = { subject: string; body: string; text: string };
export type TemplateDraft = { name: string; purpose: MessageTemplate['purpose']; variants: Record<TemplateLanguage, VariantDraft> };

/** Urdu and Shahmukhi Punjabi are written right to left. */
export const rtlLanguage = (l: TemplateLanguage) => l === 'ur' || l === 'pa';

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

const empty = (): VariantDraft => ({ subject: '', body: '', text: '' });

export function draftOf(template: MessageTemplate | null): TemplateDraft {
  const variants = Object.fromEntries(
    TEMPLATE_LANGUAGES.map((l) => {
      const v = template?.variants[l];
      return [l, v ? { subject: v.subject, body: v.body, text: v.text ?? '' } : empty()];
    }),
  ) as Record<TemplateLanguage, VariantDraft>;
  if (!template) variants.en = { subject: 'Your points at {{ store.name }}', body: STARTER_BODY, text: '' };
  return { name: template?.name ?? '', purpose: template?.purpose ?? 'marketing', variants };
}

export const written = (v: VariantDraft) => v.subject.trim() !== '' || v.body.trim() !== '';

export function variantsOf(draft: TemplateDraft, only?: TemplateLanguage): TemplateVariants {
  const out: TemplateVariants = {};
  for (const l of only ? [only] : TEMPLATE_LANGUAGES) {
    const v = draft.variants[l];
    if (written(v)) out[l] = { subject: v.subject, body: v.body, text: v.text.trim() ? v.text : null };
  }
  return out;
}

export const inputOf = (draft: TemplateDraft): TemplateInput => ({ name: draft.name, purpose: draft.purpose, variants: variantsOf(draft) });
