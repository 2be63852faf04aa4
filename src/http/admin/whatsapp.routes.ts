import { publicUrl, type Config } from '../../config/config.ts';
import type { WhatsAppNumber, WhatsAppNumbersPort } from '../../crm/messaging/whatsapp/numbers.port.ts';
import { HttpError } from '../errors.ts';
import { accountOf } from './caller.ts';
import type { RouteRegistry } from './registry.ts';
import { whatsAppDeleteResponse, whatsAppNumber, whatsAppNumberInput, whatsAppSettingsResponse } from './whatsapp.schemas.ts';

// Admin API of the shop's WhatsApp number: connect (phone number id, WABA id, access token),
// show (the token masked), disconnect. The token is sealed by storage and never answered.

const shape = ({ accountId: _a, ...n }: WhatsAppNumber) => n;

export function registerWhatsAppRoutes(
  registry: RouteRegistry,
  deps: { config: Config; whatsapp: { numbers: WhatsAppNumbersPort } },
): void {
  const numbers = deps.whatsapp.numbers;
  const base = publicUrl(deps.config)?.replace(/\/+$/, '');
  const settings = (n: WhatsAppNumber | undefined) => ({
    number: n ? shape(n) : null,
    webhooksConfigured: Boolean(deps.config.WHATSAPP_APP_SECRET && deps.config.WHATSAPP_VERIFY_TOKEN),
    webhookUrl: base ? `${base}/webhooks/whatsapp` : null,
  });

  registry.add({
    method: 'get',
    path: '/api/whatsapp',
    tag: 'Messages',
    auth: true,
    summary: 'The shop’s WhatsApp number (the access token masked) and whether webhooks can arrive',
    response: whatsAppSettingsResponse,
    handler: async ({ req }) => settings(await numbers.get(accountOf(req))),
  });

  registry.add({
    method: 'put',
    path: '/api/whatsapp',
    tag: 'Messages',
    auth: true,
    summary: 'Connect or change the shop’s WhatsApp number (Cloud API phone number id, WABA id, access token)',
    body: whatsAppNumberInput,
    response: whatsAppNumber,
    errors: [400, 409],
    handler: async ({ body, req }) => {
      const r = await numbers.put(
        accountOf(req),
        { phoneNumberId: body.phoneNumberId, wabaId: body.wabaId, displayPhone: body.displayPhone ?? null, accessToken: body.accessToken },
        new Date().toISOString(),
      );
      if (r.outcome === 'taken') throw new HttpError('conflict', 'This phone number id is connected to another shop');
      return shape(r.number);
    },
  });

  registry.add({
    method: 'delete',
    path: '/api/whatsapp',
    tag: 'Messages',
    auth: true,
    summary: 'Disconnect the shop’s WhatsApp number (its access token is deleted here)',
    response: whatsAppDeleteResponse,
    handler: async ({ req }) => ({ deleted: await numbers.delete(accountOf(req)) }),
  });
}
