import type { PaymentMethod } from '../events.ts';
import type { Repos } from '../store.port.ts';
import { orderPoints } from './order-points.ts';
import { defaultSettings, programSettings, type Program, type ProgramSettings, type ProgramSettingsInput } from './program.settings.ts';

// Reading and changing the merchant's program. A change is a new version: orders already awarded
// keep the rules they were awarded under.

type SaveOutcome = { outcome: 'saved'; program: Program } | { outcome: 'invalid'; issues: Array<{ path: string; message: string }> };

export async function currentProgram(repos: Repos, accountId: string): Promise<{ program: Program | null; proposed: ProgramSettings }> {
  const program = (await repos.loyalty.programs.current(accountId)) ?? null;
  const currency = await repos.connections.accountCurrency(accountId);
  return { program, proposed: program?.settings ?? defaultSettings(currency, new Date().toISOString()) };
}

export async function saveProgram(
  repos: Repos,
  accountId: string,
  input: Omit<ProgramSettingsInput, 'earnOrdersPlacedFrom'> & { earnOrdersPlacedFrom?: string },
  actor: string | null,
  now: string,
): Promise<SaveOutcome> {
  const current = await repos.loyalty.programs.current(accountId);
  // The start instant is fixed by the first version unless the merchant moves it on purpose.
  const withStart = { ...input, earnOrdersPlacedFrom: input.earnOrdersPlacedFrom ?? current?.settings.earnOrdersPlacedFrom ?? now };
  const parsed = programSettings.safeParse(withStart);
  if (!parsed.success) {
    return { outcome: 'invalid', issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
  }
  return { outcome: 'saved', program: await repos.loyalty.programs.save(accountId, parsed.data, actor, now) };
}

type EarningPreview = { points: number; status: string; explanation: string; trigger: string };

/** "An order of PKR 5,000 paid by cash on delivery earns 50 points when delivered." */
export function previewEarning(
  settings: ProgramSettings,
  order: { amountMinor: number; currency: string; paymentMethod: PaymentMethod },
  multiplier = 1,
): EarningPreview {
  const placedAt = settings.earnOrdersPlacedFrom;
  const worth = orderPoints(
    {
      id: 'preview',
      currency: order.currency,
      paymentMethod: order.paymentMethod,
      status: 'open',
      paymentStatus: 'pending',
      fulfilmentStatus: 'unfulfilled',
      totalMinor: order.amountMinor,
      shippingMinor: 0,
      taxMinor: 0,
      refundedMinor: 0,
      placedAt,
      paidAt: null,
      fulfilledAt: null,
      deliveredAt: null,
      cancelledAt: null,
      deletedAt: null,
      test: false,
      lineItems: [{ productId: null, variantId: null, totalMinor: order.amountMinor, giftCard: false }],
    },
    { ...settings, enabled: true },
    multiplier,
    [],
    placedAt,
  );
  const delay = settings.earning.approvalDelayDays;
  const when =
    worth.status === 'none'
      ? worth.explanation
      : worth.status === 'available'
        ? 'available as soon as the order is placed'
        : `pending until the order is ${worth.trigger}${delay ? `, then ${delay} more days` : ''}`;
  return { points: worth.points, status: worth.status, trigger: worth.trigger, explanation: `${worth.points} points, ${when}.` };
}
