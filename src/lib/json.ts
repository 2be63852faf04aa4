import { isSafeNumber, parse } from 'lossless-json';

// Shopify ids can exceed 2^53 and JSON.parse rounds them silently. Integers that do not fit a
// double exactly are kept as strings; adapters treat every id as a string anyway.
function parseNumber(text: string): number | string {
  return isSafeNumber(text) ? Number(text) : text;
}

export function parseJsonLossless(text: string): unknown {
  return parse(text, null, parseNumber);
}
