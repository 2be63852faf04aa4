import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJournal } from '../../../src/db/migration-journal.ts';

// migrations/README.md, "Expand, then contract": a release only adds. A migration after the
// baseline that drops, renames, retypes or tightens something must say, in a `-- contract:`
// comment, which release stopped using it (an older version may still be serving during a deploy).

/** The newest migration of each dialect before the rule was enforced: earlier ones are history. */
const BASELINE = { sqlite: '0015_onboarding', pg: '0002_customer_search_trgm' } as const;

const DESTRUCTIVE: [string, RegExp][] = [
  ['DROP COLUMN', /\bDROP\s+COLUMN\b/i],
  ['DROP TABLE', /\bDROP\s+TABLE\b/i],
  ['RENAME', /\bRENAME\b/i],
  ['ALTER COLUMN … TYPE', /\bALTER\s+COLUMN\s+("[^"]+"|\S+)\s+(SET\s+DATA\s+)?TYPE\b/i],
  ['SET NOT NULL', /\bSET\s+NOT\s+NULL\b/i],
];

/**
 * drizzle-kit's SQLite table rebuild (copy into `__new_x`, drop `x`, rename back) is how SQLite
 * changes a table, not a drop: SQLite is one embedded process, with no older version serving
 * beside the new one. Its statements are left out; anything else in the file is still checked.
 */
function withoutSqliteRebuilds(code: string): string {
  let out = code;
  for (const [, table] of code.matchAll(/ALTER\s+TABLE\s+`__new_([^`]+)`\s+RENAME\s+TO\s+`\1`\s*;/gi)) {
    out = out
      .replace(new RegExp(`DROP\\s+TABLE\\s+\`${table}\`\\s*;`, 'i'), '')
      .replace(new RegExp(`ALTER\\s+TABLE\\s+\`__new_${table}\`\\s+RENAME\\s+TO\\s+\`${table}\`\\s*;`, 'i'), '');
  }
  return out;
}

/** What a migration contracts without saying which release stopped using it. */
function unannouncedContractions(sqlText: string): string[] {
  // The reason must name a release: `-- contract: v0.4 stopped reading orders.legacy_total`.
  if (/^\s*--\s*contract:\s*\S*\d\S*.*\S/im.test(sqlText)) return [];
  const code = withoutSqliteRebuilds(
    sqlText
      .split('\n')
      .filter((l) => !/^\s*--/.test(l))
      .join('\n'),
  );
  return DESTRUCTIVE.filter(([, re]) => re.test(code)).map(([name]) => name);
}

function migrationsAfterBaseline(dialect: keyof typeof BASELINE): { tag: string; text: string }[] {
  const folder = join(import.meta.dirname, '../../../migrations', dialect);
  const entries = readJournal(folder);
  const base = entries.find((e) => e.tag === BASELINE[dialect]);
  if (!base) throw new Error(`baseline ${BASELINE[dialect]} is not in ${folder}`);
  const files = new Set(readdirSync(folder));
  return entries
    .filter((e) => e.idx > base.idx)
    .map((e) => {
      expect(files.has(`${e.tag}.sql`)).toBe(true);
      return { tag: e.tag, text: readFileSync(join(folder, `${e.tag}.sql`), 'utf8') };
    });
}

describe('expand/contract', () => {
  it.each(['sqlite', 'pg'] as const)('every %s migration after the baseline only expands, or names its contract', (dialect) => {
    const offenders = migrationsAfterBaseline(dialect)
      .map((m) => [m.tag, unannouncedContractions(m.text)] as const)
      .filter(([, found]) => found.length > 0);
    expect(offenders).toEqual([]);
  });

  it.each([
    ['a new table', 'CREATE TABLE "x" ("id" text PRIMARY KEY NOT NULL);', []],
    ['a nullable column', 'ALTER TABLE "orders" ADD COLUMN "note" text;', []],
    ['an index built concurrently', 'CREATE INDEX CONCURRENTLY IF NOT EXISTS "x" ON "orders" ("note");', []],
    ['a dropped column', 'ALTER TABLE "orders" DROP COLUMN "note";', ['DROP COLUMN']],
    ['a dropped table', 'DROP TABLE "old";', ['DROP TABLE']],
    ["SQLite's table rebuild", 'CREATE TABLE `__new_x` (`id` text);\nDROP TABLE `x`;\nALTER TABLE `__new_x` RENAME TO `x`;', []],
    ['a rebuild beside a real drop', 'DROP TABLE `x`;\nALTER TABLE `__new_x` RENAME TO `x`;\nDROP TABLE `y`;', ['DROP TABLE']],
    ['a rename that is no rebuild', 'ALTER TABLE `__new_x` RENAME TO `z`;', ['RENAME']],
    ['a renamed column', 'ALTER TABLE "orders" RENAME COLUMN "a" TO "b";', ['RENAME']],
    ['a type change', 'ALTER TABLE "orders" ALTER COLUMN "total" SET DATA TYPE bigint;', ['ALTER COLUMN … TYPE']],
    ['a short type change', 'ALTER TABLE orders ALTER COLUMN total TYPE bigint;', ['ALTER COLUMN … TYPE']],
    ['a tightened column', 'ALTER TABLE "orders" ALTER COLUMN "note" SET NOT NULL;', ['SET NOT NULL']],
    ['a drop only mentioned in a comment', '-- we will DROP TABLE old later\nCREATE TABLE "x" ("id" text);', []],
    ['a contract without a release', '-- contract: no longer used\nDROP TABLE "old";', ['DROP TABLE']],
    ['a contract naming the release', '-- contract: v0.4 stopped reading old\nDROP TABLE "old";', []],
  ])('%s', (_title, text, found) => {
    expect(unannouncedContractions(text)).toEqual(found);
  });
});
