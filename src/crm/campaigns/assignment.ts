import { hmacSha256 } from '../../lib/crypto.ts';
import { HOLDOUT, type Variant } from './campaign.ts';

// Which group a customer is in: a keyed hash of (campaign id, customer id), so a resumed or
// replayed send assigns every customer exactly as before, and nobody can pick a group by choosing
// their id without knowing the campaign's. The first 48 bits decide the holdout, the next 48 the
// variant, so the split between variants does not depend on the holdout's size.

const TWO_48 = 2 ** 48;

export function assignGroup(campaignId: string, customerId: string, holdoutPercent: number, variants: readonly Variant[]): string {
  const digest = hmacSha256(campaignId, customerId, 'hex');
  const holdoutDraw = parseInt(digest.slice(0, 12), 16) / TWO_48;
  if (holdoutDraw < holdoutPercent / 100) return HOLDOUT;
  const total = variants.reduce((sum, v) => sum + v.weight, 0);
  let point = (parseInt(digest.slice(12, 24), 16) / TWO_48) * total;
  for (const v of variants) {
    if (point < v.weight) return v.key;
    point -= v.weight;
  }
  return variants[variants.length - 1]!.key;
}
