import type { z } from 'zod';
import type { Config } from '../../config/config.ts';
import { currentProgram } from '../../crm/loyalty/program.service.ts';
import type { CrmStore } from '../../crm/store.port.ts';
import type { OnboardingPort } from '../../crm/onboarding/onboarding.port.ts';
import type { ConnectionsPort } from '../../crm/tenancy/connections.port.ts';
import { HttpError } from '../errors.ts';
import { accountOf } from './caller.ts';
import { markParams, onboardingState } from './onboarding.schemas.ts';
import { onboardingSteps, themeEditorUrl, wordpressPluginsUrl } from './onboarding.steps.ts';
import type { RouteRegistry } from './registry.ts';

// Home's first-hour checklist: one read computed from the account's real data (connections,
// the program, the storefront's first call) and the merchant's own marks, always for the
// caller's account only.

type State = z.infer<typeof onboardingState>;

export function registerOnboardingRoutes(
  registry: RouteRegistry,
  deps: { config: Config; store: CrmStore; connections: ConnectionsPort; onboarding: OnboardingPort },
): void {
  const { onboarding, connections } = deps;

  async function stateOf(accountId: string): Promise<State> {
    // The oldest working store is the one the checklist talks about.
    const c = (await connections.listConnections(accountId))
      .filter((x) => x.status === 'active')
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0];
    const store = c ? { platform: c.platform, domain: c.domain, country: c.country } : null;
    const { program } = await deps.store.transaction((repos) => currentProgram(repos, accountId));
    const [marks, firstSeenAt] = await Promise.all([onboarding.marks(accountId), onboarding.storefrontFirstSeen(accountId)]);
    const steps = onboardingSteps({ store, programRunning: Boolean(program?.settings.enabled), storefrontFirstSeenAt: firstSeenAt, marks });
    const apiKey = deps.config.SHOPIFY_API_KEY;
    return {
      steps,
      complete: steps.every((s) => s.done),
      dismissed: marks.has('dismissed'),
      store,
      widget: {
        firstSeenAt,
        themeEditorUrl: store?.platform === 'shopify' && apiKey ? themeEditorUrl(store.domain, apiKey) : null,
        pluginsUrl: store?.platform === 'woocommerce' ? wordpressPluginsUrl(store.domain) : null,
      },
    };
  }

  registry.add({
    method: 'get',
    path: '/api/onboarding',
    tag: 'Onboarding',
    auth: true,
    summary: "The first-hour checklist on Home: each step done from the account's own data or marked by the merchant",
    response: onboardingState,
    handler: ({ req }) => stateOf(accountOf(req)),
  });

  registry.add({
    method: 'post',
    path: '/api/onboarding/steps/:step/done',
    tag: 'Onboarding',
    auth: true,
    summary: 'Mark the widget step (the merchant turned it on) or the preview step (seen) as done',
    params: markParams,
    response: onboardingState,
    errors: [400],
    status: 200,
    handler: async ({ params, req }) => {
      const accountId = accountOf(req);
      await onboarding.mark(accountId, params.step);
      return stateOf(accountId);
    },
  });

  registry.add({
    method: 'post',
    path: '/api/onboarding/dismiss',
    tag: 'Onboarding',
    auth: true,
    summary: 'Hide the finished checklist (409 while a step is still open)',
    response: onboardingState,
    errors: [409],
    status: 200,
    handler: async ({ req }) => {
      const accountId = accountOf(req);
      const now = await stateOf(accountId);
      if (!now.complete)
        throw new HttpError('conflict', 'Finish every step before hiding the checklist', { reason: 'onboarding_incomplete' });
      await onboarding.mark(accountId, 'dismissed');
      return { ...now, dismissed: true };
    },
  });
}
