import { describe, expect, it } from 'vitest';
import { checkoutMerge } from '../../../src/crm/checkouts/abandoned-checkout.pass.ts';
import { DEFAULT_TEMPLATES } from '../../../src/crm/flows/default-templates.ts';
import { SAMPLE_CONTEXT } from '../../../src/crm/messaging/templates/merge-fields.ts';
import { TemplateRenderer } from '../../../src/crm/messaging/templates/template-renderer.ts';

// The flows' ready-made templates pass the checks a merchant's template must pass, in every
// language they carry, and render the checkout's merge fields: the recovery link, the cart and
// its total in the shopper's locale; Urdu and Shahmukhi right-to-left.

const renderer = new TemplateRenderer();
const abandoned = DEFAULT_TEMPLATES.abandoned_checkout!;
const checkout = checkoutMerge({
  recoveryUrl: 'https://shop.example.pk/checkouts/abc/recover?key=k1',
  currency: 'PKR',
  totalMinor: 450000,
  items: JSON.stringify([
    { title: 'Lawn suit', quantity: 2 },
    { title: 'Dupatta', quantity: 1 },
  ]),
});

describe('abandoned checkout default template', () => {
  it('is a valid marketing email in en, ur, pa and hi', async () => {
    expect(abandoned).toMatchObject({ channel: 'email', purpose: 'marketing' });
    expect(Object.keys(abandoned.variants).sort()).toEqual(['en', 'hi', 'pa', 'ur']);
    expect(await renderer.check(abandoned.variants)).toEqual([]);
  });

  it('summarises the cart for the merge fields', () => {
    expect(checkout).toEqual({
      url: 'https://shop.example.pk/checkouts/abc/recover?key=k1',
      total: 4500,
      items: '2 × Lawn suit, Dupatta',
      item_count: 3,
    });
  });

  it.each([
    ['en', 'ltr', 'Complete your order'],
    ['ur', 'rtl', 'اپنا آرڈر مکمل کریں'],
    ['pa', 'rtl', 'اپنا آرڈر پورا کرو'],
    ['hi', 'ltr', 'अपना ऑर्डर पूरा करें'],
  ] as const)('renders %s (%s) with the recovery link, the cart and its total', async (language, dir, button) => {
    const r = await renderer.render(
      abandoned.variants,
      { ...SAMPLE_CONTEXT, checkout },
      { language, shopLanguage: null, country: 'PK', currency: 'PKR' },
    );
    if (r.outcome !== 'rendered') throw new Error(JSON.stringify(r));
    expect(r.email.language).toBe(language);
    expect(r.email.dir).toBe(dir);
    expect(r.email.html).toContain('href="https://shop.example.pk/checkouts/abc/recover?key=k1"');
    expect(r.email.text).toContain('2 × Lawn suit, Dupatta');
    expect(r.email.text).toContain(button);
    expect(r.email.text).toMatch(/4,500|४,५००|۴٬۵۰۰|٤٬٥٠٠/);
    expect(r.email.subject).toContain('Example Store');
  });
});
