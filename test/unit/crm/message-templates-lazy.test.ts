import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// mjml and html-to-text take about a second to load: the app (every route, the anonymous ones
// included) and the composition root must not load them until a template is compiled.

const probe = `
import { createRequire } from 'node:module';
const heavy = () => Object.keys(createRequire(import.meta.url).cache).filter((k) => /node_modules\\/(mjml|mjml-core|html-to-text)\\//.test(k)).length;
await import('./src/http/app.ts');
await import('./src/composition.ts');
const before = heavy();
const { compileVariant } = await import('./src/crm/messaging/templates/compile.ts');
await compileVariant('en', { subject: 's', body: '<mj-section><mj-column><mj-text>x</mj-text></mj-column></mj-section>' });
console.log(JSON.stringify({ before, after: heavy() }));
`;

describe('message templates load MJML lazily', () => {
  it('not with the app and the composition root; on the first compile', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], {
      cwd: process.cwd(),
      encoding: 'utf8',
    });
    const { before, after } = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { before: number; after: number };
    expect(before).toBe(0);
    expect(after).toBeGreaterThan(0);
  }, 60_000);
});
