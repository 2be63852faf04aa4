import { z } from 'zod';
import type { RouteRegistry } from './registry.ts';

const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function parameters(schema: z.ZodType | undefined, where: 'query' | 'path') {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, object>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: s,
  }));
}

/** The OpenAPI 3.1 document of the admin API, generated from the route registry. */
export function openApiDocument(registry: RouteRegistry, serverUrl?: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of registry.routes) {
    const p = (paths[toOpenApiPath(r.path)] ??= {});
    const responses: Record<string, unknown> = {
      [String(r.status ?? (r.method === 'post' ? 201 : 200))]: {
        description: 'OK',
        content: { 'application/json': { schema: z.toJSONSchema(r.response, { unrepresentable: 'any' }) } },
      },
    };
    for (const code of [...(r.auth ? [401] : []), ...(r.errors ?? [])]) {
      responses[String(code)] = { description: 'Error', content: { 'application/json': { schema: z.toJSONSchema(errorSchema) } } };
    }
    p[r.method] = {
      summary: r.summary,
      tags: [r.tag],
      security: r.auth ? [{ sessionToken: [] }, { loginToken: [] }] : [],
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: z.toJSONSchema(r.body, { io: 'input', unrepresentable: 'any' }) } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Rapport admin API', version: '0.1.0', description: 'Customers, loyalty and store data for the Rapport admin panel.' },
    servers: serverUrl ? [{ url: serverUrl }] : [],
    components: {
      securitySchemes: {
        sessionToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Shopify App Bridge session token' },
        loginToken: { type: 'http', scheme: 'bearer', description: 'Standalone login token (POST /api/auth/login)' },
      },
    },
    paths,
  };
}
