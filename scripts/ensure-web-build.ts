import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// `npm start` (prestart) and the e2e test call this: build the admin panel into web/dist when
// it is missing or older than its sources, so a fresh clone starts with one command and an
// unchanged tree costs only a few stat calls.

const root = fileURLToPath(new URL('..', import.meta.url));
const web = join(root, 'web');
const dist = join(web, 'dist');
const builtIndex = join(dist, 'index.html');
// The panel also bundles the storefront widget's view and locale texts (Home's widget preview).
const sources = [
  join(web, 'src'),
  join(web, 'index.html'),
  join(web, 'vite.config.ts'),
  join(root, 'package-lock.json'),
  join(root, 'extensions', 'rapport-widget', 'src'),
  join(root, 'extensions', 'rapport-theme', 'locales'),
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), stat.mtimeMs);
}

export function webBuildIsFresh(): boolean {
  return existsSync(builtIndex) && statSync(builtIndex).mtimeMs >= Math.max(...sources.map(newestMtime));
}

/** Builds web/dist unless it is up to date. Returns whether a build ran. */
export function ensureWebBuild(options: { quiet?: boolean } = {}): boolean {
  if (webBuildIsFresh()) return false;
  if (!options.quiet) console.log('Building the admin panel (web/ -> web/dist)...');
  // Build beside, then swap: a server or a parallel test run never sees a half-written dist.
  const cache = join(root, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const staging = join(cache, `rapport-web-${process.pid}`);
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const args = [
    vite,
    'build',
    '--config',
    join(web, 'vite.config.ts'),
    '--outDir',
    staging,
    ...(options.quiet ? ['--logLevel', 'warn'] : []),
  ];
  // NODE_ENV=production: under a test runner NODE_ENV=test would bundle React's development build.
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (result.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`vite build failed (exit ${result.status ?? result.signal})`);
  }
  rmSync(dist, { recursive: true, force: true });
  try {
    renameSync(staging, dist);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // a parallel build won the swap; its output is as fresh
  }
  return true;
}

const isEntry = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isEntry) {
  try {
    ensureWebBuild();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
