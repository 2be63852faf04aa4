import { newId } from '../../../lib/ids.ts';
import type { CrmStore } from '../../store.port.ts';
import type { LanguagePick } from './languages.ts';
import type { MergeContextPort } from './merge-context.port.ts';
import { shopperMergeContext } from './merge-context.service.ts';
import { SAMPLE_CONTEXT } from './merge-fields.ts';
import type { MessageTemplatesPort } from './message-templates.port.ts';
import type { MessageTemplate, TemplateProblem, TemplatePurpose, TemplateVariants } from './template.ts';
import type { TemplateRenderer } from './template-renderer.ts';
import type { RenderedEmail } from '../message.ts';
import { buttonPayloads, checkWhatsAppVariants, filledParams, renderWhatsApp } from './whatsapp-render.ts';

// Message templates: create, change, delete, preview. A template is stored only when every
// variant compiles and merges the sample shopper, so a saved template always renders; the
// problems name the language and the part. Expected outcomes are values.

export type TemplateInput = { name: string; channel: string; purpose: TemplatePurpose; variants: TemplateVariants };

export type TemplateOutcome =
  | { outcome: 'saved'; template: MessageTemplate }
  | { outcome: 'invalid'; problems: TemplateProblem[] }
  | { outcome: 'name_taken' }
  | { outcome: 'not_found' };

export type PreviewRequest = { customerId?: string; language?: string };
export type PreviewOutcome =
  | { outcome: 'rendered'; email: RenderedEmail; whatsapp: WhatsAppPreview | null; pick: LanguagePick; customerId: string | null }
  | { outcome: 'invalid'; problems: TemplateProblem[] }
  | { outcome: 'no_variant' }
  | { outcome: 'not_found' }
  | { outcome: 'customer_not_found' };

/** A WhatsApp preview: what Meta gets, the parameters filled one by one (the text joins them). */
export type WhatsAppPreview = { template: string; metaLanguage: string; params: string[]; buttons: string[] };

export type MessageTemplatesDeps = {
  templates: MessageTemplatesPort;
  renderer: TemplateRenderer;
  facts: MergeContextPort;
  store: CrmStore;
};

export type MessageTemplates = ReturnType<typeof createMessageTemplates>;

export function createMessageTemplates(deps: MessageTemplatesDeps) {
  const { templates, renderer } = deps;

  async function checked(input: TemplateInput): Promise<TemplateProblem[]> {
    if (Object.keys(input.variants).length === 0)
      return [{ language: 'en', part: 'body', message: 'a template needs at least one language' }];
    if (input.channel === 'whatsapp') return checkWhatsAppVariants(input.variants);
    return renderer.check(input.variants);
  }

  return {
    list: (accountId: string) => templates.list(accountId),
    get: (accountId: string, id: string) => templates.get(accountId, id),

    async create(accountId: string, input: TemplateInput, now: string): Promise<TemplateOutcome> {
      const problems = await checked(input);
      if (problems.length > 0) return { outcome: 'invalid', problems };
      if (await templates.byName(accountId, input.name)) return { outcome: 'name_taken' };
      const template: MessageTemplate = { id: newId('tpl'), accountId, ...input, createdAt: now, updatedAt: now };
      await templates.insert(template);
      return { outcome: 'saved', template };
    },

    async update(accountId: string, id: string, input: TemplateInput, now: string): Promise<TemplateOutcome> {
      const current = await templates.get(accountId, id);
      if (!current) return { outcome: 'not_found' };
      const problems = await checked(input);
      if (problems.length > 0) return { outcome: 'invalid', problems };
      const other = input.name === current.name ? undefined : await templates.byName(accountId, input.name);
      if (other) return { outcome: 'name_taken' };
      await templates.update(accountId, id, { ...input, updatedAt: now });
      return { outcome: 'saved', template: { ...current, ...input, updatedAt: now } };
    },

    delete: (accountId: string, id: string) => templates.delete(accountId, id),

    /** A template rendered for a real customer of the account, or for the sample shopper. */
    async preview(accountId: string, id: string, request: PreviewRequest, now: string): Promise<PreviewOutcome> {
      const template = await templates.get(accountId, id);
      if (!template) return { outcome: 'not_found' };
      return previewVariants(accountId, template.variants, request, now, template.channel);
    },

    /** The same for variants not saved yet (the editor's live preview). */
    previewDraft: (accountId: string, variants: TemplateVariants, request: PreviewRequest, now: string, channel = 'email') =>
      previewVariants(accountId, variants, request, now, channel),
  };

  async function previewVariants(
    accountId: string,
    variants: TemplateVariants,
    request: PreviewRequest,
    now: string,
    channel: string,
  ): Promise<PreviewOutcome> {
    const shop = await deps.facts.shop(accountId);
    let context = { ...SAMPLE_CONTEXT, store: { name: shop?.name ?? SAMPLE_CONTEXT.store.name } };
    let language = request.language ?? null;
    if (request.customerId) {
      const shopper = await shopperMergeContext(deps, accountId, request.customerId, SAMPLE_CONTEXT.unsubscribe_url, now);
      if (!shopper) return { outcome: 'customer_not_found' };
      context = shopper.context;
      language = request.language ?? shopper.language;
    }
    const reader = { language, shopLanguage: shop?.language ?? null, country: shop?.country ?? null, currency: shop?.currency ?? 'USD' };
    if (channel === 'whatsapp') {
      // Meta holds the wording: the preview is the template's name and its filled parameters.
      const w = renderWhatsApp(variants, context, reader);
      if (w.outcome !== 'rendered') return w.outcome === 'invalid' ? { outcome: 'invalid', problems: [w.problem] } : w;
      const m = w.message;
      const email = { subject: `${m.payload.name} · ${m.payload.language}`, html: '', text: m.text, language: m.language, dir: m.dir };
      const whatsapp = {
        template: m.payload.name,
        metaLanguage: m.payload.language,
        params: filledParams(m.payload),
        buttons: buttonPayloads(m.payload),
      };
      return { outcome: 'rendered', email, whatsapp, pick: w.pick, customerId: request.customerId ?? null };
    }
    const r = await renderer.render(variants, context, reader);
    if (r.outcome === 'invalid') return { outcome: 'invalid', problems: [r.problem] };
    if (r.outcome === 'no_variant') return r;
    return { outcome: 'rendered', email: r.email, whatsapp: null, pick: r.pick, customerId: request.customerId ?? null };
  }
}
