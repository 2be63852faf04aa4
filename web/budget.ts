import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

// The initial-JS budget of the admin panel: the gzipped size of every script index.html loads
// up front (the entry module and its modulepreloads). Pages are lazy chunks and do not count.
// Run after `npm run build:web`: `tsx web/budget.ts`; the e2e test checks it too.

export const INITIAL_JS_BUDGET_BYTES = 300 * 1024;
export const defaultDist = fileURLToPath(new URL('./dist', import.meta.url));

export type BudgetReport = { files: Array<{ file: string; gzipBytes: number }>; totalGzipBytes: number; budgetBytes: number; ok: boolean };

export function initialScripts(indexHtml: string): string[] {
  const tags = indexHtml.match(/<(script|link)\b[^>]*>/g) ?? [];
  const files = tags.flatMap((tag) => {
    const isModule = tag.startsWith('<script') && /type="module"/.test(tag);
    const isPreload = tag.startsWith('<link') && /rel="modulepreload"/.test(tag);
    const url = /(?:src|href)="([^"]+\.js)"/.exec(tag)?.[1];
    return (isModule || isPreload) && url ? [url] : [];
  });
  return [...new Set(files)];
}

export function measureInitialJs(distDir = defaultDist, budgetBytes = INITIAL_JS_BUDGET_BYTES): BudgetReport {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const files = initialScripts(html).map((url) => {
    if (/^(https?:)?\/\//.test(url)) throw new Error(`index.html loads a third-party script: ${url}`);
    return { file: url, gzipBytes: gzipSync(readFileSync(join(distDir, url))).length };
  });
  if (files.length === 0) throw new Error(`No entry script found in ${join(distDir, 'index.html')}`);
  const totalGzipBytes = files.reduce((sum, f) => sum + f.gzipBytes, 0);
  return { files, totalGzipBytes, budgetBytes, ok: totalGzipBytes <= budgetBytes };
}

const isEntry = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isEntry) {
  const report = measureInitialJs();
  for (const f of report.files) console.log(`${(f.gzipBytes / 1024).toFixed(1).padStart(7)} KB  ${f.file}`);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`initial JS (gzip): ${kb(report.totalGzipBytes)} of ${kb(report.budgetBytes)}`);
  if (!report.ok) {
    console.error('Over the initial JS budget: split a route with React.lazy or drop a dependency.');
    process.exit(1);
  }
}
