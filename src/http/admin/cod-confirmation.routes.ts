import { COD_CANCEL, COD_CONFIRM } from '../../crm/cod/cod-confirmation.service.ts';
import type { CodSettings } from '../../crm/cod/cod.port.ts';
import { codButtonsMissing } from '../../crm/cod/cod-template.ts';
import type { MessageTemplates } from '../../crm/messaging/templates/message-templates.service.ts';
import type { CrmStore } from '../../crm/store.port.ts';
import { HttpError } from '../errors.ts';
import { accountOf } from './caller.ts';
import { codSettingsInput, codSettingsResponse } from './cod-confirmation.schemas.ts';
import type { RouteRegistry } from './registry.ts';

// Admin API of COD confirmation's settings: on/off, the WhatsApp template, reminder and review
// delays, and whether Cancel cancels the order at the store or only tags it.

const shape = (s: CodSettings) => ({ ...s, payloads: { confirm: COD_CONFIRM, cancel: COD_CANCEL } });

export function registerCodConfirmationRoutes(
  registry: RouteRegistry,
  deps: { store: CrmStore; messageTemplates: MessageTemplates },
): void {
  registry.add({
    method: 'get',
    path: '/api/cod-confirmation',
    tag: 'Messages',
    auth: true,
    summary: 'COD confirmation on WhatsApp: settings',
    response: codSettingsResponse,
    handler: async ({ req }) => shape(await deps.store.transaction((repos) => repos.cod.settings(accountOf(req)))),
  });

  registry.add({
    method: 'put',
    path: '/api/cod-confirmation',
    tag: 'Messages',
    auth: true,
    summary: 'COD confirmation on WhatsApp: turn on or off, template, reminder and review hours, cancel at the store or tag',
    body: codSettingsInput,
    response: codSettingsResponse,
    errors: [400],
    handler: async ({ body, req }) => {
      const accountId = accountOf(req);
      if (body.reviewHours <= body.reminderHours)
        throw new HttpError('invalid', 'reviewHours: must come after reminderHours', [
          { path: 'reviewHours', message: 'after reminderHours' },
        ]);
      if (body.templateId) {
        const t = await deps.messageTemplates.get(accountId, body.templateId);
        if (!t || t.channel !== 'whatsapp')
          throw new HttpError('invalid', 'templateId: not a WhatsApp template of this shop', [{ path: 'templateId', message: 'unknown' }]);
        const missing = codButtonsMissing(t);
        if (missing.length)
          throw new HttpError(
            'invalid',
            `templateId: the ${missing.join(', ')} variant needs quick replies ${COD_CONFIRM} and ${COD_CANCEL}`,
            [{ path: 'templateId', message: `no ${COD_CONFIRM} / ${COD_CANCEL} buttons` }],
          );
      } else if (body.enabled)
        throw new HttpError('invalid', 'templateId: required to turn it on', [{ path: 'templateId', message: 'required' }]);
      const now = new Date().toISOString();
      await deps.store.transaction((repos) => repos.cod.saveSettings(accountId, body, now));
      return shape({ ...body, updatedAt: now });
    },
  });
}
