import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { openLedger, LedgerError, type NewSubmission } from '../src/ledger/ledger';
import { MIGRATIONS } from '../src/ledger/schema';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-ledger-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function submission(sha256: string, agency: string | null, year: number | null, receivedAt: string, valid: boolean, fileName = `${sha256}.xlsx`): NewSubmission {
  return { sha256, fileName, size: 1, receivedAt, agency, year, format: '2021', valid, errors: valid ? 0 : 1, warnings: 0,
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
  expect(again.generation()).toBe(1);
  again.close();
  const db = new Database(file);
  expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
  db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
  db.close();
  expect(() => openLedger(file)).toThrow(LedgerError);
  expect(() => openLedger(file)).toThrow(/比本程序新，请升级 nianbao/);
});
