// WordPress keeps the site's time zone as `timezone_string` (a city: "Asia/Karachi") or, when the
// merchant picked a manual "UTC+5", only as `gmt_offset` in hours. Both arrive in the REST index.

// Fixed fractional offsets, each the offset of a zone without daylight saving time.
const FRACTIONAL: Record<string, string> = {
  '5.5': 'Asia/Kolkata',
  '5.75': 'Asia/Kathmandu',
  '4.5': 'Asia/Kabul',
  '6.5': 'Asia/Yangon',
  '9.5': 'Australia/Darwin',
};

function known(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An IANA zone for the site, or null when neither field gives one. */
export function wordpressTimeZone(timezoneString: string | null, gmtOffset: number | string | null): string | null {
  const city = timezoneString?.trim();
  // Old sites may hold "UTC+5" in timezone_string itself: that is an offset, not a zone.
  if (city && !/^UTC[+-]/i.test(city) && known(city)) return city;
  const hours = Number(gmtOffset ?? (city ? city.replace(/^UTC/i, '') : NaN));
  if (!Number.isFinite(hours) || Math.abs(hours) > 14) return null;
  if (hours === 0) return 'UTC';
  // Etc/GMT zones count the other way round: UTC+5 is Etc/GMT-5.
  if (Number.isInteger(hours)) return `Etc/GMT${hours > 0 ? '-' : '+'}${Math.abs(hours)}`;
  return FRACTIONAL[String(hours)] ?? null;
}
