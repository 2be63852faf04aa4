import type { CodCity } from './analytics-reports.port.ts';

// Cities are typed by shoppers: "Lahore", "lahore " and "LAHORE" are one city. The database
// groups by the exact text (its case folding differs: SQLite folds ASCII only, PostgreSQL by
// locale), and the counts, which add up, are folded here once, the same on both.

const keyOf = (city: string | null) => (city === null ? null : city.trim().replace(/\s+/g, ' ').toLowerCase());
const bytewise = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** Folds spellings of one city; each is shown as its most used spelling (ties: the first bytewise). Most parcels first. */
export function foldCities(rows: CodCity[]): CodCity[] {
  const groups = new Map<string | null, { total: CodCity; spellings: Array<{ city: string; parcels: number }> }>();
  for (const r of rows) {
    const key = keyOf(r.city);
    const g = groups.get(key) ?? { total: { city: r.city, parcels: 0, delivered: 0, returned: 0 }, spellings: [] };
    g.total.parcels += r.parcels;
    g.total.delivered += r.delivered;
    g.total.returned += r.returned;
    if (r.city !== null) g.spellings.push({ city: r.city.trim().replace(/\s+/g, ' '), parcels: r.parcels });
    groups.set(key, g);
  }
  const out = [...groups.values()].map(({ total, spellings }) => {
    const best = spellings.sort((a, b) => b.parcels - a.parcels || bytewise(a.city, b.city))[0];
    return { ...total, city: best ? best.city : null };
  });
  // Unknown city last among equals; otherwise most parcels first, then by name.
  return out.sort(
    (a, b) => b.parcels - a.parcels || (a.city === null ? 1 : 0) - (b.city === null ? 1 : 0) || bytewise(a.city ?? '', b.city ?? ''),
  );
}
