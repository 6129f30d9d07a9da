import { localDate, localTime } from '../src/time';

// [UTC time, zone, as Intl formats it in that zone]: the fast path must agree with Intl everywhere, DST edges too
const table: [string, string, string][] = [
  ['2023-01-05T01:00:00.000Z', 'Asia/Shanghai', '2023-01-05 09:00:00'],
  ['2023-01-05T16:00:00Z', 'Asia/Shanghai', '2023-01-06 00:00:00'],
  ['2023-01-05T15:59:59.999Z', 'Asia/Shanghai', '2023-01-05 23:59:59'],
  ['2024-02-29T23:30:15Z', 'Asia/Urumqi', '2024-03-01 05:30:15'],
  ['2023-03-26T00:59:59Z', 'Europe/Berlin', '2023-03-26 01:59:59'],
  ['2023-03-26T01:00:00Z', 'Europe/Berlin', '2023-03-26 03:00:00'],
  ['2023-10-29T00:59:59Z', 'Europe/Berlin', '2023-10-29 02:59:59'],
  ['2023-10-29T01:00:00Z', 'Europe/Berlin', '2023-10-29 02:00:00'],
  ['2023-04-01T14:59:59Z', 'Australia/Lord_Howe', '2023-04-02 01:59:59'],
  ['2023-04-01T15:00:00Z', 'Australia/Lord_Howe', '2023-04-02 01:30:00'],
  ['2023-06-01T12:00:00Z', 'Asia/Kathmandu', '2023-06-01 17:45:00'],
  ['2023-06-01T12:00:00Z', 'UTC', '2023-06-01 12:00:00'],
];

test.each(table)('%s in %s is %s', (iso, zone, expected) => {
  expect(localTime(iso, zone)).toBe(expected);
  const intl = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  expect(localTime(iso, zone)).toBe(intl.format(new Date(iso)));
});

test('every minute of a day with a DST change agrees with Intl; a date for log names; a time that is none throws', () => {
  const intl = new Intl.DateTimeFormat('sv-SE', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  for (let t = Date.UTC(2023, 2, 12, 0, 0, 17); t < Date.UTC(2023, 2, 13); t += 60_000) {
    expect(localTime(new Date(t).toISOString(), 'America/New_York')).toBe(intl.format(new Date(t)));
  }
  expect(localDate(new Date('2023-01-05T16:00:00Z'), 'Asia/Shanghai')).toBe('2023-01-06');
  expect(() => localTime('not a time', 'Asia/Shanghai')).toThrow(RangeError);
});
