import { saveProgram } from '../crm/loyalty/program.service.ts';
import { createTier } from '../crm/loyalty/tier-admin.service.ts';
import type { Runtime } from '../runtime.ts';

// The demo merchant's loyalty program and VIP tiers, saved before the demo orders arrive so the
// orders earn points (and lift members into tiers) exactly as live webhooks would.

const TIERS = [
  { name: 'Silver', threshold: 500, multiplier: 1, entryPoints: 50, perks: 'Early access to new releases' },
  { name: 'Gold', threshold: 1500, multiplier: 1.25, entryPoints: 150, perks: 'Free shipping on every order' },
  {
    name: 'Platinum',
    threshold: 4000,
    multiplier: 1.5,
    entryPoints: 400,
    perks: 'Free shipping, a gift each Eid, a personal shopper on WhatsApp',
  },
];

export async function seedLoyalty(rt: Runtime, accountId: string, firstOrderAt: Date, now: Date): Promise<void> {
  const at = now.toISOString();
  await rt.store.transaction(async (repos) => {
    const saved = await saveProgram(
      repos,
      accountId,
      {
        // A day before the first demo order, so all of them earn.
        earnOrdersPlacedFrom: new Date(firstOrderAt.getTime() - 86_400_000).toISOString(),
        earning: {
          rates: [
            { currency: 'PKR', points: 1, per: '100' },
            { currency: 'USD', points: 1, per: '1' },
          ],
          triggers: { card: 'paid', cod: 'delivered', other: 'paid' },
        },
        actions: { signup: 50, firstOrder: 100, birthday: 200, newsletter: 0, review: 0 },
        tiers: { basis: 'points_earned', period: 'lifetime', graceDays: 0 },
        expiry: { mode: 'none', months: 12, reminderDays: [30, 7] },
      },
      'demo',
      at,
    );
    if (saved.outcome !== 'saved') throw new Error(`demo program invalid: ${JSON.stringify(saved.issues)}`);
    for (const tier of TIERS) {
      const r = await createTier(repos, accountId, tier, at);
      if (r.outcome !== 'saved') throw new Error(`demo tier ${tier.name} invalid`);
    }
  });
}
