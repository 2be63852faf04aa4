import { z } from 'zod';

export const healthResponse = z.object({
  status: z.literal('ok'),
  worker: z.object({ lastBeatAgeMs: z.number().nullable(), remote: z.literal(true).optional() }),
});
export type HealthResponse = z.infer<typeof healthResponse>;
