import { describe, expect, it } from 'vitest';
import { pickLanguage, type TemplateLanguage } from '../../../src/crm/messaging/templates/languages.ts';
import { SAMPLE_CONTEXT, type MergeContext } from '../../../src/crm/messaging/templates/merge-fields.ts';
import { TemplateRenderer, type Reader } from '../../../src/crm/messaging/templates/template-renderer.ts';
import type { TemplateVariant, TemplateVariants } from '../../../src/crm/messaging/templates/template.ts';

const renderer = new TemplateRenderer();
const pk: Reader = { language: 'en', shopLanguage: null, country: 'PK', currency: 'PKR' };

const body = (text: string) => `<mj-section><mj-column><mj-text>${text}</mj-text></mj-column></mj-section>`;
const variant = (text: string, subject = 'Hello {{ first_name }}'): TemplateVariant => ({ subject, body: body(text) });
const context = (patch: Partial<MergeContext> = {}): MergeContext => ({ ...SAMPLE_CONTEXT, ...patch });

async function render(variants: TemplateVariants, ctx = context(), reader: Reader = pk) {
  const r = await renderer.render(variants, ctx, reader);
  if (r.outcome !== 'rendered') throw new Error(`not rendered: ${JSON.stringify(r)}`);
  return r;
}

describe('merge fields', () => {
  it.each([
    ['first_name', '{{ first_name }} {{ last_name }}', 'Ayesha Khan'],
    ['points', '{{ points.balance }}/{{ points.pending }}', '1250/300'],
    ['tier and its gap', '{{ tier.name }} → {{ tier.next_name }} in {{ tier.points_to_next }}', 'Gold → Platinum in 750'],
    ['reward', '{{ reward.title }}: {{ reward.code }}', 'Rs 500 off: RAPPORT-7KQ2M'],
    [
      'referral, order, store',
      '{{ referral.link }} {{ order.number }} {{ store.name }}',
      'https://example.com/?ref=AYESHA25 #1042 Example Store',
    ],
    ['unknown value reads empty with default', "{{ order.number | default: 'none' }}", 'none'],
  ])('%s', async (_, source, expected) => {
    const ctx = source.includes('default') ? context({ order: { number: null } }) : context();
    const { email } = await render({ en: variant(source) }, ctx);
    expect(email.text).toContain(expected);
  });

  it('subject is merged, not escaped, and kept on one line', async () => {
    const { email } = await render({ en: variant('x', 'Hi {{ first_name }},\n{{ store.name }} & you') }, context({ first_name: '<Ali>' }));
    expect(email.subject).toBe('Hi <Ali>, Example Store & you');
  });
});

describe('conditionals', () => {
  const source = '{% if points.balance > 500 %}You can spend {{ points.balance }}{% else %}Keep earning{% endif %}';
  it.each([
    [1250, 'You can spend 1250'],
    [100, 'Keep earning'],
  ])('balance %i', async (balance, expected) => {
    const { email } = await render({ en: variant(source) }, context({ points: { balance, pending: 0 } }));
    expect(email.text).toContain(expected);
    expect(email.html).toContain(expected);
  });

  it('a condition around whole sections keeps or drops them', async () => {
    const source = `{% if reward.code %}${body('Your code: {{ reward.code }}')}{% endif %}${body('Bye')}`;
    const withCode = await render({ en: { subject: 's', body: source } });
    expect(withCode.email.html).toContain('Your code: RAPPORT-7KQ2M');
    const without = await render({ en: { subject: 's', body: source } }, context({ reward: { code: null, title: null } }));
    expect(without.email.html).not.toContain('Your code');
    expect(without.email.text).toBe('Bye');
  });
});

describe('Liquid between and inside MJML components', () => {
  it('a condition around a component inside a column, a loop over sections, Liquid in a typed attribute', async () => {
    const source = `<mj-section><mj-column>
{% if reward.code %}<mj-text>Code {{ reward.code }}</mj-text>{% endif %}
<mj-text>Always</mj-text>
</mj-column></mj-section>
{% for i in (1..2) %}<mj-section background-color="{% if i == 1 %}#eeeeee{% else %}#ffffff{% endif %}"><mj-column><mj-text>Row {{ i }}</mj-text></mj-column></mj-section>{% endfor %}`;
    const withCode = await render({ en: { subject: 's', body: source } });
    expect(withCode.email.text).toBe('Code RAPPORT-7KQ2M\n\nAlways\n\nRow 1\n\nRow 2');
    expect(withCode.email.html).toContain('background:#eeeeee');
    expect(withCode.email.html).toContain('background:#ffffff');
    const without = await render({ en: { subject: 's', body: source } }, context({ reward: { code: null, title: null } }));
    expect(without.email.text).toBe('Always\n\nRow 1\n\nRow 2');
  });

  it('a typed attribute with a wrong literal value is still refused', async () => {
    const [problem] = await renderer.check({
      en: { subject: 's', body: '<mj-section background-color="not a colour"><mj-column><mj-text>x</mj-text></mj-column></mj-section>' },
    });
    expect(problem).toMatchObject({ part: 'body' });
    expect(problem?.message).toContain('background-color');
  });

  it('compiles a variant once, however many shoppers it is rendered for', async () => {
    const local = new TemplateRenderer();
    const v = variant('Hi {{ first_name }}');
    const first = local.compile('en', v);
    expect(local.compile('en', { ...v })).toBe(first);
    expect(local.compile('ur', v)).not.toBe(first);
    expect(local.compile('en', { ...v, subject: 'changed' })).not.toBe(first);
  });
});

