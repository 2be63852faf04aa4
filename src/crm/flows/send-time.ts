// When a flow's message may go: the event's time plus the flow's delay, then, where the flow says
// "at 10:00", the first 10:00 of the shop's own day from there. Pure.

const formats = new Map<string, Intl.DateTimeFormat>();

/** Minutes the zone is ahead of UTC at that instant. */
function offsetMinutes(ms: number, timeZone: string): number {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formats.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
  return Math.round((wall - Math.floor(ms / 60_000) * 60_000) / 60_000);
}

function validZone(timeZone: string | null): string {
  if (!timeZone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

/** The first instant at or after `fromIso` when the shop's clock reads `hour`:00. */
export function nextLocalHour(fromIso: string, hour: number, timeZone: string | null): string {
  const zone = validZone(timeZone);
  const from = Date.parse(fromIso);
  const offset = offsetMinutes(from, zone);
  const local = new Date(from + offset * 60_000);
  for (let day = 0; day < 3; day++) {
    const wall = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + day, hour);
    // The zone's offset at the candidate itself (a DST change between the two).
    const at = wall - offsetMinutes(wall - offset * 60_000, zone) * 60_000;
    if (at >= from) return new Date(at).toISOString();
  }
  return new Date(from).toISOString();
}

export function flowSendAt(
  occurredAt: string,
  delayMinutes: number,
  sendAtHour: number | null | undefined,
  timeZone: string | null,
): string {
  const after = new Date(Date.parse(occurredAt) + delayMinutes * 60_000).toISOString();
  return sendAtHour === null || sendAtHour === undefined ? after : nextLocalHour(after, sendAtHour, timeZone);
}
