import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { itWithPhp } from '../helpers/php.ts';

// Every string the WordPress plugin shows (PHP __(), _e(), _n(), esc_html__() ... and the blocks
// script's wp.i18n calls) has a translation in Urdu, Punjabi in Gurmukhi (pa_IN) and Shahmukhi
// (pa_PK), and Hindi: in languages/rapport-loyalty-<locale>.l10n.php (loaded by PHP itself here,
// as WordPress does) and, for the script, in the JSON wp_set_script_translations reads.

const PLUGIN = fileURLToPath(new URL('../../extensions/woocommerce/rapport-loyalty/', import.meta.url));
const DOMAIN = 'rapport-loyalty';
const SCRIPT_HANDLE = 'rapport-loyalty-blocks';

const LOCALES = [
  { locale: 'ur', script: /[\u0600-\u06FF]/, plural: 'nplurals=2; plural=n != 1;' },
  { locale: 'pa_IN', script: /[\u0A00-\u0A7F]/, plural: 'nplurals=2; plural=n > 1;' },
  { locale: 'pa_PK', script: /[\u0600-\u06FF]/, plural: 'nplurals=2; plural=n > 1;' },
  { locale: 'hi_IN', script: /[\u0900-\u097F]/, plural: 'nplurals=2; plural=n != 1;' },
] as const;

/** Names that stay as they are in every language. */
const PROPER_NAMES = new Set(['Rapport Loyalty']);

type Msg = { msgid: string; plural: string | null; file: string };

function files(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return ['languages', 'tests', 'node_modules'].includes(name) ? [] : files(path, ext);
    return name.endsWith(ext) ? [path] : [];
  });
}

