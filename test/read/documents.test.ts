/**
 * Real reports as they circulate (issue 12): each of seven real reports as a saved page, a Word file (.docx, and
 * .doc for three), the PDF Word exports and the page pasted into a spreadsheet, plus one published WPS-exported
 * PDF — copied from shared/reference/documents with their expected figures — read through `inspect` and through
 * `run`. Exact: agency (or a form of it printed in the document), year, format, verdict, every value.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inspectBytes, inspectFile } from '../../src/inspect';
import { makeCounty, parseCsv } from '../fixtures/county';
import { mappings } from '../fixtures/workbook';
import { issueMessage, shownIssue } from '../../src/issues';

const DIR = path.join(__dirname, '../fixtures/documents');

interface Expected {
  file: string;
  kind: string;
  agency: string;
  agency_aliases?: string[];
  year: number;
  format: '2019' | '2021';
  expect: 'valid' | 'invalid';
  values: Record<string, number>;
}

const documents: Expected[] = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.expected.json'))
  .sort()
  .flatMap((f) => {
    const e = JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8'));
    return (e.files as { file: string; kind: string }[]).map((x) => ({ ...e, file: x.file, kind: x.kind }) as Expected);
  });

const same = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

test('the corpus is all here: 29 documents of 8 reports', () => {
  expect(documents.length).toBe(29);
  for (const d of documents) expect(fs.existsSync(path.join(DIR, d.file))).toBe(true);
});

describe.each(documents.map((d) => [d.file, d] as const))('inspect %s', (_file, d) => {
  test('reads the agency, year, format, verdict and every figure exactly', () => {
    const s = inspectFile(path.join(DIR, d.file), { mappings });
    expect([d.agency, ...(d.agency_aliases ?? [])]).toContain(s.agency);
    expect([s.year, s.format, s.status]).toEqual([d.year, d.format, d.expect]);
    const wrong = Object.entries(d.values).filter(([id, want]) => !(typeof s.values[id] === 'number' && same(s.values[id]!, want)));
    expect(wrong.map(([id, want]) => `${id}: ${s.values[id]} ≠ ${want}`)).toEqual([]);
    // every value says where it was read
    for (const id of Object.keys(d.values)) expect(s.provenance[id]).toMatchObject({ sheet: expect.any(String), cell: expect.any(String) });
  });
});

test('the 2024 report that prints （六）其他处理 as one row: read as the subtotal, its three rows left empty and said', () => {
  const s = inspectFile(path.join(DIR, 'real-hongze-2024.pdf'), { mappings });
  for (const column of ['natural', 'total']) {
    expect(s.values[`requests.other_handling.${column}`]).toBe(0);
    for (const part of ['other_no_correction', 'other_fee_unpaid', 'other_misc']) expect(s.values[`requests.${part}.${column}`]).toBeNull();
  }
  expect(s.provenance['requests.other_handling.total']).toMatchObject({ sheet: 'page4', rowLabel: '（六）其他处理' });
  expect(s.issues.filter((i) => i.code === 'layout.rows_combined').map(shownIssue)).toEqual([expect.objectContaining({ severity: 'warning', sheet: 'page4', cell: 'L11', found: '（六）其他处理' })]);
  // the row printed above it is read too (its values were refused while （六）'s were taken for its own)
  expect(s.values['requests.unprocessed_confirmation.total']).toBe(0);
  // its typo is read, and said
  expect(shownIssue(s.issues.find((i) => i.code === 'layout.label_fuzzy')!)).toMatchObject({ severity: 'warning', expected: '2.其他法律行政法规禁止公开', found: '2.其他法律行政止公开' });
});

// through run: one county per kind of document (the reports are of different agencies, so none supersedes another)
const KINDS = [...new Set(documents.map((d) => path.extname(d.file) + (d.file.includes('-pasted') ? '-pasted' : '')))];

test.each(KINDS)('run: every %s document is accepted or rejected as expected, and its figures reach values.csv', async (kind) => {
  const county = makeCounty({ county: '样例县', roster: [] });
  try {
    const chosen = documents.filter((d) => path.extname(d.file) + (d.file.includes('-pasted') ? '-pasted' : '') === kind);
    chosen.forEach((d, n) => county.drop(d.file, fs.readFileSync(path.join(DIR, d.file)), `2025-01-0${1 + (n % 9)}T09:00:00`));
    const { code } = await county.run();
    expect(code).toBeLessThan(2);
    for (const d of chosen) {
      const submissions = parseCsv(county.read(`outbox/${d.year}/submissions.csv`));
      expect(submissions.find((r) => r.file === d.file)).toMatchObject({ status: d.expect === 'valid' ? 'accepted' : 'rejected', year: String(d.year), format: d.format });
      if (d.expect !== 'valid') continue;
      const rows = parseCsv(county.read(`outbox/${d.year}/values.csv`)).filter((r) => [d.agency, ...(d.agency_aliases ?? [])].includes(r.agency!));
      const got = Object.fromEntries(rows.map((r) => [r.id, Number(r.value)]));
      expect(Object.entries(d.values).filter(([id, want]) => !same(got[id]!, want))).toEqual([]);
    }
  } finally {
    county.cleanup();
  }
});

test.each([
  ['a .doc cut short', () => fs.readFileSync(path.join(DIR, '06-nanyuanjiedao-2020.doc')).subarray(0, 6000)],
  ['a .doc whose text stream is damaged', () => {
    const bytes = Buffer.from(fs.readFileSync(path.join(DIR, '11-erlangjiedao-2022.doc')));
    const at = bytes.indexOf(Buffer.from([0xec, 0xa5])); // the Word stream's magic number
    bytes.fill(0xff, at + 0x20, at + 0x200);
    return bytes;
  }],
  ['a .docx cut short', () => fs.readFileSync(path.join(DIR, '02-hushizhen-2019.docx')).subarray(0, 4000)],
])('%s is refused with what to do (re-save as .docx or PDF), never as a damaged spreadsheet', (_d, make) => {
  const s = inspectBytes(make(), 'x.doc', { mappings });
  expect([s.status, s.issues.map((i) => i.code)]).toEqual(['unreadable', ['file.unreadable']]);
  expect(issueMessage(s.issues[0]!)).toMatch(/Word/);
  expect(issueMessage(s.issues[0]!)).not.toMatch(/电子表格/);
});

test('a .docx: a table cell merged across (gridSpan) and down (vMerge) is one merged range, its text at the top left', () => {
  const s = inspectFile(path.join(DIR, '06-nanyuanjiedao-2020.docx'), { mappings });
  // table 三 is the document's second table: 自然人 is column D after the three label columns, 一、本年新收 row 4
  expect(s.provenance['requests.new.natural']).toMatchObject({ sheet: 'table2', cell: 'D4' });
  expect(s.provenance['requests.granted.natural']).toMatchObject({ sheet: 'table2', cell: 'D6' });
});

/** Every sprmTDefTable (0xD608, a row's cell geometry) of a .doc rewritten by `edit` at its operand. */
function withTableDefinitions(file: string, edit: (bytes: Buffer, operand: number) => void): Buffer {
  const bytes = Buffer.from(fs.readFileSync(path.join(DIR, file)));
  let edited = 0;
  for (let at = bytes.indexOf(Buffer.from([0x08, 0xd6])); at >= 0; at = bytes.indexOf(Buffer.from([0x08, 0xd6]), at + 2)) {
    if (bytes.readUInt16LE(at + 2) > 600) continue; // not an operand size: a chance pair of bytes
    edit(bytes, at + 2);
    edited++;
  }
  expect(edited).toBeGreaterThan(10);
  return bytes;
}

