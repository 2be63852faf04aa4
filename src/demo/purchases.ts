import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Purchases for the demo merchant: the CDNOW sample (a real retail log, ../shared/data), or a
// deterministic stand-in of the same shape when that file is not beside the repo.

export type Purchase = { customer: number; date: Date; units: number; dollars: number };

const CDNOW_PATH = fileURLToPath(new URL('../../../shared/data/cdnow_sample.txt', import.meta.url));

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function parseCdnow(text: string): Purchase[] {
  const out: Purchase[] = [];
  for (const line of text.split('\n')) {
    const [, sample, ymd, units, dollars] = line.trim().split(/\s+/);
    if (!sample || !ymd || !units || !dollars) continue;
    out.push({
      customer: Number(sample),
      date: new Date(Date.UTC(Number(ymd.slice(0, 4)), Number(ymd.slice(4, 6)) - 1, Number(ymd.slice(6, 8)), 12)),
      units: Number(units),
      dollars: Number(dollars),
    });
  }
  return out;
}

function generated(customers: number): Purchase[] {
  const rand = mulberry32(1997);
  const out: Purchase[] = [];
  const start = Date.UTC(1997, 0, 1);
  for (let c = 1; c <= customers; c++) {
    let day = Math.floor(rand() * 90);
    do {
      const units = 1 + Math.floor(rand() * 4);
      out.push({
        customer: c,
        date: new Date(start + day * 86_400_000),
        units,
        dollars: Math.round(units * (10 + rand() * 8) * 100) / 100,
      });
      day += 7 + Math.floor(-Math.log(1 - rand()) * 90);
    } while (rand() < 0.55 && day < 540);
  }
  return out;
}

/** Purchases of the first `customers` customers, dates shifted so the last lands `daysAgo` before `now`. */
export function loadPurchases(customers: number, now: Date, daysAgo = 7): { purchases: Purchase[]; source: string } {
  const real = existsSync(CDNOW_PATH);
  const all = real ? parseCdnow(readFileSync(CDNOW_PATH, 'utf8')) : generated(2357);
  const kept = all.filter((p) => p.customer <= customers);
  const last = Math.max(...kept.map((p) => p.date.getTime()));
  const shift = now.getTime() - daysAgo * 86_400_000 - last;
  return { purchases: kept.map((p) => ({ ...p, date: new Date(p.date.getTime() + shift) })), source: real ? 'CDNOW sample' : 'generated' };
}
