import type { CampaignKind } from './points-campaigns.port.ts';

// The calendar moments our merchants sell on. A preset fills a campaign's name, kind, multiplier
// and window (wall dates in the shop's time zone) for the next occurrence.
//
// Islamic dates follow the moon sighting, announced the evening before, and differ by a day
// between countries: the table holds the expected dates (Umm al-Qura / astronomical estimates)
// for 2026–2028 and the merchant moves the window if the sighting differs. Diwali (Amavasya of
// Kartika) is likewise a table. 11.11 and Black Friday are computed. After 2028 the lunar presets
// have no next occurrence until the table is extended.

export type PresetKey = 'ramadan' | 'eid_ul_fitr' | 'eid_ul_adha' | 'diwali' | 'singles_day' | 'black_friday';
export const PRESET_KEYS: readonly PresetKey[] = ['ramadan', 'eid_ul_fitr', 'eid_ul_adha', 'diwali', 'singles_day', 'black_friday'];

/** First day of Ramadan, Eid ul-Fitr (1 Shawwal), Eid ul-Adha (10 Dhu al-Hijjah), Diwali (Lakshmi Puja). */
const LUNAR: Record<'ramadan' | 'eid_ul_fitr' | 'eid_ul_adha' | 'diwali', string[]> = {
  ramadan: ['2026-02-18', '2027-02-08', '2028-01-28'],
  eid_ul_fitr: ['2026-03-20', '2027-03-10', '2028-02-27'],
  eid_ul_adha: ['2026-05-27', '2027-05-16', '2028-05-05'],
  diwali: ['2026-11-08', '2027-10-29', '2028-10-17'],
};

export type Preset = {
  key: PresetKey;
  name: string;
  kind: CampaignKind;
  multiplier: number;
  /** Wall dates in the shop's zone: the window is [startDay 00:00, endDay 00:00). */
  startDay: string;
  endDay: string;
  /** Whether the dates come from the table of expected lunar dates. */
  approximate: boolean;
};

const DAY = 86_400_000;
const shift = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/** Black Friday: the day after the fourth Thursday of November. */
function blackFriday(year: number): string {
  const first = new Date(Date.UTC(year, 10, 1)).getUTCDay(); // 0 Sunday … 4 Thursday
  const thursday = 1 + ((4 - first + 7) % 7) + 21;
  return shift(`${year}-11-${String(thursday).padStart(2, '0')}`, 1);
}

/** Every known occurrence of a preset, oldest first. */
function occurrences(key: PresetKey): Preset[] {
  const years = [2026, 2027, 2028, 2029, 2030];
  switch (key) {
    case 'ramadan':
      // The whole month, to the eve of Eid.
      return LUNAR.ramadan.map((start, i) => preset(key, 'Ramadan double points', 2, start, LUNAR.eid_ul_fitr[i]!, true));
    case 'eid_ul_fitr':
      // Chand raat shopping: three days before Eid to the end of its third day.
      return LUNAR.eid_ul_fitr.map((eid) => preset(key, 'Eid ul-Fitr double points', 2, shift(eid, -3), shift(eid, 3), true));
    case 'eid_ul_adha':
      return LUNAR.eid_ul_adha.map((eid) => preset(key, 'Eid ul-Adha double points', 2, shift(eid, -3), shift(eid, 3), true));
    case 'diwali':
      // Dhanteras (two days before) to Bhai Dooj (two days after).
      return LUNAR.diwali.map((day) => preset(key, 'Diwali double points', 2, shift(day, -2), shift(day, 3), true));
    case 'singles_day':
      return years.map((y) => preset(key, '11.11 triple points', 3, `${y}-11-11`, `${y}-11-12`, false));
    case 'black_friday':
      // Black Friday to Cyber Monday.
      return years.map((y) => preset(key, 'Black Friday double points', 2, blackFriday(y), shift(blackFriday(y), 4), false));
  }
}

function preset(key: PresetKey, name: string, multiplier: number, startDay: string, endDay: string, approximate: boolean): Preset {
  return { key, name, kind: 'multiplier', multiplier, startDay, endDay, approximate };
}

/** The next occurrence not yet over on `today` (the shop's calendar day), or null past the table. */
export function nextOccurrence(key: PresetKey, today: string): Preset | null {
  return occurrences(key).find((p) => p.endDay > today) ?? null;
}
