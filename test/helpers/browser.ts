import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

// The browser the e2e tests and benchmarks drive. Debian's Chromium where it is installed
// (`apt-get install chromium fonts-noto-core`, as CI does); otherwise the Chromium that the
// npm package @sparticuz/chromium carries inside it, with Noto fonts from npm for Urdu
// (Nastaliq), Gurmukhi and Devanagari, so `npm install && npm test` passes on a fresh machine.
// No test tool ever downloads a browser.

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

// No sandbox: the tests run as root here; no background networking: the machines have no internet.
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const require = createRequire(import.meta.url);
const NPM_FONTS = [
  '@expo-google-fonts/noto-nastaliq-urdu/400Regular/NotoNastaliqUrdu_400Regular.ttf',
  '@expo-google-fonts/noto-nastaliq-urdu/700Bold/NotoNastaliqUrdu_700Bold.ttf',
  '@expo-google-fonts/noto-sans-gurmukhi/400Regular/NotoSansGurmukhi_400Regular.ttf',
  '@expo-google-fonts/noto-sans-gurmukhi/700Bold/NotoSansGurmukhi_700Bold.ttf',
  '@expo-google-fonts/noto-sans-devanagari/400Regular/NotoSansDevanagari_400Regular.ttf',
  '@expo-google-fonts/noto-sans-devanagari/700Bold/NotoSansDevanagari_700Bold.ttf',
];

export type BrowserSource = 'debian' | 'npm';

/** Which browser `launchChromium` takes: `RAPPORT_BROWSER=npm` forces the npm one (its own test does). */
export function browserSource(): BrowserSource {
  if (process.env.RAPPORT_BROWSER === 'npm') return 'npm';
  return existsSync(DEBIAN_CHROMIUM) ? 'debian' : 'npm';
}

let npmExecutable: Promise<string> | undefined;

/** Unpacks @sparticuz/chromium once per process (into the temp dir) and adds the Noto fonts to its fontconfig dir. */
function npmChromium(): Promise<string> {
  npmExecutable ??= (async () => {
    const { default: sparticuz } = await import('@sparticuz/chromium');
    const path = await sparticuz.executablePath();
    // The package points fontconfig at $FONTCONFIG_PATH (default <tmp>/fonts), which it unpacks.
    const fontDir = process.env.FONTCONFIG_PATH ?? join(tmpdir(), 'fonts');
    mkdirSync(fontDir, { recursive: true });
    for (const font of NPM_FONTS) {
      const file = require.resolve(font);
      const target = join(fontDir, basename(file));
      if (!existsSync(target)) copyFileSync(file, target);
    }
    // Its own `args` are for AWS Lambda (single process, web security off): not used here.
    return path;
  })();
  return npmExecutable;
}

export async function launchChromium(options: LaunchOptions = {}, source: BrowserSource = browserSource()): Promise<Browser> {
  const executablePath = source === 'debian' ? DEBIAN_CHROMIUM : await npmChromium();
  return chromium.launch({ headless: true, ...options, executablePath, args: [...ARGS, ...(options.args ?? [])] });
}
