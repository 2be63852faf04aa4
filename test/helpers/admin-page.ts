import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

// Page checks shared by the admin panel's browser tests (the same as admin.e2e.test.ts's own):
// axe-core, screenshots into artifacts/screenshots, and waiting for loading states to end.

export const SHOTS = join(process.cwd(), 'artifacts', 'screenshots');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

type AxeViolation = {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; html: string; failureSummary?: string }>;
};

/** Fails on serious or critical axe-core violations of the page as it is now. */
export async function expectAccessible(p: Page, name: string): Promise<void> {
  await p.addScriptTag({ path: AXE });
  const violations = await p.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => `${JSON.stringify(n.target)} ${n.html} ${n.failureSummary ?? ''}`),
    }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad, `${name}: axe violations\n${JSON.stringify(bad, null, 2)}`).toEqual([]);
}

export async function shot(p: Page, name: string): Promise<void> {
  await p.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** Waits for the skeletons, spinners and loading bars to go. */
export async function settled(p: Page): Promise<void> {
  await p.waitForLoadState('networkidle');
  const loading = () =>
    p.evaluate(
      (selector) =>
        [...document.querySelectorAll<HTMLElement>(selector)].filter((el) => el.offsetParent !== null).map((el) => el.className),
      '.Polaris-SkeletonPage__Page, .Polaris-SkeletonBodyText, .Polaris-IndexTable__LoadingPanelEntered',
    );
  await expect.poll(loading, { timeout: 10_000 }).toEqual([]);
}
