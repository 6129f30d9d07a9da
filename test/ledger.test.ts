import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { openLedger, LedgerError, type NewSubmission } from '../src/ledger/ledger';
import { MIGRATIONS } from '../src/ledger/schema';
import { SUBTOTAL_AT } from '../src/ledger/migrate-subtotals';
import { inspectBytes } from '../src/inspect';
import { canonicalIndex } from '../src/model/canonical';
import { prepareRecord } from '../src/run/prepare';
import { consistentValues } from './fixtures/values';
import { buildWorkbook, mappings } from './fixtures/workbook';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-ledger-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function submission(sha256: string, agency: string | null, year: number | null, receivedAt: string, valid: boolean, fileName = `${sha256}.xlsx`): NewSubmission {
  return { sha256, fileName, size: 1, receivedAt, agency, agencyRead: agency, year, format: '2021', valid, errors: valid ? 0 : 1, warnings: 0,
    mappingFile: 'format-2021.yaml', mappingVersion: 1, issues: [], cells: [], printedLabels: {}, numbers: [], valuesCsv: '' };
}

// [description, submissions in the order they are recorded, expected statuses by sha256 at the end]
const table: [string, NewSubmission[], Record<string, string>][] = [
  ['a valid one is accepted', [submission('a', '甲镇', 2022, '2023-01-01', true)], { a: 'accepted' }],
  ['an invalid one is rejected', [submission('a', '甲镇', 2022, '2023-01-01', false)], { a: 'rejected' }],
  ['a later valid one supersedes', [submission('a', '甲镇', 2022, '2023-01-01', true), submission('b', '甲镇', 2022, '2023-01-02', true)], { a: 'superseded', b: 'accepted' }],
  ['an earlier one recorded later is superseded at once', [submission('b', '甲镇', 2022, '2023-01-02', true), submission('a', '甲镇', 2022, '2023-01-01', true)], { a: 'superseded', b: 'accepted' }],
  ['same time: the file name decides', [submission('a', '甲镇', 2022, '2023-01-01', true, 'z.xlsx'), submission('b', '甲镇', 2022, '2023-01-01', true, 'y.xlsx')], { a: 'accepted', b: 'superseded' }],
  ['a later rejected one displaces nothing', [submission('a', '甲镇', 2022, '2023-01-01', true), submission('b', '甲镇', 2022, '2023-01-02', false)], { a: 'accepted', b: 'rejected' }],
  ['other agencies and years are independent', [submission('a', '甲镇', 2022, '2023-01-01', true), submission('b', '乙镇', 2022, '2023-01-02', true), submission('c', '甲镇', 2021, '2023-01-03', true)], { a: 'accepted', b: 'accepted', c: 'accepted' }],
  ['valid but without agency or year is rejected', [submission('a', null, 2022, '2023-01-01', true), submission('b', '甲镇', null, '2023-01-01', true)], { a: 'rejected', b: 'rejected' }],
];

test.each(table)('%s', (_d, subs, expected) => {
  const ledger = openLedger(path.join(dir, 'l.sqlite'));
  for (const s of subs) ledger.record(s, (status) => `${status}/${s.fileName}`);
  const statuses = Object.fromEntries(subs.map((s) => [s.sha256, ledger.findBySha(s.sha256)!.status]));
  ledger.close();
  expect(statuses).toEqual(expected);
});

test('the schema version is recorded, data survive reopening, and a newer ledger is refused', () => {
  const file = path.join(dir, 'l.sqlite');
  const ledger = openLedger(file);
  ledger.record(submission('a', '甲镇', 2022, '2023-01-01', true), () => 'archive/a.xlsx');
  ledger.close();
  const again = openLedger(file);
  expect(again.findBySha('a')?.storedAs).toBe('archive/a.xlsx');
  again.close();
  const db = new Database(file);
  expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
  db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
  db.close();
  expect(() => openLedger(file)).toThrow(LedgerError);
  expect(() => openLedger(file)).toThrow(/比本程序新，请升级 nianbao/);
});

test('migration 2: a format-2021 submission recorded before the subtotal （六）其他处理 existed reads as one recorded now', () => {
  // what this release records for a report, and the same with the seven subtotal ids taken out (the old order)
  expect(SUBTOTAL_AT).toBe(canonicalIndex('2021', 'requests.other_handling.natural'));
  const s = inspectBytes(buildWorkbook({ format: '2021', agency: '甲镇', year: 2022, values: consistentValues('2021', 4) }), '甲镇.xlsx', { mappings });
  const now = prepareRecord(s, 'c0ffee', () => undefined, mappings);
  const old = {
    numbers: now.numbers.filter((_, n) => n < SUBTOTAL_AT || n >= SUBTOTAL_AT + 7),
    cells: now.cells.filter((_, n) => n < SUBTOTAL_AT || n >= SUBTOTAL_AT + 7),
    valuesCsv: now.valuesCsv.split('\r\n').filter((_, n) => n < SUBTOTAL_AT || n >= SUBTOTAL_AT + 7).join('\r\n'),
  };
  expect(old.numbers).toHaveLength(200);

  const file = path.join(dir, 'l.sqlite');
  const db = new Database(file);
  db.exec(MIGRATIONS[0] as string);
  db.pragma('user_version = 1');
  const insert = db.prepare(`INSERT INTO submissions (sha256, file_name, size, received_at, recorded_at, agency, year, format, status, errors, warnings,
    stored_as, issues_json, cells_json, labels_json, numbers_json, values_csv) VALUES (?, '甲镇.xlsx', 1, '2023-01-01', '2023-01-02', '甲镇', ?, ?, 'accepted', 0, 0, 'a', '[]', ?, '{}', ?, ?)`);
  insert.run('c0ffee', 2022, '2021', JSON.stringify(old.cells), JSON.stringify(old.numbers), old.valuesCsv);
  insert.run('0ld2019', 2020, '2019', '[]', JSON.stringify([1, 2, 3]), 'x'); // other formats are left as they are
  db.close();

  const ledger = openLedger(file);
  expect(ledger.findBySha('c0ffee')!.numbers).toEqual(now.numbers);
  expect([...ledger.acceptedValuesCsv(2022)]).toEqual([now.valuesCsv]);
  expect(ledger.findBySha('0ld2019')!.numbers).toEqual([1, 2, 3]);
  ledger.close();
  const raw = new Database(file);
  expect(JSON.parse((raw.prepare("SELECT cells_json FROM submissions WHERE sha256 = 'c0ffee'").get() as { cells_json: string }).cells_json)).toEqual(now.cells);
  expect(raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
  raw.close();
});