describe('strict fields and errors at save time', () => {
  it.each([
    ['unknown field in the body', { en: variant('{{ frist_name }}') }, 'body', 'unknown merge field: frist_name'],
    ['unknown field in a branch not taken', { en: variant('{% if false %}{{ points.balanse }}{% endif %}') }, 'body', 'points.balanse'],
    ['unknown field in the subject', { ur: variant('x', '{{ tier.nam }}') }, 'subject', 'tier.nam'],
    ['Liquid syntax', { hi: variant('{% if points.balance > 5 %}') }, 'body', 'not closed'],
    ['unknown filter', { en: variant('{{ first_name | shout }}') }, 'body', 'undefined filter: shout'],
    ['file access', { en: variant("{% include 'package.json' %}") }, 'body', 'include'],
    [
      'MJML structure',
      { pa: { subject: 's', body: '<mj-section><mj-text>x</mj-text></mj-section>' } },
      'body',
      'mj-text cannot be used inside mj-section',
    ],
    ['a whole document', { en: { subject: 's', body: '<mjml><mj-body></mj-body></mjml>' } }, 'body', 'inside <mj-body>'],
    ['own text part', { en: { ...variant('x'), text: 'Hi {{ name }}' } }, 'text', 'unknown merge field: name'],
    ['a filter that fails on the sample', { en: variant('{{ first_name | number }}') }, 'body', 'not a number'],
  ])('%s', async (_, variants, part, message) => {
    const problems = await renderer.check(variants as TemplateVariants);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ language: Object.keys(variants)[0], part });
    expect(problems[0]?.message).toContain(message);
  });

  it('a valid template has no problems in any language', async () => {
    const good = variant('{{ first_name }} {% if tier.next_name %}{{ tier.points_to_next | number }}{% endif %} {{ 500 | money }}');
    expect(await renderer.check({ en: good, ur: good, pa: good, hi: good })).toEqual([]);
  });

  it('MJML errors point at the line of the body', async () => {
    const [problem] = await renderer.check({
      en: { subject: 's', body: `${body('a')}\n<mj-section>\n<mj-text>x</mj-text>\n</mj-section>` },
    });
    expect(problem).toMatchObject({ part: 'body', line: 3 });
  });
});

describe('escaping', () => {
  it('html escapes merged values; text and subject do not', async () => {
    const ctx = context({ first_name: '<script>alert(1)</script> & "Co"' });
    const { email } = await render({ en: variant('Hi {{ first_name }}', '{{ first_name }}') }, ctx);
    expect(email.html).toContain('Hi &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;Co&#34;');
    expect(email.html).not.toContain('<script>alert');
    expect(email.text).toContain('Hi <script>alert(1)</script> & "Co"');
    expect(email.subject).toBe('<script>alert(1)</script> & "Co"');
  });

  it('links in attributes are escaped, the merchant markup is not', async () => {
    const ctx = context({ referral: { link: 'https://s.pk/?ref=A&b="x"' } });
    const { email } = await render(
      {
        en: {
          subject: 's',
          body: `${body('<b>Share</b>')}<mj-section><mj-column><mj-button href="{{ referral.link }}">Go</mj-button></mj-column></mj-section>`,
        },
      },
      ctx,
    );
    expect(email.html).toContain('href="https://s.pk/?ref=A&amp;b=&#34;x&#34;"');
    expect(email.html).toContain('<b>Share</b>');
    expect(email.text).toContain('Go [https://s.pk/?ref=A&b="x"]');
  });
});

describe('number and money formats in the shopper locale', () => {
  it.each([
    ['en', 'PK', 'PKR', '1,234,567'],
    ['hi', 'IN', 'INR', '12,34,567'],
    ['en', 'IN', 'INR', '₹12,34,567.00'],
  ] as const)('%s in %s', async (language, country, currency, expected) => {
    const source = '{{ 1234567 | number }} {{ 1234567 | money }}';
    const { email } = await render({ [language]: variant(source) }, context(), { language, shopLanguage: null, country, currency });
    expect(email.text).toContain(expected);
  });
});

