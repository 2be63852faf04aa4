import type { TemplateLanguage } from '../messaging/templates/languages.ts';
import type { MessageTemplate } from '../messaging/templates/template.ts';
import { COD_CANCEL, COD_CONFIRM } from './cod-confirmation.service.ts';

// Which templates can ask a COD question: WhatsApp, and every language's variant has quick replies
// sending both payloads (the shopper's language picks the variant, so one without them would ask
// a question nobody can answer).

/** The languages whose variant lacks a COD payload; empty when the template can ask. */
export function codButtonsMissing(template: Pick<MessageTemplate, 'variants'>): TemplateLanguage[] {
  const missing: TemplateLanguage[] = [];
  for (const [language, v] of Object.entries(template.variants) as Array<
    [TemplateLanguage, (typeof template.variants)[TemplateLanguage]]
  >) {
    const buttons = v?.whatsapp?.buttons ?? [];
    if (v && !(buttons.includes(COD_CONFIRM) && buttons.includes(COD_CANCEL))) missing.push(language);
  }
  return missing;
}
