import { z } from 'zod';

export const staffUser = z.object({ id: z.string(), email: z.string(), createdAt: z.string() });
export const staffListResponse = z.object({ staff: z.array(staffUser), me: z.string().nullable() });
export const addStaffBody = z.strictObject({ email: z.email().max(320), password: z.string().min(12).max(200) });
export const deleteStaffResponse = z.object({ deleted: z.boolean() });

export type StaffUser = z.infer<typeof staffUser>;
export type AddStaffBody = z.infer<typeof addStaffBody>;
