import type { MessageTemplates, PreviewOutcome, TemplateOutcome } from '../../crm/messaging/templates/message-templates.service.ts';
import { MERGE_FIELDS } from '../../crm/messaging/templates/merge-fields.ts';
import type { MessageTemplate, TemplateProblem } from '../../crm/messaging/templates/template.ts';
import { HttpError } from '../errors.ts';
import { accountOf } from './caller.ts';
import { idParams } from './common.schemas.ts';
import {
  deleteTemplateResponse,
  draftPreviewRequest,
  mergeFieldsResponse,
  messageTemplate,
  messageTemplatesResponse,
  previewRequest,
  templateInput,
  templatePreview,
} from './message-templates.schemas.ts';
import type { RouteRegistry } from './registry.ts';

// Admin API of message templates. Thin: parse, call one domain operation, shape the reply. A
// template that does not compile is a 400 naming each problem's language and part.

const shape = ({ accountId: _a, ...t }: MessageTemplate) => t;
const notFound = () => new HttpError('not_found', 'No such message template');

function invalid(problems: TemplateProblem[]): never {
  const message = problems.map((p) => `${p.language} ${p.part}${p.line ? ` (line ${p.line})` : ''}: ${p.message}`).join('; ');
  throw new HttpError('invalid', message, { problems });
}

function saved(r: TemplateOutcome) {
  switch (r.outcome) {
    case 'saved':
      return shape(r.template);
    case 'invalid':
      return invalid(r.problems);
    case 'name_taken':
      throw new HttpError('conflict', 'A message template with this name exists');
    case 'not_found':
      throw notFound();
  }
}

function previewed(r: PreviewOutcome) {
  switch (r.outcome) {
    case 'rendered':
      return { email: r.email, whatsapp: r.whatsapp, pick: r.pick, customerId: r.customerId };
    case 'invalid':
      return invalid(r.problems);
    case 'no_variant':
      throw new HttpError('invalid', 'The template has no language variant');
    case 'not_found':
      throw notFound();
    case 'customer_not_found':
      throw new HttpError('not_found', 'No such customer');
  }
}

export function registerMessageTemplateRoutes(registry: RouteRegistry, deps: { messageTemplates: MessageTemplates }): void {
  const t = deps.messageTemplates;
  const now = () => new Date().toISOString();

  registry.add({
    method: 'get',
    path: '/api/message-templates',
    tag: 'Messages',
    auth: true,
    summary: 'Message templates, oldest first',
    response: messageTemplatesResponse,
    handler: async ({ req }) => ({ templates: (await t.list(accountOf(req))).map(shape) }),
  });

  registry.add({
    method: 'get',
    path: '/api/message-templates/fields',
    tag: 'Messages',
    auth: true,
    summary: 'The merge fields a template may use',
    response: mergeFieldsResponse,
    handler: () => ({ fields: MERGE_FIELDS.map((f) => ({ ...f })) }),
  });

  registry.add({
    method: 'post',
    path: '/api/message-templates',
    tag: 'Messages',
    auth: true,
    summary: 'Create a template (every language variant must compile with known merge fields)',
    body: templateInput,
    response: messageTemplate,
    errors: [400, 409],
    handler: async ({ body, req }) => saved(await t.create(accountOf(req), body, now())),
  });

  registry.add({
    method: 'post',
    path: '/api/message-templates/preview',
    tag: 'Messages',
    auth: true,
    summary: 'Render unsaved variants for a customer (or the sample shopper): the editor’s live preview',
    body: draftPreviewRequest,
    response: templatePreview,
    errors: [400, 404],
    status: 200,
    handler: async ({ body, req }) => {
      const { variants, channel, ...request } = body;
      return previewed(await t.previewDraft(accountOf(req), variants, request, now(), channel));
    },
  });

  registry.add({
    method: 'get',
    path: '/api/message-templates/:id',
    tag: 'Messages',
    auth: true,
    summary: 'One message template',
    params: idParams,
    response: messageTemplate,
    errors: [404],
    handler: async ({ params, req }) => {
      const template = await t.get(accountOf(req), params.id);
      if (!template) throw notFound();
      return shape(template);
    },
  });

  registry.add({
    method: 'put',
    path: '/api/message-templates/:id',
    tag: 'Messages',
    auth: true,
    summary: 'Replace a template (name, purpose, variants)',
    params: idParams,
    body: templateInput,
    response: messageTemplate,
    errors: [400, 404, 409],
    handler: async ({ params, body, req }) => saved(await t.update(accountOf(req), params.id, body, now())),
  });

  registry.add({
    method: 'delete',
    path: '/api/message-templates/:id',
    tag: 'Messages',
    auth: true,
    summary: 'Delete a message template',
    params: idParams,
    response: deleteTemplateResponse,
    errors: [404],
    handler: async ({ params, req }) => {
      if (!(await t.delete(accountOf(req), params.id))) throw notFound();
      return { deleted: true as const };
    },
  });

  registry.add({
    method: 'post',
    path: '/api/message-templates/:id/preview',
    tag: 'Messages',
    auth: true,
    summary: 'Render a template for a real customer of the account (or the sample shopper), in their language',
    params: idParams,
    body: previewRequest,
    response: templatePreview,
    errors: [400, 404],
    status: 200,
    handler: async ({ params, body, req }) => previewed(await t.preview(accountOf(req), params.id, body, now())),
  });
}
