import { z } from 'zod';
import { runNote } from './sync.schemas.ts';

// The Shopify import button and its progress.
export const shopifyRunView = z.object({
  id: z.string(),
  kind: z.string(),
  resource: z.string(),
  status: z.string(),
  total: z.number().nullable(),
  done: z.number(),
  percentage: z.number().nullable(),
  etaSeconds: z.number().nullable(),
  ...runNote,
  error: z.string().nullable(),
  startedAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export const shopifyBackfillResponse = z.object({ started: z.literal(true) });
export const shopifySyncResponse = z.object({
  connectionId: z.string(),
  grantedScopes: z.string().nullable(),
  lastReconcileAt: z.string().nullable(),
  runs: z.array(shopifyRunView),
});
