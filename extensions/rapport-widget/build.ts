import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// `npm run build:widget`: bundles the widget sources into the two assets the theme app extension
// ships (committed, so the extension deploys without a build): rapport-widget.js, the deferred
// launcher on every page, and rapport-panel.js, loaded only when the panel opens.

export const WIDGET_DIR = fileURLToPath(new URL('.', import.meta.url));
/** Shopify deploys only assets/, blocks/, locales/, snippets/ of a theme app extension: sources live here. */
export const THEME_DIR = fileURLToPath(new URL('../rapport-theme/', import.meta.url));
export const ENTRIES = { 'rapport-widget': 'src/launcher.ts', 'rapport-panel': 'src/panel/panel.ts' } as const;
export const LAUNCHER_BUDGET_GZ = 10 * 1024;

export async function buildWidget(outdir = `${THEME_DIR}assets`): Promise<Record<keyof typeof ENTRIES, { bytes: number; gzip: number }>> {
  await build({
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, src]) => [name, `${WIDGET_DIR}${src}`])),
    outdir,
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2019', 'safari13'],
    legalComments: 'none',
    logLevel: 'silent',
    // Same output on every machine: no source paths, no timestamps.
    sourcemap: false,
    charset: 'utf8',
  });
  const sizes = {} as Record<keyof typeof ENTRIES, { bytes: number; gzip: number }>;
  for (const name of Object.keys(ENTRIES) as Array<keyof typeof ENTRIES>) {
    const code = readFileSync(`${outdir}/${name}.js`);
    sizes[name] = { bytes: code.length, gzip: gzipSync(code, { level: 9 }).length };
  }
  return sizes;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = await buildWidget();
  for (const [name, s] of Object.entries(sizes)) console.log(`${name}.js  ${s.bytes} B  ${s.gzip} B gzipped`);
  if (sizes['rapport-widget'].gzip > LAUNCHER_BUDGET_GZ) {
    console.error(`launcher over budget: ${sizes['rapport-widget'].gzip} B > ${LAUNCHER_BUDGET_GZ} B gzipped`);
    process.exitCode = 1;
  }
}
