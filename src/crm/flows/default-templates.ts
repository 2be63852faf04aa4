import type { TemplateInput } from '../messaging/templates/message-templates.service.ts';
import type { TemplateVariant } from '../messaging/templates/template.ts';
import type { FlowKind } from './flow-kinds.ts';

// Ready-made templates a merchant can start a flow with (`POST /api/flows/:kind/default-template`
// saves one in the shop and chooses it). Email, marketing, in English, Urdu, Punjabi (Shahmukhi)
// and Hindi; the renderer makes ur and pa right-to-left. Checked like any template by
// test/unit/messaging/flow-default-templates.test.ts.

type Words = { subject: string; hello: string; left: string; total: string; button: string; unsubscribe: string };

const section = (inner: string, attrs = '') => `<mj-section><mj-column><mj-text${attrs}>${inner}</mj-text></mj-column></mj-section>`;

function abandonedVariant(w: Words): TemplateVariant {
  return {
    subject: w.subject,
    body: [
      section(`{% if first_name %}${w.hello}{% endif %}`),
      section(`${w.left} {{ checkout.items | default: "" }}`),
      section(`{% if checkout.total %}${w.total} {{ checkout.total | money }}{% endif %}`),
      `<mj-section><mj-column><mj-button href="{{ checkout.url }}">${w.button}</mj-button></mj-column></mj-section>`,
      section(
        `{% if unsubscribe_url %}<a href="{{ unsubscribe_url }}">${w.unsubscribe}</a>{% endif %}`,
        ' font-size="12px" color="#6d7175"',
      ),
    ].join(''),
  };
}

const ABANDONED_CHECKOUT: TemplateInput = {
  name: 'Abandoned checkout',
  channel: 'email',
  purpose: 'marketing',
  variants: {
    en: abandonedVariant({
      subject: 'You left something in your cart at {{ store.name }}',
      hello: 'Hi {{ first_name }},',
      left: 'Your cart is waiting for you:',
      total: 'Total:',
      button: 'Complete your order',
      unsubscribe: 'Unsubscribe',
    }),
    ur: abandonedVariant({
      subject: '{{ store.name }} پر آپ کی ٹوکری آپ کا انتظار کر رہی ہے',
      hello: 'السلام علیکم {{ first_name }}،',
      left: 'آپ کی ٹوکری میں یہ چیزیں رہ گئی ہیں:',
      total: 'کل رقم:',
      button: 'اپنا آرڈر مکمل کریں',
      unsubscribe: 'ای میلز بند کریں',
    }),
    pa: abandonedVariant({
      subject: '{{ store.name }} تے تہاڈی ٹوکری تہاڈی اڈیک کر رہی اے',
      hello: 'سلام {{ first_name }}،',
      left: 'تہاڈی ٹوکری وچ ایہہ چیزاں رہ گئیاں نیں:',
      total: 'کل رقم:',
      button: 'اپنا آرڈر پورا کرو',
      unsubscribe: 'ای میلاں بند کرو',
    }),
    hi: abandonedVariant({
      subject: '{{ store.name }} पर आपकी कार्ट आपका इंतज़ार कर रही है',
      hello: 'नमस्ते {{ first_name }},',
      left: 'आपकी कार्ट में ये चीज़ें रह गई हैं:',
      total: 'कुल राशि:',
      button: 'अपना ऑर्डर पूरा करें',
      unsubscribe: 'ईमेल बंद करें',
    }),
  },
};

export const DEFAULT_TEMPLATES: Partial<Record<FlowKind, TemplateInput>> = { abandoned_checkout: ABANDONED_CHECKOUT };
