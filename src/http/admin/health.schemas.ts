import { z } from 'zod';

export const healthResponse = z.object({
  status: z.literal('ok'),
  worker: z.object({ lastBeatAgeMs: z.number().nullable(), remote: z.literal(true).optional() }),
  // Only when REDIS_URL is set: whether this process's Redis client is connected (no round trip).
  redis: z.object({ reachable: z.boolean() }).optional(),
});
export type HealthResponse = z.infer<typeof healthResponse>;
