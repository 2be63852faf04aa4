import { compileVariant, type CompiledVariant } from '../src/crm/messaging/templates/compile.ts';
import { formatLocale, type TemplateLanguage } from '../src/crm/messaging/templates/languages.ts';
import { SAMPLE_CONTEXT, type MergeContext } from '../src/crm/messaging/templates/merge-fields.ts';
import { renderEmail } from '../src/crm/messaging/templates/render.ts';
import type { TemplateVariant } from '../src/crm/messaging/templates/template.ts';

// Message templates: the Liquid merge per customer (what a campaign pays per recipient) beside
// compiling the same MJML variant alone (what it pays once per variant), in the same run.
// English and Urdu variants alternate, so both the LTR and the RTL document are merged.

export type TemplatesOptions = { messages: number; compiles: number };
export type TemplatesResult = {
  messages: number;
  compiles: number;
  mergePerSecond: number;
  mergeMicros: number;
  compileMs: number;
  compilePerSecond: number;
  htmlBytes: number;
};

const BODY = `
<mj-section><mj-column>
  <mj-text font-size="22px"><h1>{{ store.name }}</h1></mj-text>
  <mj-text><p>{{ greeting }} {{ first_name | default: '' }},</p>
    <p>{{ balance_line }} <b>{{ points.balance | number }}</b>{% if points.pending > 0 %} (+{{ points.pending | number }}){% endif %}</p>
    {% if tier.next_name %}<p>{{ tier.next_name }}: {{ tier.points_to_next | number }}</p>{% endif %}</mj-text>
</mj-column></mj-section>
{% if reward.code %}<mj-section background-color="#f4f4f4"><mj-column>
  <mj-text><p>{{ reward.title }}: <b>{{ reward.code }}</b></p></mj-text>
</mj-column></mj-section>{% endif %}
<mj-section><mj-column>
  <mj-button href="{{ referral.link }}">{{ share }}</mj-button>
  <mj-text font-size="11px"><a href="{{ unsubscribe_url }}">{{ unsubscribe }}</a></mj-text>
</mj-column></mj-section>`;

const WORDS: Record<'en' | 'ur', Record<string, string>> = {
  en: { greeting: 'Hi', balance_line: 'Your points:', share: 'Share your link', unsubscribe: 'Unsubscribe' },
  ur: { greeting: 'السلام علیکم', balance_line: 'آپ کے پوائنٹس:', share: 'اپنا لنک شیئر کریں', unsubscribe: 'ان سبسکرائب' },
};

const variantOf = (language: 'en' | 'ur'): TemplateVariant => ({
  subject:
    language === 'en' ? '{{ first_name }}, you have {{ points.balance }} points' : '{{ first_name }}، آپ کے {{ points.balance }} پوائنٹس',
  body: BODY.replace(/\{\{ (greeting|balance_line|share|unsubscribe) \}\}/g, (_, k: string) => WORDS[language][k] ?? ''),
});

async function compiled(language: TemplateLanguage, variant: TemplateVariant): Promise<CompiledVariant> {
  const r = await compileVariant(language, variant);
  if (!r.ok) throw new Error(`bench template does not compile: ${JSON.stringify(r.problem)}`);
  return r.compiled;
}

export async function benchTemplates(o: TemplatesOptions, progress: (line: string) => void = () => {}): Promise<TemplatesResult> {
  const variants = { en: await compiled('en', variantOf('en')), ur: await compiled('ur', variantOf('ur')) };
  progress(`templates: compiling the MJML variant ${o.compiles} times`);
  const compileStart = performance.now();
  for (let i = 0; i < o.compiles; i++) await compiled(i % 2 ? 'ur' : 'en', variantOf(i % 2 ? 'ur' : 'en'));
  const compileMs = (performance.now() - compileStart) / o.compiles;

  progress(`templates: merging ${o.messages.toLocaleString('en')} messages`);
  const contexts: MergeContext[] = Array.from({ length: 1_000 }, (_, i) => ({
    ...SAMPLE_CONTEXT,
    first_name: `Customer ${i}`,
    points: { balance: i * 37, pending: i % 3 ? 0 : 120 },
    reward: i % 2 ? SAMPLE_CONTEXT.reward : { code: null, title: null },
  }));
  const formats = { en: { locale: formatLocale('en', 'PK'), currency: 'PKR' }, ur: { locale: formatLocale('ur', 'PK'), currency: 'PKR' } };
  let bytes = 0;
  const start = performance.now();
  for (let i = 0; i < o.messages; i++) {
    const language = i % 2 ? 'ur' : 'en';
    const email = renderEmail(variants[language], contexts[i % contexts.length] as MergeContext, formats[language]);
    bytes += email.html.length + email.text.length;
  }
  const seconds = (performance.now() - start) / 1000;
  return {
    messages: o.messages,
    compiles: o.compiles,
    mergePerSecond: Math.round(o.messages / seconds),
    mergeMicros: Math.round((seconds * 1e6) / o.messages),
    compileMs: Math.round(compileMs * 10) / 10,
    compilePerSecond: Math.round((1000 / compileMs) * 10) / 10,
    htmlBytes: Math.round(bytes / o.messages),
  };
}

export function templatesReport(r: TemplatesResult, table: (rows: Array<Array<string | number>>, leftColumns?: number) => string) {
  const lines = [
    '',
    `Message templates: ${r.messages.toLocaleString('en')} emails merged (en and ur alternating, ~${r.htmlBytes.toLocaleString('en')} bytes html+text each)`,
    table([
      ['', 'per second', 'each'],
      ['MJML compile of one variant alone (baseline, once per variant)', r.compilePerSecond, `${r.compileMs} ms`],
      ['rapport: Liquid merge per customer (subject, html, text)', r.mergePerSecond, `${r.mergeMicros} µs`],
    ]),
  ];
  return {
    lines,
    target: {
      name: 'template merge ≥ 2,000 messages/s (render share of render+queue)',
      figure: `${r.mergePerSecond}/s`,
      pass: r.mergePerSecond >= 2_000,
    },
  };
}
