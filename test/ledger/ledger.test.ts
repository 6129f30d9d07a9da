import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { openLedger, LedgerError, type NewSubmission } from '../../src/ledger/ledger';
import { MIGRATIONS } from '../../src/ledger/schema';
import { SUBTOTAL_AT } from '../../src/ledger/migrate-subtotals';
import { inspectBytes } from '../../src/inspect';
import { CANONICAL_IDS } from '../../src/model/canonical';
import { IDS_OF_SCHEMA_3 } from '../../src/ledger/ids-schema-3';
import { valuesRecord } from '../../src/ledger/value-list';
import { issueMessage, issueText } from '../../src/issues';
import { runCli } from '../../src/cli';
import { prepareRecord } from '../../src/run/prepare';
import { consistentValues } from '../fixtures/values';
import { buildWorkbook, mappings } from '../fixtures/workbook';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-ledger-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function submission(sha256: string, agency: string | null, year: number | null, receivedAt: string, valid: boolean, fileName = `${sha256}.xlsx`): NewSubmission {
  return { sha256, fileName, size: 1, receivedAt, agency, agencyRead: agency, year, format: '2021', valid, errors: valid ? 0 : 1, warnings: 0,
    mappingFile: 'format-2021.yaml', mappingVersion: 1, issues: [], ids: [], numbers: [], placesJson: '[]', printedJson: '{}' };
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

test('refile: files reports again under the roster when its rules changed, and looks at nothing when they did not', () => {
  const ledger = openLedger(path.join(dir, 'l.sqlite'));
  ledger.record({ ...submission('a', '甲镇人民政府', 2022, '2023-01-01', true), agencyRead: '甲镇人民政府' }, () => 'archive/a.xlsx');
  ledger.record({ ...submission('b', '甲镇', 2022, '2023-01-02', true), agencyRead: '甲镇' }, () => 'archive/b.xlsx');
  const filing = () => ['a', 'b'].map((sha) => [ledger.findBySha(sha)!.agency, ledger.findBySha(sha)!.status]);
  expect(filing()).toEqual([['甲镇人民政府', 'accepted'], ['甲镇', 'accepted']]);
  const alias = (name: string) => (name === '甲镇人民政府' ? '甲镇' : name);
  expect(ledger.refile(alias, 'roster with the alias')).toBe(1);
  expect(filing()).toEqual([['甲镇', 'superseded'], ['甲镇', 'accepted']]);
  // the same rules: nothing is looked at, whatever the function would say now
  expect(ledger.refile((name) => `${name}?`, 'roster with the alias')).toBe(0);
  expect(filing()).toEqual([['甲镇', 'superseded'], ['甲镇', 'accepted']]);
  // other rules (the alias removed): filed again, also after reopening
  ledger.close();
  const again = openLedger(path.join(dir, 'l.sqlite'));
  expect(again.refile((name) => name, 'roster with the alias')).toBe(0);
  expect(again.refile((name) => name, 'roster without it')).toBe(1);
  expect(['a', 'b'].map((sha) => [again.findBySha(sha)!.agency, again.findBySha(sha)!.status])).toEqual([['甲镇人民政府', 'accepted'], ['甲镇', 'accepted']]);
  again.close();
});

test('valuesOf: the value lists of the given submissions in the given order, across batches; none for one without values', () => {
  const ledger = openLedger(path.join(dir, 'l.sqlite'));
  const ids = ['requests.new.total', 'appeals.review.total'];
  const withValues = (sha: string, agency: string, numbers: (number | null)[]): NewSubmission => ({ ...submission(sha, agency, 2022, '2023-01-01', true), ids, numbers, placesJson: '[null,null]' });
  const a = ledger.record(withValues('a', '甲镇', [1, 2]), () => 'archive/a.xlsx').submission.id;
  const b = ledger.record(withValues('b', '乙镇', [3, null]), () => 'archive/b.xlsx').submission.id;
  const c = ledger.record(submission('c', '丙镇', 2022, '2023-01-01', false), () => '退回/c.xlsx').submission.id;
  const numbers = (list: readonly number[]) => [...ledger.valuesOf(list)].map((v) => v.numbers);
  expect(numbers([b, c, a, 999])).toEqual([[3, null], [], [1, 2], []]);
  // 1,200 asked for (more than a batch of 500): every one, in order
  const many = Array.from({ length: 1200 }, (_, n) => (n % 3 === 0 ? a : n % 3 === 1 ? b : c));
  expect(numbers(many)).toEqual(many.map((id) => (id === a ? [1, 2] : id === b ? [3, null] : [])));
  expect([...ledger.valuesOf([a])][0]!.ids).toEqual(ids);
  // without values, the listing has everything else
  const listed = ledger.submissionsOf(2022, 'no-values');
  expect(listed.map((s) => [s.sha256, s.status, s.values.numbers.length])).toEqual([['a', 'accepted', 0], ['b', 'accepted', 0], ['c', 'rejected', 0]]);
  ledger.close();
});

test('a batch rolled back after a new id list and layout were kept: the next record keeps them again (nothing cached names a row that is gone)', () => {
  const ledger = openLedger(path.join(dir, 'l.sqlite'));
  const ids = ['requests.new.total', 'appeals.review.total'];
  const withValues = (sha: string): NewSubmission => ({ ...submission(sha, '甲镇', 2022, '2023-01-01', true), ids, numbers: [1, 2], placesJson: JSON.stringify([['表', 'A1'], ['表', 'A2']]) });
  expect(() => ledger.batch(() => {
    ledger.record(withValues('a'), () => 'archive/a.xlsx');
    throw new Error('disk full');
  })).toThrow('disk full');
  ledger.record(withValues('b'), () => 'archive/b.xlsx');
  const b = ledger.findBySha('b')!;
  expect([b.values.ids, b.values.numbers, ledger.lineage('b')!.places]).toEqual([ids, [1, 2], { 'requests.new.total': ['表', 'A1'], 'appeals.review.total': ['表', 'A2'] }]);
  expect(ledger.findBySha('a')).toBeUndefined();
  ledger.close();
});

test('migration 2: a format-2021 submission recorded before the subtotal （六）其他处理 existed reads as one recorded now', () => {
  // what this release records for a report, and the same with the seven subtotal ids taken out (the old order)
  expect(SUBTOTAL_AT).toBe(CANONICAL_IDS['2021'].indexOf('requests.other_handling.natural'));
  const s = inspectBytes(buildWorkbook({ format: '2021', agency: '甲镇', year: 2022, values: consistentValues('2021', 4) }), '甲镇.xlsx', { mappings });
  const now = prepareRecord(s, () => undefined, mappings);
  const places = JSON.parse(now.placesJson) as unknown[];
  const old = {
    numbers: now.numbers.filter((_, n) => n < SUBTOTAL_AT || n >= SUBTOTAL_AT + 7),
    cells: places.filter((_, n) => n < SUBTOTAL_AT || n >= SUBTOTAL_AT + 7),
  };
  expect(old.numbers).toHaveLength(200);
  const numbers2019 = IDS_OF_SCHEMA_3['2019'].map((_, n) => n);

  const file = path.join(dir, 'l.sqlite');
  const db = new Database(file);
  db.exec(MIGRATIONS[0] as string);
  db.pragma('user_version = 1');
  const insert = db.prepare(`INSERT INTO submissions (sha256, file_name, size, received_at, recorded_at, agency, year, format, status, errors, warnings,
    stored_as, issues_json, cells_json, labels_json, numbers_json, values_csv) VALUES (?, '甲镇.xlsx', 1, '2023-01-01', '2023-01-02', '甲镇', ?, ?, 'accepted', 0, 0, 'a', '[]', ?, '{}', ?, '')`);
  insert.run('c0ffee', 2022, '2021', JSON.stringify(old.cells), JSON.stringify(old.numbers));
  insert.run('0ld2019', 2020, '2019', '[]', JSON.stringify(numbers2019)); // other formats are left as they are
  db.close();

  const ledger = openLedger(file);
  expect(valuesRecord(ledger.findBySha('c0ffee')!.values)).toEqual(Object.fromEntries(CANONICAL_IDS['2021'].map((id, n) => [id, now.numbers[n]])));
  expect(ledger.findBySha('0ld2019')!.values.numbers).toEqual(numbers2019);
  // the derived subtotal was not printed: no place
  expect(ledger.lineage('c0ffee')!.places).toEqual(Object.fromEntries(CANONICAL_IDS['2021'].map((id, n) => [id, places[n] ?? null])));
  ledger.close();
});

test('migration 4 reads the old submissions a page at a time: every one of a ledger larger than a page survives', () => {
  const file = path.join(dir, 'l.sqlite');
  const db = new Database(file);
  db.exec(MIGRATIONS[0] as string);
  db.pragma('user_version = 1');
  const insert = db.prepare(`INSERT INTO submissions (sha256, file_name, size, received_at, recorded_at, agency, year, format, status, errors, warnings,
    stored_as, issues_json, cells_json, labels_json, numbers_json, values_csv) VALUES (?, ?, 1, '2023-01-01', '2023-01-02', NULL, NULL, NULL, 'rejected', 1, 0, 'r', ?, '[]', '{}', '[]', '')`);
  const issue = (n: number) => ({ code: 'file.unreadable', severity: 'error', sheet: null, cell: null, message: `无法读取文件：第 ${n} 个`, expected: null, found: null });
  db.transaction(() => {
    for (let n = 0; n < 1234; n++) insert.run(`s${n}`, `${String(n).padStart(4, '0')}.xlsx`, JSON.stringify([issue(n)]));
  })();
  db.close();
  const ledger = openLedger(file);
  const all = ledger.submissionsOf(null);
  ledger.close();
  expect(all).toHaveLength(1234);
  expect(all.map((s) => issueMessage(s.issues[0]!))).toEqual(Array.from({ length: 1234 }, (_, n) => `无法读取文件：第 ${n} 个`));
});

/**
 * A ledger written by the release before ledger schema 4 (test/fixtures/ledger-schema-3: made by that release's own
 * `run` over ten files of every kind and fate — accepted, rejected, superseded, off the roster, unreadable, a PDF
 * and a Word file, issues against last year — with the outputs it wrote). Opened by this release, every submission,
 * value, place, issue and status survives, and the outputs rendered from it are the same bytes.
 */
describe('a ledger written by the release before schema 4', () => {
  const fixture = path.join(__dirname, '../fixtures/ledger-schema-3');
  interface OldRow { sha256: string; fileName: string; status: string; agency: string | null; year: number | null; format: '2019' | '2021' | null;
    errors: number; warnings: number; storedAs: string; issues: string; numbers: string; cells: string; labels: string }
  const old = (() => {
    const db = new Database(path.join(fixture, 'ledger.sqlite'), { readonly: true });
    const rows = db.prepare(`SELECT sha256, file_name AS fileName, status, agency, year, format, errors, warnings, stored_as AS storedAs,
      issues_json AS issues, numbers_json AS numbers, cells_json AS cells, labels_json AS labels FROM submissions ORDER BY id`).all() as OldRow[];
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    db.close();
    return rows;
  })();
  let county: string;
  beforeEach(() => {
    county = path.join(dir, 'county');
    fs.mkdirSync(path.join(county, 'inbox'), { recursive: true });
    fs.mkdirSync(path.join(county, 'outbox'));
    fs.copyFileSync(path.join(fixture, 'ledger.sqlite'), path.join(county, 'outbox/ledger.sqlite'));
    fs.copyFileSync(path.join(fixture, 'nianbao.config.json'), path.join(county, 'nianbao.config.json'));
  });

  test('every submission, value, place, issue and status survives', () => {
    expect(old.map((r) => r.status).sort()).toEqual(['accepted', 'accepted', 'accepted', 'accepted', 'accepted', 'accepted', 'accepted', 'rejected', 'rejected', 'superseded']);
    const ledger = openLedger(path.join(county, 'outbox/ledger.sqlite'));
    for (const r of old) {
      const now = ledger.findBySha(r.sha256)!;
      expect([now.fileName, now.status, now.agency, now.year, now.format, now.errors, now.warnings, now.storedAs])
        .toEqual([r.fileName, r.status, r.agency, r.year, r.format, r.errors, r.warnings, r.storedAs]);
      const ids = r.format ? IDS_OF_SCHEMA_3[r.format] : [];
      const numbers = JSON.parse(r.numbers) as (number | null)[];
      expect(valuesRecord(now.values)).toEqual(Object.fromEntries(ids.map((id, n) => [id, numbers[n]])));
      const issues = JSON.parse(r.issues) as object[];
      expect(now.issues.map((i) => ({ code: i.code, severity: i.severity, sheet: i.sheet, cell: i.cell, ...issueText(i) }))).toEqual(issues);
      if (!r.format) continue;
      const cells = JSON.parse(r.cells) as unknown[];
      expect(ledger.lineage(r.sha256)).toEqual({ places: Object.fromEntries(ids.map((id, n) => [id, cells[n]])), printed: JSON.parse(r.labels) });
    }
    expect(ledger.submissionsOf(2022).map((s) => s.fileName)).toEqual(old.filter((r) => r.year === 2022).map((r) => r.fileName));
    ledger.close();
    const db = new Database(path.join(county, 'outbox/ledger.sqlite'), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    // files of one layout share it: ten submissions, eight read, of five layouts (the official workbook in each format,
    // the annotated one, a PDF, a Word file)
    expect(db.prepare('SELECT COUNT(*) FROM layouts').pluck().get()).toBe(5);
    db.close();
  });

  test('the outputs rendered from it are the bytes that release wrote', async () => {
    const code = await runCli(['run', '--inbox', 'inbox', '--outbox', 'outbox', '--config', 'nianbao.config.json'], { stdout: () => {}, stderr: () => {}, cwd: county });
    expect(code).toBe(0);
    // (later releases end submissions.csv and issues.csv with the status and severity in words: 状态, 级别; the
    // columns that release wrote are compared, byte for byte)
    const added = (f: string) => f === 'submissions.csv' || f === 'issues.csv';
    const asThatRelease = (f: string, text: string) => (added(f) ? text.replace(/,[^,\r\n]*\r\n/g, '\r\n') : text);
    for (const year of ['2019', '2020', '2021', '2022']) {
      for (const f of fs.readdirSync(path.join(fixture, year))) {
        expect([year, f, asThatRelease(f, fs.readFileSync(path.join(county, 'outbox', year, f), 'utf8'))]).toEqual([year, f, fs.readFileSync(path.join(fixture, year, f), 'utf8')]);
      }
    }
  });
});
