import express, { type Request, type Response, type Router } from 'express';
import type { z } from 'zod';
import { checkingResponses, refuseDrift } from '../response-check.ts';

// Admin routes are declared once: the same declaration registers the Express handler and
// describes the route in the OpenAPI document. Query, params and body are parsed with their
// schemas; a handler's result is not, so in production nothing stops it from returning more
// or other than `response` declares. The test run (RAPPORT_CHECK_RESPONSES=1, vitest.config.ts)
// checks every result against `response` and answers 500 on any difference, so the API tests
// catch drift between the document and what the API returns.

export type RouteSpec<Q extends z.ZodType, P extends z.ZodType, B extends z.ZodType> = {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  tag: string;
  auth: boolean;
  query?: Q;
  params?: P;
  body?: B;
  response: z.ZodType;
  errors?: number[];
  /** Success status; POST defaults to 201 (created), everything else to 200. */
  status?: number;
  handler: (input: { query: z.infer<Q>; params: z.infer<P>; body: z.infer<B>; req: Request; res: Response }) => Promise<unknown> | unknown;
};

export type AnyRoute = RouteSpec<z.ZodType, z.ZodType, z.ZodType>;

export class RouteRegistry {
  readonly routes: AnyRoute[] = [];

  add<Q extends z.ZodType = z.ZodObject, P extends z.ZodType = z.ZodObject, B extends z.ZodType = z.ZodObject>(
    spec: RouteSpec<Q, P, B>,
  ): void {
    this.routes.push(spec as unknown as AnyRoute);
  }

  mount(authMiddleware: express.RequestHandler): Router {
    const router = express.Router();
    const check = checkingResponses();
    for (const route of this.routes) {
      const handlers: express.RequestHandler[] = [];
      if (route.auth) handlers.push(authMiddleware);
      // Bodies of authenticated routes are read only after auth; anyone may send one to the
      // others (login, WooCommerce's callback), which need a few hundred bytes.
      if (route.body) handlers.push(express.json({ limit: route.auth ? '1mb' : '16kb' }));
      handlers.push(async (req, res) => {
        const query = route.query ? route.query.parse(req.query) : {};
        const params = route.params ? route.params.parse(req.params) : {};
        const body = route.body ? route.body.parse(req.body ?? {}) : {};
        const result = await route.handler({ query, params, body, req, res });
        // A handler that streams its own answer (the CSV export) has sent it already.
        if (res.headersSent) return;
        const status = route.status ?? (route.method === 'post' ? 201 : 200);
        // Express starts at 200: anything else was set by the handler and would be overwritten.
        if (
          check &&
          refuseDrift(res, `${route.method.toUpperCase()} ${route.path}`, route.response, result, {
            sent: res.statusCode === 200 ? status : res.statusCode,
            declared: status,
          })
        )
          return;
        res.status(status).json(result);
      });
      router[route.method](route.path, ...handlers);
    }
    return router;
  }
}
