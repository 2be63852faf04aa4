import { describe, expect, it } from 'vitest';
import { typeAllowed } from '../../../src/crm/service/inbound-mail.port.ts';
import { textToHtml } from '../../../src/crm/service/text-html.ts';
import {
  baseAddress,
  cleanSubject,
  orderNamesIn,
  plusNumber,
  referencesFor,
  replySubject,
  tokenIn,
} from '../../../src/crm/service/threading.ts';

// The service inbox's pure rules: ticket tokens, plus-addresses, subjects, order names in text,
// References, HTML from text, attachment types.

describe('ticket numbers in mail', () => {
  it.each([
    ['Re: Where is my parcel? [#1042]', 1042],
    ['[#7] short', 7],
    ['#1042 without brackets', null],
    ['[# 1042] spaced', null],
    ['no token', null],
  ])('token in %j → %j', (subject, number) => expect(tokenIn(subject)).toBe(number));

  it.each([
    ['support+1042@shop.pk', 1042],
    ['support+#1042@shop.pk', 1042],
    ['support+news@shop.pk', null],
    ['support@shop.pk', null],
  ])('plus-address %j → %j', (address, number) => expect(plusNumber(address)).toBe(number));

  it.each([
    ['Support+1042@Shop.PK', 'support@shop.pk'],
    [' help@shop.pk ', 'help@shop.pk'],
  ])('base address of %j is %j', (address, base) => expect(baseAddress(address)).toBe(base));
});

describe('subjects', () => {
  it.each([
    ['Re: RE: Fwd: Where is my parcel? [#1042]', 'Where is my parcel?'],
    ['AW: Lieferung', 'Lieferung'],
    ['Order 55 [#3]', 'Order 55'],
    ['', ''],
  ])('clean %j → %j', (subject, clean) => expect(cleanSubject(subject)).toBe(clean));

  it('a reply keeps one Re: and the token', () => {
    expect(replySubject('Re: Re: Where is my parcel? [#1042]', 1042)).toBe('Re: Where is my parcel? [#1042]');
    expect(replySubject('', 7)).toBe('Re: Your message [#7]');
  });
});

describe('order names in a text', () => {
  it.each([
    ['my order #5501 has not come', null, ['5501', '#5501']],
    ['orders 5501 and 5502', null, ['5501', '#5501', '5502', '#5502']],
    ['about [#1042] and 1042 again', 1042, []],
    ['call me on 12', null, []],
  ])('%j (ticket %j) → %j', (text, ticket, names) => expect(orderNamesIn(text, ticket)).toEqual(names));
});

describe('References', () => {
  it('keeps every id up to the cap, then the first and the newest', () => {
    expect(referencesFor(['<a>', '<b>', '<a>'])).toEqual(['<a>', '<b>']);
    const many = Array.from({ length: 20 }, (_, i) => `<m${i}>`);
    const refs = referencesFor(many, 5);
    expect(refs).toEqual(['<m0>', '<m16>', '<m17>', '<m18>', '<m19>']);
  });
});

describe('HTML from text', () => {
  it('escapes markup and keeps paragraphs and line breaks', () => {
    expect(textToHtml('Hi <script>x</script>\nline two\n\n"next" & last')).toBe(
      '<p>Hi &lt;script&gt;x&lt;/script&gt;<br>line two</p>\n<p>&quot;next&quot; &amp; last</p>',
    );
  });
});

describe('attachment types', () => {
  const limits = { maxBytes: 10, types: ['image/*', 'application/pdf'] };
  it.each([
    ['image/png', true],
    ['IMAGE/JPEG; name=x.jpg', true],
    ['application/pdf', true],
    ['application/zip', false],
    ['imagex/png', false],
  ])('%j allowed: %j', (type, allowed) => expect(typeAllowed(limits, type)).toBe(allowed));
});
