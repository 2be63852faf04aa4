import { z } from 'zod';

// Pieces shared by the admin API's request schemas. Like every *.schemas.ts, imports only zod,
// so web/ can import the types.

/** `:id` of a customer, staff login, connection, data request, reward... */
export const idParams = z.strictObject({ id: z.string().min(1).max(100) });
