import { z } from 'zod';

export const healthResponse = z.object({ status: z.enum(['ok', 'starting']), worker: z.object({ lastBeatAgeMs: z.number().nullable() }) });
export type HealthResponse = z.infer<typeof healthResponse>;