test.each([
  ['claim more cells than their bytes hold', (b: Buffer, operand: number) => (b[operand + 2] = 0xff)],
  ['claim no cells', (b: Buffer, operand: number) => (b[operand + 2] = 0)],
  ['claim operands longer than their paragraph properties', (b: Buffer, operand: number) => b.writeUInt16LE(0xfff0, operand)],
  ['have their cell boundaries scrambled', (b: Buffer, operand: number) => b.writeInt16LE(-32000, operand + 5)],
])('a .doc whose row definitions %s fails safe: refused as a Word file, or no figure read wrong', (_d, edit) => {
  const d = documents.find((x) => x.file === '06-nanyuanjiedao-2020.doc')!;
  const s = inspectBytes(withTableDefinitions(d.file, edit), d.file, { mappings });
  if (s.status === 'unreadable') {
    expect(issueMessage(s.issues[0]!)).toMatch(/另存为 \.docx 或 PDF/);
    return;
  }
  const wrong = Object.entries(d.values).filter(([id, want]) => typeof s.values[id] === 'number' && !same(s.values[id]!, want));
  expect(wrong).toEqual([]);
});

test('a WPS Writer file (.wps, the same OLE family as .doc) is read by its content, whatever its name', () => {
  const d = documents.find((x) => x.file === '11-erlangjiedao-2022.doc')!;
  const s = inspectBytes(fs.readFileSync(path.join(DIR, d.file)), '二郎街道年报.wps', { mappings });
  expect([s.status, s.year, s.format]).toEqual([d.expect, d.year, d.format]);
  expect(Object.entries(d.values).filter(([id, want]) => !same(s.values[id] ?? NaN, want))).toEqual([]);
});
