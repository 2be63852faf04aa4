import { z } from 'zod';

export const connectionView = z.object({
  id: z.string(),
  platform: z.string(),
  domain: z.string(),
  name: z.string(),
  status: z.string(),
  currency: z.string(),
  createdAt: z.string(),
  webhookUrl: z.string(),
});
export const connectionsResponse = z.object({ connections: z.array(connectionView) });

export const disconnectResponse = z.object({
  connectionId: z.string(),
  status: z.literal('disconnected'),
  alreadyDisconnected: z.boolean(),
  webhooksRemovedAtStore: z.number(),
  storeError: z.string().nullable(),
});

export type ConnectionView = z.infer<typeof connectionView>;
export type DisconnectResponse = z.infer<typeof disconnectResponse>;