describe('language fallback chain', () => {
  const all: TemplateLanguage[] = ['en', 'ur', 'pa', 'hi'];
  it.each([
    ['exact', all, 'ur', null, { language: 'ur', choice: 'shopper' }],
    ['region to base', all, 'ur-PK', null, { language: 'ur', choice: 'shopper_base' }],
    ['underscore and case', all, 'HI_in', null, { language: 'hi', choice: 'shopper_base' }],
    ['Shahmukhi tag', all, 'pa-Arab-PK', null, { language: 'pa', choice: 'shopper_base' }],
    ['Gurmukhi reader does not get Shahmukhi', all, 'pa-Guru', 'hi', { language: 'hi', choice: 'shop_default' }],
    ['missing variant to shop default', ['en', 'ur'], 'hi-IN', 'ur-PK', { language: 'ur', choice: 'shop_default' }],
    ['no shopper language', ['en', 'ur'], null, 'ur', { language: 'ur', choice: 'shop_default' }],
    ['then English', ['en', 'ur'], 'fr', 'de', { language: 'en', choice: 'english' }],
    ['no English: the first variant', ['ur', 'hi'], 'fr', null, { language: 'ur', choice: 'first_variant' }],
    ['nothing', [], 'ur', 'en', null],
  ] as const)('%s', (_, available, shopper, shop, expected) => {
    expect(pickLanguage(available, shopper, shop)).toEqual(expected);
  });

  it('the renderer says which variant it used', async () => {
    const r = await render({ en: variant('Hello'), ur: variant('سلام') }, context(), { ...pk, language: 'ur-PK' });
    expect(r.pick).toEqual({ language: 'ur', choice: 'shopper_base' });
    expect(r.email).toMatchObject({ language: 'ur', dir: 'rtl', text: 'سلام' });
  });

  it('no variant at all is a value', async () => {
    expect(await renderer.render({}, context(), pk)).toEqual({ outcome: 'no_variant' });
  });
});

describe('RTL markup', () => {
  it.each([
    ['ur', 'lang="ur"', 'سلام {{ first_name }}'],
    ['pa', 'lang="pa-Arab"', 'ست سری اکال {{ first_name }}'],
  ] as const)('%s: dir, lang, right alignment and a Nastaliq font stack', async (language, lang, source) => {
    const { email } = await render({ [language]: variant(source) }, context(), { ...pk, language });
    expect(email.dir).toBe('rtl');
    expect(email.html).toMatch(new RegExp(`<html ${lang} dir="rtl"`));
    expect(email.html).toContain('text-align:right');
    expect(email.html).not.toMatch(/<div[^>]*style="font-family[^"]*text-align:left/);
    expect(email.html).toContain("'Noto Nastaliq Urdu', 'Noto Naskh Arabic'");
    expect(email.html).toContain('direction:rtl');
  });

  it.each([['en'], ['hi']] as const)('%s stays left to right', async (language) => {
    const { email } = await render({ [language]: variant('Hi') }, context(), { ...pk, language });
    expect(email.dir).toBe('ltr');
    expect(email.html).toContain(`lang="${language}" dir="ltr"`);
    expect(email.html).toContain('text-align:left');
  });
});

describe('text part', () => {
  it('derived from the body: paragraphs, headings as written, links with their address, no markup or images', async () => {
    const source =
      '<h1>Your points</h1><p>Hi {{ first_name }},</p><p>You have <b>{{ points.balance }}</b> points.</p><img src="https://x/y.png" alt="logo">' +
      '<p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>';
    const { email } = await render({ en: variant(source) });
    expect(email.text).toBe('Your points\n\nHi Ayesha,\n\nYou have 1250 points.\n\nUnsubscribe [https://example.com/unsubscribe/sample]');
  });

  it("the merchant's own text part wins", async () => {
    const { email } = await render({ en: { ...variant('<p>html</p>'), text: 'Plain {{ first_name }}' } });
    expect(email.text).toBe('Plain Ayesha');
  });

  it('renders many shoppers from one compile', async () => {
    const local = new TemplateRenderer();
    const variants = { en: variant('Hi {{ first_name }}') };
    const names = Array.from({ length: 50 }, (_, i) => `N${i}`);
    const texts = await Promise.all(
      names.map(
        async (n) => (await local.render(variants, context({ first_name: n }), pk)) as { outcome: string; email: { text: string } },
      ),
    );
    expect(texts.map((t) => t.email.text)).toEqual(names.map((n) => `Hi ${n}`));
  });
});
