import type { Response } from 'express';
import type { z } from 'zod';
import type {} from 'pino-http';

// Responses checked against their declared schemas, in tests only (RAPPORT_CHECK_RESPONSES=1,
// set by vitest.config.ts): zod objects strip keys they do not declare, so a result is compared
// with what the schema makes of it, and any difference is drift the OpenAPI document would hide.

// Read once: the storefront's hot path pays one boolean test per response.
const checking = process.env.RAPPORT_CHECK_RESPONSES === '1';
export const checkingResponses = () => checking;

/** Where `sent` first departs from `schema` ('' is the top), and how; null when it matches exactly. */
export function responseDrift(schema: z.ZodType, sent: unknown): { path: string; problem: string } | null {
  const json: unknown = sent === undefined ? undefined : JSON.parse(JSON.stringify(sent));
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { path: issue.path.join('.'), problem: issue.message };
  }
  const declared: unknown = parsed.data === undefined ? undefined : JSON.parse(JSON.stringify(parsed.data));
  return firstDifference(json, declared, []);
}

function firstDifference(sent: unknown, declared: unknown, path: (string | number)[]): { path: string; problem: string } | null {
  const at = path.join('.');
  if (Array.isArray(sent) && Array.isArray(declared)) {
    if (sent.length !== declared.length) return { path: at, problem: `${sent.length} items sent, ${declared.length} after the schema` };
    for (let i = 0; i < sent.length; i++) {
      const d = firstDifference(sent[i], declared[i], [...path, i]);
      if (d) return d;
    }
    return null;
  }
  if (isRecord(sent) && isRecord(declared)) {
    for (const key of Object.keys(sent)) {
      if (!(key in declared)) return { path: [...path, key].join('.'), problem: 'field not declared by the response schema' };
      const d = firstDifference(sent[key], declared[key], [...path, key]);
      if (d) return d;
    }
    const added = Object.keys(declared).find((key) => !(key in sent));
    return added === undefined ? null : { path: [...path, added].join('.'), problem: 'field added by the schema (a default?), not sent' };
  }
  return Object.is(sent, declared)
    ? null
    : { path: at, problem: `sent ${JSON.stringify(sent)}, the schema makes it ${JSON.stringify(declared)}` };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Answers 500 naming the route and the first difference, and logs it; false when `body` matches. */
export function refuseDrift(
  res: Response,
  route: string,
  schema: z.ZodType,
  body: unknown,
  status?: { sent: number; declared: number },
): boolean {
  const drift =
    status && status.sent !== status.declared
      ? { path: '', problem: `status ${status.sent} set by the handler, ${status.declared} declared` }
      : responseDrift(schema, body);
  if (!drift) return false;
  const message = `Response of ${route} does not match its declared schema at ${drift.path || '(top)'}: ${drift.problem}`;
  res.req.log?.error({ route, path: drift.path }, message);
  res.status(500).json({ error: { code: 'response_drift', message, details: drift } });
  return true;
}

/** Sends a JSON body whose shape others depend on (storefront widget, checkout blocks, WordPress plugin), checked in tests. */
export function sendChecked<S extends z.ZodType>(res: Response, schema: S, body: z.input<S>, status = 200): void {
  if (checking && refuseDrift(res, `${res.req.method} ${res.req.baseUrl}${res.req.route?.path ?? res.req.path}`, schema, body)) return;
  res.status(status).json(body);
}
