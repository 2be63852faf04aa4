import { z } from 'zod';

export const loginBody = z.strictObject({ email: z.email().max(320), password: z.string().min(1).max(200) });
export const loginResponse = z.object({ token: z.string(), expiresAt: z.string() });
export const logoutResponse = z.object({ loggedOut: z.boolean() });

export type LoginBody = z.infer<typeof loginBody>;
export type LoginResponse = z.infer<typeof loginResponse>;
