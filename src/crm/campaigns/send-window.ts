import type { SendWindow } from './campaign.ts';

// The send window in the shopper's time zone. The zone comes from the country of the shopper's
// most recently used address where that country has one zone (below), else the shop's zone, else
// UTC. A message due outside the window is held until its next opening (`sendAt`): the sender
// never claims it earlier. Countries with several zones (US, CA, AU, BR, RU…) fall back to the shop's.

const COUNTRY_ZONES: Readonly<Record<string, string>> = {
  PK: 'Asia/Karachi',
  IN: 'Asia/Kolkata',
  BD: 'Asia/Dhaka',
  LK: 'Asia/Colombo',
  NP: 'Asia/Kathmandu',
  AE: 'Asia/Dubai',
  SA: 'Asia/Riyadh',
  QA: 'Asia/Qatar',
  KW: 'Asia/Kuwait',
  BH: 'Asia/Bahrain',
  OM: 'Asia/Muscat',
  AF: 'Asia/Kabul',
  MY: 'Asia/Kuala_Lumpur',
  SG: 'Asia/Singapore',
  GB: 'Europe/London',
  IE: 'Europe/Dublin',
  DE: 'Europe/Berlin',
  FR: 'Europe/Paris',
  NL: 'Europe/Amsterdam',
  IT: 'Europe/Rome',
  ES: 'Europe/Madrid',
  NO: 'Europe/Oslo',
  SE: 'Europe/Stockholm',
  TR: 'Europe/Istanbul',
  NZ: 'Pacific/Auckland',
  ZA: 'Africa/Johannesburg',
  KE: 'Africa/Nairobi',
  NG: 'Africa/Lagos',
  EG: 'Africa/Cairo',
};

export function shopperTimeZone(country: string | null | undefined, shopZone: string | null): string {
  return (country && COUNTRY_ZONES[country.toUpperCase()]) || shopZone || 'UTC';
}

const formats = new Map<string, Intl.DateTimeFormat>();
function formatIn(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formats.set(zone, f);
  }
  return f;
}

/** Seconds after local midnight of `at` in `zone`. */
function localSeconds(at: Date, zone: string): number {
  let h = 0;
  let m = 0;
  let s = 0;
  for (const p of formatIn(zone).formatToParts(at)) {
    if (p.type === 'hour') h = Number(p.value);
    else if (p.type === 'minute') m = Number(p.value);
    else if (p.type === 'second') s = Number(p.value);
  }
  return h * 3600 + m * 60 + s;
}

const inside = (minute: number, w: SendWindow) =>
  w.opens <= w.closes ? minute >= w.opens && minute < w.closes : minute >= w.opens || minute < w.closes;

/**
 * `at` when it is inside the window in `zone`, else the window's next opening. Computed as an
 * offset from `at` in local wall-clock seconds: exact in zones without daylight saving (PK, IN);
 * across a DST change the opening may be off by the change (an hour), never outside a day.
 */
export function nextSendTime(at: Date, window: SendWindow | null, zone: string): Date {
  if (!window || window.opens === window.closes) return at;
  const seconds = localSeconds(at, zone);
  if (inside(Math.floor(seconds / 60), window)) return at;
  const opens = window.opens * 60;
  const wait = opens > seconds ? opens - seconds : 86_400 - seconds + opens;
  return new Date(Math.floor(at.getTime() / 1000) * 1000 + wait * 1000);
}
