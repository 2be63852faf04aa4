import type { TFunction } from 'i18next';
import type { CampaignReportView } from '../../../../src/http/admin/campaigns.schemas.ts';

// The report's lift against the holdout in a merchant's words: "+3.1 pts (−0.4 to +6.6), not yet
// significant". Significant at 95 % when the interval leaves out zero.

export type Lift = CampaignReportView['lift'][number];
export type LiftVerdict = 'up' | 'down' | 'notYet';

const intlLocale: Record<string, string> = { en: 'en', ur: 'ur-PK', 'pa-Arab': 'pa-Arab-PK', 'pa-Guru': 'pa-Guru-IN', hi: 'hi-IN' };

/** Percentage points with their sign and one decimal: "+3.1", "-0.4". */
function points(lang: string, fraction: number): string {
  return new Intl.NumberFormat(intlLocale[lang] ?? lang, {
    signDisplay: 'exceptZero',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(Math.round(fraction * 1000) / 10);
}

export const liftVerdict = (l: Lift): LiftVerdict => (l.ci95.low > 0 ? 'up' : l.ci95.high < 0 ? 'down' : 'notYet');

/** `lang`: the admin's language (`en`, `ur`, `pa-Arab`, `pa-Guru`, `hi`). */
export function liftText(t: TFunction, lang: string, l: Lift): string {
  return t(`messages.campaigns.report.lift.${liftVerdict(l)}`, {
    difference: points(lang, l.difference),
    low: points(lang, l.ci95.low),
    high: points(lang, l.ci95.high),
  });
}
