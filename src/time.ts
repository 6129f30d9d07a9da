/** Times shown to people: "2026-01-15 16:30:00" in the county's time zone (stored times are ISO 8601 UTC). */
const formats = new Map<string, Intl.DateTimeFormat>();

export function localTime(iso: string, timeZone: string): string {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
    formats.set(timeZone, f);
  }
  return f.format(new Date(iso));
}

/** "2026-01-15" in the time zone, for log file names. */
export function localDate(date: Date, timeZone: string): string {
  return localTime(date.toISOString(), timeZone).slice(0, 10);
}
