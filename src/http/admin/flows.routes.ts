import type { FlowUpdate, Flows } from '../../crm/flows/flows.service.ts';
import { HttpError } from '../errors.ts';
import { accountOf } from './caller.ts';
import { flow, flowKindParams, flowPatch, flowsResponse } from './flows.schemas.ts';
import type { RouteRegistry } from './registry.ts';

// Admin API of automated flows: every kind with its settings and last 30 days, and changing one.

function saved(r: FlowUpdate) {
  switch (r.outcome) {
    case 'saved':
      return r.flow;
    case 'template_not_found':
      throw new HttpError('invalid', 'No such message template');
    case 'wrong_channel':
      throw new HttpError('invalid', `Flows cannot send ${r.channel} templates yet`);
    case 'no_template':
      throw new HttpError('invalid', 'Choose a template before switching the flow on');
    case 'no_default_template':
      throw new HttpError('invalid', 'This flow has no ready-made template');
  }
}

export function registerFlowRoutes(registry: RouteRegistry, deps: { flows: Flows }): void {
  const now = () => new Date().toISOString();

  registry.add({
    method: 'get',
    path: '/api/flows',
    tag: 'Messages',
    auth: true,
    summary: 'Automated flows: each kind with its settings (off by default) and its last 30 days',
    response: flowsResponse,
    handler: async ({ req }) => ({ flows: await deps.flows.list(accountOf(req), now()) }),
  });

  registry.add({
    method: 'patch',
    path: '/api/flows/:kind',
    tag: 'Messages',
    auth: true,
    summary: 'Switch a flow on or off, choose its template, delay and options',
    params: flowKindParams,
    body: flowPatch,
    response: flow,
    errors: [400],
    handler: async ({ params, body, req }) => saved(await deps.flows.update(accountOf(req), params.kind, body, now())),
  });

  registry.add({
    method: 'post',
    path: '/api/flows/:kind/default-template',
    tag: 'Messages',
    auth: true,
    summary: "Save the flow's ready-made template (en, ur, pa, hi) in the shop and choose it; the flow stays on or off",
    params: flowKindParams,
    response: flow,
    errors: [400],
    handler: async ({ params, req }) => saved(await deps.flows.useDefaultTemplate(accountOf(req), params.kind, now())),
  });
}
