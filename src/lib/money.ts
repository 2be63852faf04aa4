// Money is held as integer minor units with an ISO 4217 currency code. Decimal strings from
// platforms are converted digit by digit, never through floating point.

const ZERO_DECIMAL = new Set([
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'ISK',
  'JPY',
  'KMF',
  'KRW',
  'PYG',
  'RWF',
  'UGX',
  'UYI',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
]);
const THREE_DECIMAL = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);

export function currencyExponent(currency: string): number {
  const c = currency.toUpperCase();
  if (ZERO_DECIMAL.has(c)) return 0;
  if (THREE_DECIMAL.has(c)) return 3;
  return 2;
}

/** "1234.5" PKR -> 123450. Rounds half away from zero past the currency's precision. */
export function toMinor(amount: string | number | null | undefined, currency: string): number {
  if (amount === null || amount === undefined || amount === '') return 0;
  const text = typeof amount === 'number' ? amount.toFixed(6) : amount.trim();
  const match = /^([+-])?(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match) throw new RangeError(`Not a decimal amount: ${JSON.stringify(amount)}`);
  const [, sign, whole = '', fraction = ''] = match;
  const exp = currencyExponent(currency);
  const kept = (fraction + '0'.repeat(exp)).slice(0, exp);
  const nextDigit = Number(fraction[exp] ?? '0');
  let minor = Number(whole || '0') * 10 ** exp + Number(kept || '0');
  if (nextDigit >= 5) minor += 1;
  return sign === '-' ? -minor : minor;
}

/** 123450 PKR -> "1234.50" (API output: a decimal string, as Shopify's MoneyV2 does). */
export function fromMinor(minor: number, currency: string): string {
  const exp = currencyExponent(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (exp === 0) return `${sign}${abs}`;
  const s = String(abs).padStart(exp + 1, '0');
  return `${sign}${s.slice(0, -exp)}.${s.slice(-exp)}`;
}
