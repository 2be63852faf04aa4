import { describe, expect, it } from 'vitest';
import { codeFor } from '../../../src/crm/loyalty/redemption.support.ts';
import { newId } from '../../../src/lib/ids.ts';

// A redemption's code is what makes retries safe: the same id must always ask for the same code.
describe('codeFor', () => {
  it('is short, unambiguous and stable per redemption id', () => {
    const id = newId('red');
    expect(codeFor(id)).toBe(codeFor(id));
    expect(codeFor(id)).toMatch(/^RP-[2-9A-HJKMNP-Z]{8}$/);
  });

  it('spreads ids over distinct codes', () => {
    const codes = new Set(Array.from({ length: 5000 }, () => codeFor(newId('red'))));
    expect(codes.size).toBe(5000);
  });
});
