import express, { type Express } from 'express';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { pinoHttp } from 'pino-http';
import { randomUUID } from 'node:crypto';
import type { Config } from '../config/config.ts';
import type { Db } from '../db/client.ts';
import type { Tenancy } from '../db/tenancy.repo.ts';
import type { InboxQueue } from '../inbox/inbox.port.ts';
import type { Logger } from '../lib/logger.ts';
import { registerCustomerRoutes } from './admin/customers.routes.ts';
import { openApiDocument } from './admin/openapi.ts';
import { RouteRegistry } from './admin/registry.ts';
import { registerSystemRoutes } from './admin/system.routes.ts';
import { HttpError } from './errors.ts';
import { adminAuth } from './middleware/auth.ts';
import { errorHandler } from './middleware/error-handler.ts';
import { createWebhookIntake } from './webhooks/intake.ts';

export type AppDeps = {
  config: Config;
  logger: Logger;
  db: Db;
  tenancy: Tenancy;
  inbox: InboxQueue;
  isReady?: () => boolean;
};

/**
 * Builds the request handler without listening, so tests and main.ts share it: webhook
 * deliveries on a bare node:http fast path, everything else through Express.
 */
export function createApp(deps: AppDeps): { app: Express; handler: RequestListener; registry: RouteRegistry } {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.use(pinoHttp({
    logger: deps.logger,
    genReqId: (req, res) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    // Successful webhook acks are the hot path; log them at debug only.
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    serializers: { req: (req) => ({ id: req.id, method: req.method, url: String(req.url).split('?')[0] }), res: (res) => ({ statusCode: res.statusCode }) },
  }));


  const registry = new RouteRegistry();
  registerSystemRoutes(registry, { tenancy: deps.tenancy, inbox: deps.inbox, isReady: deps.isReady ?? (() => true) });
  registerCustomerRoutes(registry, deps.db);
  app.get('/api/openapi.json', (_req, res) => { res.json(openApiDocument(registry, deps.config.SHOPIFY_APP_URL)); });
  app.use(registry.mount(adminAuth(deps.config, deps.tenancy)));

  app.use('/api', (_req, _res, next) => next(new HttpError('not_found', 'No such API route')));
  app.use(errorHandler);
  const intake = createWebhookIntake(deps);
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    if (!intake(req, res)) app(req, res);
  };
  return { app, handler, registry };
}
