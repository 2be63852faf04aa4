import { z } from 'zod';
import { programSettings } from '../../crm/loyalty/program.settings.ts';

/** The loyalty block of a customer profile and of GET /api/customers/:id/loyalty. */
export const loyaltySummarySchema = z.object({
  balance: z.number(),
  pending: z.number(),
  lifetimeEarned: z.number(),
  tier: z.object({ id: z.string(), name: z.string(), multiplier: z.number() }).nullable(),
  referralCode: z.string().nullable(),
  birthday: z.string().nullable(),
  memberSince: z.string().nullable(),
  /** Progress in the current qualifying period: points earned, or minor units of the account currency spent. */
  tierProgress: z.object({
    metric: z.enum(['points_earned', 'amount_spent']),
    current: z.number(),
    nextTier: z.object({ id: z.string(), name: z.string(), threshold: z.number() }).nullable(),
    remaining: z.number(),
  }),
});

// The program settings are the domain's own zod schema (crm/loyalty/program.settings.ts imports
// only zod): the API shows and takes exactly what the domain validates.
const program = z.object({ version: z.number(), createdAt: z.string(), settings: programSettings });
const settingsDraft = programSettings.partial({ earnOrdersPlacedFrom: true });

export const programResponse = z.object({ program: program.nullable(), proposed: programSettings });
export const saveProgramBody = settingsDraft;
export const savedProgramResponse = program;

export const backtestBody = z.strictObject({ settings: settingsDraft.optional() });
export const backtestResponse = z.object({
  from: z.string(),
  to: z.string(),
  days: z.number(),
  orders: z.number(),
  customers: z.number(),
  availablePoints: z.number(),
  pendingPoints: z.number(),
  truncated: z.boolean(),
});

export const previewBody = z.strictObject({
  amount: z.string().regex(/^\d{1,12}(\.\d{1,3})?$/),
  currency: z.string().regex(/^[A-Z]{3}$/),
  paymentMethod: z.enum(['cod', 'card', 'wallet', 'bank_transfer', 'other']),
  settings: settingsDraft.optional(),
});
export const previewResponse = z.object({ points: z.number(), status: z.string(), trigger: z.string(), explanation: z.string() });

export const ledgerEntry = z.object({
  id: z.string(),
  reason: z.string(),
  state: z.string(),
  points: z.number(),
  pendingDelta: z.number(),
  availableDelta: z.number(),
  forgiven: z.number(),
  sourceType: z.string().nullable(),
  sourceId: z.string().nullable(),
  programVersion: z.number().nullable(),
  note: z.string().nullable(),
  actor: z.string().nullable(),
  actorName: z.string().nullable().describe('Who made a manual change, by name, when known'),
  occurredAt: z.string(),
  createdAt: z.string(),
});
export const ledgerQuery = z.strictObject({
  before: z.string().regex(/^\d+$/).optional(),
  first: z.coerce.number().int().min(1).max(200).default(50),
});
export const ledgerPage = z.object({
  entries: z.array(ledgerEntry),
  pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
});

export const adjustPointsBody = z.strictObject({
  points: z
    .number()
    .int()
    .min(-1_000_000)
    .max(1_000_000)
    .refine((n) => n !== 0, 'must not be zero'),
  note: z.string().trim().min(1, 'say why').max(500),
  idempotencyKey: z.string().min(8).max(100).optional(),
});
export const adjustPointsResponse = z.object({ applied: z.boolean(), loyalty: loyaltySummarySchema });

export const actionBody = z.strictObject({
  action: z.enum(['review', 'newsletter', 'birthday', 'signup']),
  reference: z.string().min(1).max(200).optional(),
});
export const actionResponse = z.object({
  outcome: z.string(),
  points: z.number(),
  reason: z.string().nullable(),
  loyalty: loyaltySummarySchema,
});
