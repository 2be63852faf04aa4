import express, { type Request, type Response, type Router } from 'express';
import type { z } from 'zod';

// Admin routes are declared once: the same declaration registers the Express handler and
// describes the route in the OpenAPI document, so the two cannot drift apart.

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

  add<Q extends z.ZodType = z.ZodObject, P extends z.ZodType = z.ZodObject, B extends z.ZodType = z.ZodObject>(spec: RouteSpec<Q, P, B>): void {
    this.routes.push(spec as unknown as AnyRoute);
  }

  mount(authMiddleware: express.RequestHandler): Router {
    const router = express.Router();
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
        if (!res.headersSent) res.status(route.status ?? (route.method === 'post' ? 201 : 200)).json(result);
      });
      router[route.method](route.path, ...handlers);
    }
    return router;
  }
}
