import { Liquid, type Context, type Template } from 'liquidjs';
import { unknownField } from './merge-fields.ts';

// The two Liquid engines of the templates: one escapes every output for the HTML body, the other
// (subject, plain text) does not. Both are strict: an undefined variable or filter is an error,
// never a blank. Templates are the merchant's text, so nothing may reach the file system
// (`include`, `render` and `layout` are removed) and parse and render time and memory are bounded.

/** How the merge fields' numbers and money read for this shopper (`formatLocale`, the store's currency). */
export type MergeFormat = { locale: string; currency: string };

const FORMAT = 'rapport_format';
/** What liquidjs binds `this` to in a filter. */
type FilterThis = { context: Context };

function formatOf(filter: FilterThis): MergeFormat {
  return (filter.context.globals as Record<string, MergeFormat>)[FORMAT] ?? { locale: 'en', currency: 'USD' };
}

function toNumber(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) throw new Error(`not a number: ${String(value)}`);
  return n;
}

// Building an Intl.NumberFormat costs more than a whole merge: one per locale and currency.
const formatters = new Map<string, Intl.NumberFormat>();
function formatter(locale: string, currency: string | null): Intl.NumberFormat {
  const key = `${locale}|${currency ?? ''}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, currency ? { style: 'currency', currency } : { maximumFractionDigits: 2 });
    if (formatters.size < 1_000) formatters.set(key, f);
  }
  return f;
}

function engine(escape: boolean): Liquid {
  const liquid = new Liquid({
    strictVariables: true,
    strictFilters: true,
    ownPropertyOnly: true,
    ...(escape ? { outputEscape: 'escape' as const } : {}),
    parseLimit: 200_000,
    renderLimit: 1_000,
    memoryLimit: 10_000_000,
  });
  for (const tag of ['include', 'render', 'layout', 'block']) delete (liquid.tags as Record<string, unknown>)[tag];
  // `{{ points.balance | number }}`: 1,250 in en, 12,34,567 in hi-IN.
  liquid.registerFilter('number', function (this: FilterThis, value: unknown) {
    const n = toNumber(value);
    return n === null ? '' : formatter(formatOf(this).locale, null).format(n);
  });
  // `{{ 500 | money }}` in the store's currency, or `{{ 500 | money: "INR" }}`; amounts in major units.
  liquid.registerFilter('money', function (this: FilterThis, value: unknown, currency?: unknown) {
    const n = toNumber(value);
    if (n === null) return '';
    const format = formatOf(this);
    const code = typeof currency === 'string' ? currency.toUpperCase() : format.currency;
    if (!/^[A-Z]{3}$/.test(code)) throw new Error(`not a currency code: ${String(currency)}`);
    return formatter(format.locale, code).format(n);
  });
  return liquid;
}

export const htmlLiquid = engine(true);
export const plainLiquid = engine(false);

export type LiquidCheck = { ok: true; template: Template[] } | { ok: false; message: string };

/** Parses a template and refuses any variable that is not a merge field (in every branch, taken or not). */
export function parseChecked(liquid: Liquid, source: string): LiquidCheck {
  let template: Template[];
  try {
    template = liquid.parse(source);
  } catch (err) {
    return { ok: false, message: liquidMessage(err) };
  }
  let segments: ReturnType<Liquid['globalVariableSegmentsSync']>;
  try {
    segments = liquid.globalVariableSegmentsSync(template);
  } catch (err) {
    return { ok: false, message: liquidMessage(err) };
  }
  const unknown = segments.map(unknownField).filter((f): f is string => f !== null);
  if (unknown.length > 0) return { ok: false, message: `unknown merge field: ${[...new Set(unknown)].join(', ')}` };
  return { ok: true, template };
}

export function renderLiquid(liquid: Liquid, template: Template[], context: object, format: MergeFormat): string {
  return liquid.renderSync(template, context, { globals: { [FORMAT]: format } }) as string;
}

/** liquidjs' message without its stack of template excerpts. */
export function liquidMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0] ?? message;
}
