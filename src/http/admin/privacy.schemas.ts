import { z } from 'zod';

export const dataRequest = z.object({
  id: z.string(),
  connectionId: z.string(),
  store: z.string(),
  platform: z.string(),
  externalRequestId: z.string().nullable(),
  customer: z
    .object({ externalId: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable() })
    .describe('Who the store asked about'),
  profilesFound: z.number().describe('Profiles matched when the request arrived'),
  createdAt: z.string(),
  fulfilledAt: z.string().nullable(),
});
export const dataRequestsResponse = z.object({ dataRequests: z.array(dataRequest) });
export const fulfilResponse = z.object({ fulfilled: z.boolean() });

/** A JSON download: everything held on a person, shaped as in GET /api/customers/{id}/export. */
export const exportDocument = z.record(z.string(), z.unknown());

export const eraseBody = z.strictObject({ confirm: z.string().max(100) });
export const eraseResponse = z.object({ erased: z.boolean(), customerId: z.string() });

export type DataRequest = z.infer<typeof dataRequest>;
export type EraseBody = z.infer<typeof eraseBody>;
