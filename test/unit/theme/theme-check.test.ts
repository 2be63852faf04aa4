import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check } from '@shopify/theme-check-node';
import { describe, expect, it } from 'vitest';
import { THEME_DIR } from '../../helpers/theme-liquid.ts';

// Shopify's own linter on the theme app extension, offline. The extension folder has no config
// file (Shopify deploys only assets/, blocks/, locales/, snippets/), so theme-check recognises it
// as an app extension and applies its theme-app-extension rules (10 KB schema JavaScript, etc.).

const describeOffense = (o: { check: string; uri: string; message: string; severity: number }) =>
  `${o.severity} ${o.check} ${o.uri.split('/').slice(-2).join('/')}: ${o.message}`;

describe('theme-check', () => {
  it('reports nothing on the extension', async () => {
    const offenses = await check(THEME_DIR.replace(/\/$/, ''));
    expect(offenses.map(describeOffense)).toEqual([]);
  });

  it('does catch errors (a broken copy fails)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-theme-check-'));
    try {
      cpSync(THEME_DIR, dir, { recursive: true });
      writeFileSync(
        join(dir, 'blocks', 'broken.liquid'),
        '{{ product.title | no_such_filter }}\n{% schema %}{"name":"Broken","target":"section"}{% endschema %}\n',
      );
      const offenses = await check(dir);
      expect(offenses.filter((o) => o.severity === 0).map((o) => o.check)).toContain('UnknownFilter');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
