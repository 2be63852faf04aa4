import { z } from 'zod';

/** One background check of this process (jobs/health-monitor.ts): never a tenant's data. */
const check = z.object({ ok: z.boolean(), checkedAgoMs: z.number().nullable(), problem: z.string().optional() });

export const healthResponse = z.object({
  status: z.literal('ok'),
  worker: z.object({ lastBeatAgeMs: z.number().nullable(), remote: z.literal(true).optional() }),
  /** This process's view of the database, the queue and (when configured) Redis, as last checked. */
  checks: z.record(z.string(), check).optional(),
  // Only when REDIS_URL is set: whether this process's Redis client is connected (no round trip).
  redis: z.object({ reachable: z.boolean() }).optional(),
});

export const livenessResponse = z.object({ status: z.literal('ok') });
export type HealthResponse = z.infer<typeof healthResponse>;
export type LivenessResponse = z.infer<typeof livenessResponse>;
