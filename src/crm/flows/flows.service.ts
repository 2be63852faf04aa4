import type { MessageTemplatesPort } from '../messaging/templates/message-templates.port.ts';
import type { CrmStore } from '../store.port.ts';
import { defaultFlow, FLOW_KINDS, type FlowKind, type FlowOptions, type FlowSetting } from './flow-kinds.ts';
import type { FlowFigures, FlowFiguresPort } from './flows.port.ts';
import { DEFAULT_TEMPLATES } from './default-templates.ts';
import { newId } from '../../lib/ids.ts';

// The merchant's side of flows: every kind with its settings (defaults off) and its last 30 days,
// and changing one. A flow sends its template's channel; a template must exist and be on a channel
// flows can send (email today), and a flow is switched on only with one.

export const FLOW_CHANNELS: ReadonlySet<string> = new Set(['email']);
export const FIGURES_DAYS = 30;

export type FlowView = FlowSetting & { figures: FlowFigures };
export type FlowPatch = { enabled?: boolean; templateId?: string | null; delayMinutes?: number; options?: FlowOptions };
export type FlowUpdate =
  | { outcome: 'saved'; flow: FlowView }
  | { outcome: 'template_not_found' }
  | { outcome: 'wrong_channel'; channel: string }
  | { outcome: 'no_template' }
  | { outcome: 'no_default_template' };

const NO_FIGURES: FlowFigures = {
  queued: 0,
  sent: 0,
  failed: 0,
  suppressed: 0,
  skipped: 0,
  recovered: 0,
  recoveredMinor: 0,
  recoveredCurrency: null,
};

export type Flows = ReturnType<typeof createFlows>;

export function createFlows(deps: { store: CrmStore; templates: MessageTemplatesPort; figures: FlowFiguresPort }) {
  const figuresSince = async (accountId: string, now: string) =>
    deps.figures.figures(accountId, new Date(Date.parse(now) - FIGURES_DAYS * 86_400_000).toISOString());

  return {
    async list(accountId: string, now: string): Promise<FlowView[]> {
      const saved = new Map((await deps.store.transaction((r) => r.flows.list(accountId))).map((s) => [s.kind, s]));
      const figures = await figuresSince(accountId, now);
      return FLOW_KINDS.map((kind) => ({ ...(saved.get(kind) ?? defaultFlow(kind)), figures: figures.get(kind) ?? NO_FIGURES }));
    },

    async update(accountId: string, kind: FlowKind, patch: FlowPatch, now: string): Promise<FlowUpdate> {
      if (patch.templateId) {
        const template = await deps.templates.get(accountId, patch.templateId);
        if (!template) return { outcome: 'template_not_found' };
        if (!FLOW_CHANNELS.has(template.channel)) return { outcome: 'wrong_channel', channel: template.channel };
      }
      const saved = await deps.store.transaction(async (repos) => {
        const current = (await repos.flows.get(accountId, kind)) ?? defaultFlow(kind);
        const next: FlowSetting = {
          kind,
          enabled: patch.enabled ?? current.enabled,
          templateId: patch.templateId !== undefined ? patch.templateId : current.templateId,
          delayMinutes: patch.delayMinutes ?? current.delayMinutes,
          options: patch.options ? { ...current.options, ...patch.options } : current.options,
          updatedAt: now,
        };
        if (next.enabled && !next.templateId) return null;
        await repos.flows.upsert(accountId, next);
        return next;
      });
      if (!saved) return { outcome: 'no_template' };
      const figures = (await figuresSince(accountId, now)).get(kind) ?? NO_FIGURES;
      return { outcome: 'saved', flow: { ...saved, figures } };
    },

    /**
     * Saves the kind's ready-made template in the shop (or finds the one saved before, by its name)
     * and chooses it for the flow, which stays on or off as it was.
     */
    async useDefaultTemplate(accountId: string, kind: FlowKind, now: string): Promise<FlowUpdate> {
      const input = DEFAULT_TEMPLATES[kind];
      if (!input) return { outcome: 'no_default_template' };
      let template = await deps.templates.byName(accountId, input.name);
      if (!template) {
        template = { id: newId('tpl'), accountId, ...input, createdAt: now, updatedAt: now };
        await deps.templates.insert(template);
      }
      return this.update(accountId, kind, { templateId: template.id }, now);
    },
  };
}
