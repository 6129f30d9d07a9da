/** Times shown to people: "2026-01-15 16:30:00" in the county's time zone (stored times are ISO 8601 UTC). */
const formats = new Map<string, Intl.DateTimeFormat>();

function formatOf(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formats.set(timeZone, f);
  }
  return f;
}

const MINUTE = 60_000;
/** A zone's offset from UTC (ms) in a given minute (time zones change their offset only between minutes). */
const offsets = new Map<string, number>();

/**
 * Intl formats ~100,000 times a second, too slow for the lists of 10,000 reports the outputs show; so the zone's
 * offset is asked of Intl once per minute of the day that occurs, and the time is computed from it.
 */
export function localTime(iso: string, timeZone: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return formatOf(timeZone).format(new Date(iso)); // (throws, as Intl does)
  const minute = Math.floor(ms / MINUTE) * MINUTE;
  const key = `${timeZone} ${minute}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = Date.parse(`${formatOf(timeZone).format(new Date(minute)).replace(' ', 'T')}Z`) - minute;
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(key, offset);
  }
  return new Date(ms + offset).toISOString().slice(0, 19).replace('T', ' ');
}

/** "2026-01-15" in the time zone, for log file names. */
export function localDate(date: Date, timeZone: string): string {
  return localTime(date.toISOString(), timeZone).slice(0, 10);
}