const STR = String.raw`'((?:[^'\\]|\\.)*)'`;
const SINGLE = new RegExp(String.raw`\b(?:__|_e|esc_html__|esc_html_e|esc_attr__|esc_attr_e)\(\s*${STR}\s*,\s*'${DOMAIN}'\s*\)`, 'g');
const PLURAL = new RegExp(String.raw`\b_n\(\s*${STR}\s*,\s*${STR}\s*,[^;]*?'${DOMAIN}'\s*\)`, 'g');
/** Every gettext call, read or not: a call the parser above cannot read must fail the test, not be skipped. */
const ANY_CALL = /\b(?:__|_e|_n|_x|_nx|_n_noop|esc_html__|esc_html_e|esc_attr__|esc_attr_e|esc_html_x|esc_attr_x)\(/g;
const unquote = (s: string) => s.replace(/\\(['\\])/g, '$1');

/** The strings, and the files where some gettext call is not a literal in our domain. */
function sourceMessages(): { messages: Msg[]; unreadable: string[] } {
  const out: Msg[] = [];
  const unreadable: string[] = [];
  for (const path of [...files(PLUGIN, '.php'), ...files(join(PLUGIN, 'assets'), '.js')]) {
    const src = readFileSync(path, 'utf8');
    const file = relative(PLUGIN, path);
    const found: Msg[] = [...src.matchAll(SINGLE)]
      .map((m): Msg => ({ msgid: unquote(m[1]!), plural: null, file }))
      .concat([...src.matchAll(PLURAL)].map((m) => ({ msgid: unquote(m[1]!), plural: unquote(m[2]!), file })));
    if (found.length !== [...src.matchAll(ANY_CALL)].length) unreadable.push(file);
    out.push(...found);
  }
  return { messages: out, unreadable };
}

const placeholders = (s: string) => [...s.matchAll(/%(?:\d+\$)?[sd]/g)].map((m) => m[0]).sort();

/** The .l10n.php file as WordPress reads it: PHP includes it and gets an array back. */
function l10n(locale: string): { language: string; 'plural-forms': string; messages: Record<string, string> } {
  const file = join(PLUGIN, 'languages', `${DOMAIN}-${locale}.l10n.php`);
  expect(existsSync(file), file).toBe(true);
  return JSON.parse(execFileSync('php', ['-r', 'echo json_encode(include $argv[1]);', file], { encoding: 'utf8' })) as never;
}

const { messages, unreadable } = sourceMessages();
const unique = [...new Map(messages.map((m) => [m.msgid, m])).values()];
const scriptMessages = unique.filter((m) => m.file.startsWith('assets/'));

describe('WordPress plugin translations', () => {
  it('finds the strings it must check (PHP and the blocks script)', () => {
    // A call it cannot read (a variable, double quotes, another domain) would escape the checks below.
    expect(unreadable, 'files with gettext calls that are not single-quoted literals in the rapport-loyalty domain').toEqual([]);
    expect(unique.length).toBeGreaterThan(40);
    expect(unique.map((m) => m.msgid)).toEqual(
      expect.arrayContaining(['Points & rewards', 'Earn %s point with this purchase.', 'Create an account or log in to collect them.']),
    );
    expect(scriptMessages.map((m) => m.msgid).sort()).toEqual([
      'Create an account or log in to collect them.',
      'Earn %s point with this purchase.',
    ]);
  });

  it('the .pot template lists every string', () => {
    const pot = readFileSync(join(PLUGIN, 'languages', `${DOMAIN}.pot`), 'utf8');
    const po = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    for (const m of unique) {
      expect(pot, m.msgid).toContain(`msgid ${po(m.msgid)}`);
      if (m.plural) expect(pot).toContain(`msgid_plural ${po(m.plural)}`);
    }
  });

  for (const { locale, script, plural } of LOCALES) {
    itWithPhp(`${locale}: every PHP string is translated, in its script, with the same placeholders`, () => {
      const t = l10n(locale);
      expect(t.language).toBe(locale);
      expect(t['plural-forms']).toBe(plural);
      const missing = unique.filter((m) => !t.messages[m.msgid]).map((m) => `${m.file}: ${m.msgid}`);
      expect(missing).toEqual([]);
      for (const m of unique) {
        const forms = t.messages[m.msgid]!.split('\0');
        expect(forms, m.msgid).toHaveLength(m.plural ? 2 : 1);
        for (const form of forms) {
          expect(form.trim(), m.msgid).not.toBe('');
          expect(placeholders(form), `${locale}: ${m.msgid}`).toEqual(placeholders(m.msgid));
          if (!PROPER_NAMES.has(m.msgid)) {
            expect(form, `${locale}: ${m.msgid}`).not.toBe(m.msgid);
            expect(form, `${locale} script: ${m.msgid}`).toMatch(script);
          }
        }
      }
      // Nothing stale: a string removed from the code leaves the translations too.
      expect(Object.keys(t.messages).filter((k) => !unique.some((m) => m.msgid === k))).toEqual([]);
    });

    itWithPhp(`${locale}: the blocks script's JSON (${DOMAIN}-${locale}-${SCRIPT_HANDLE}.json) has its strings`, () => {
      const json = JSON.parse(readFileSync(join(PLUGIN, 'languages', `${DOMAIN}-${locale}-${SCRIPT_HANDLE}.json`), 'utf8')) as {
        locale_data: { messages: Record<string, any> };
      };
      const data = json.locale_data.messages;
      expect(data['']).toMatchObject({ lang: locale, 'plural-forms': plural });
      const php = l10n(locale).messages;
      for (const m of scriptMessages) {
        // The same words as the classic cart's PHP, so both carts read alike.
        expect(data[m.msgid], m.msgid).toEqual(php[m.msgid]!.split('\0'));
      }
    });
  }

  it('WordPress is told where to find them', () => {
    const main = readFileSync(join(PLUGIN, 'rapport-loyalty.php'), 'utf8');
    expect(main).toMatch(/Text Domain:\s+rapport-loyalty/);
    expect(main).toMatch(/Domain Path:\s+\/languages/);
    expect(main).toContain(
      `load_plugin_textdomain( '${DOMAIN}', false, dirname( plugin_basename( RAPPORT_LOYALTY_FILE ) ) . '/languages' )`,
    );
    const integration = readFileSync(join(PLUGIN, 'includes/class-rapport-loyalty-blocks-integration.php'), 'utf8');
    expect(integration).toContain(`const HANDLE = '${SCRIPT_HANDLE}';`);
    expect(integration).toContain(`wp_set_script_translations( self::HANDLE, '${DOMAIN}', RAPPORT_LOYALTY_DIR . 'languages' )`);
  });
});
