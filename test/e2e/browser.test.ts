import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/browser.ts';

// `npm install && npm test` must pass on a machine without Debian's Chromium: the npm fallback
// browser (test/helpers/browser.ts) is launched here on purpose, whatever the machine has, and
// must draw Urdu in Nastaliq, Punjabi in Gurmukhi and Hindi in Devanagari with real fonts.

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium({}, 'npm');
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

describe('the npm-installed Chromium', () => {
  it.each([
    ['Noto Nastaliq Urdu', 'آپ کے پاس پوائنٹس ہیں'],
    ['Noto Sans Gurmukhi', 'ਤੁਹਾਡੇ ਕੋਲ ਪੁਆਇੰਟ ਹਨ'],
    ['Noto Sans Devanagari', 'आपके पास पॉइंट हैं'],
  ])('renders with %s installed', async (family, text) => {
    const page = await browser.newPage();
    // A font that is present draws the same width whatever the fallback; a missing one falls back
    // to monospace in one span and serif in the other, and the widths differ.
    await page.setContent(
      `<span id="a" style="font: 32px '${family}', monospace">${text}</span><br><span id="b" style="font: 32px '${family}', serif">${text}</span>`,
    );
    const [a, b] = await page.evaluate(() => ['a', 'b'].map((id) => document.getElementById(id)!.getBoundingClientRect().width));
    expect(a).toBeGreaterThan(0);
    expect(a).toBe(b);
    await page.close();
  });

  it('tells a missing font apart (the check can fail)', async () => {
    const page = await browser.newPage();
    await page.setContent(
      `<span id="a" style="font: 32px 'No Such Font', monospace">abc abc</span><br><span id="b" style="font: 32px 'No Such Font', serif">abc abc</span>`,
    );
    const [a, b] = await page.evaluate(() => ['a', 'b'].map((id) => document.getElementById(id)!.getBoundingClientRect().width));
    expect(a).not.toBe(b);
    await page.close();
  });
});
