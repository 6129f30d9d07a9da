/**
 * A 规章 row left out of 表二 (issue 28 §2): an agency that cannot make 规章 (a township, a street, a department)
 * often prints only 规范性文件. Its report is read, the row as 0 with one warning at the block; anyone else's, and any
 * other row left out, is still layout.missing. In every kind of file.
 */
import { inspectBytes } from '../../src/inspect';
import { formLayout, formTables, type LayoutBlock } from '../../src/render/form-layout';
import { issueMessage } from '../../src/issues';
import type { Format } from '../../src/model/canonical';
import { renderReport, type Kind } from '../fixtures/formats';
import { renderPdf } from '../fixtures/pdf';
import { consistentValues } from '../fixtures/values';
import { mappings } from '../fixtures/workbook';
import { makeCounty, parseCsv } from '../fixtures/county';

/** The block without the row whose first cell is `label`: rows below move up, merges over it shrink. */
function withoutRow(block: LayoutBlock, label: string): LayoutBlock {
  const r = block.rows.findIndex((row) => row.some((v) => v === label));
  if (r < 0) throw new Error(`no row ${label}`);
  const shift = (n: number) => (n > r ? n - 1 : n);
  const merges = block.merges
    .filter((m) => !(m.s.r === r && m.e.r === r))
    .map((m) => ({ s: { r: shift(m.s.r), c: m.s.c }, e: { r: m.e.r >= r ? m.e.r - 1 : m.e.r, c: m.e.c } }));
  return { ...block, rows: block.rows.filter((_row, n) => n !== r), merges, headers: block.headers?.filter((h) => h !== r).map(shift) };
}

const FORMAT: Format = '2021';
const YEAR = 2022;
const values = { ...consistentValues(FORMAT, 3), 'proactive.rules.issued': 0, 'proactive.rules.repealed': 0, 'proactive.rules.in_force': 0 };
const RULES_IDS = ['proactive.rules.issued', 'proactive.rules.repealed', 'proactive.rules.in_force'];

function tablesWithout(label: string): LayoutBlock[] {
  const tables = formTables(formLayout(mappings[FORMAT], { values }));
  return [withoutRow(tables[0]!, label), ...tables.slice(1)];
}

async function read(agency: string, kind: Kind | 'pdf', label = '规章', kindOf?: (a: string) => 'county' | 'township' | 'department' | undefined) {
  const tables = tablesWithout(label);
  const bytes =
    kind === 'pdf'
      ? await renderPdf({ agency: `${agency}人民政府`, year: YEAR, compiledBy: `${agency}人民政府办公室`, tables })
      : renderReport({ title: `${agency}人民政府${YEAR}年政府信息公开工作年度报告`, compiledBy: `${agency}人民政府办公室`, year: YEAR, tables }, kind);
  return inspectBytes(bytes, `年报.${kind === 'pdf' ? 'pdf' : kind.startsWith('csv') ? 'csv' : kind.startsWith('html') ? 'html' : kind.startsWith('text') ? 'txt' : kind}`, { mappings, kindOf });
}

describe.each(['xlsx', 'html', 'text', 'pdf'] as const)('%s', (kind) => {
  test('a township without the 规章 row: read, the row 0, one warning at the block', async () => {
    const s = await read('东风镇', kind);
    expect([s.agency, s.status, s.issues.filter((i) => i.severity === 'error')]).toEqual(['东风镇', 'valid', []]);
    expect(s.values).toEqual(values);
    const omitted = s.issues.filter((i) => i.code === 'layout.row_omitted');
    expect(omitted.map((i) => [i.severity, issueMessage(i)])).toEqual([['warning', '表二「第二十条第（一）项」没有印出「规章」一行；本单位没有制定规章的权限，这一行按 0 读取，请核对']]);
    expect(omitted[0]!.cell).not.toBeNull();
    for (const id of RULES_IDS) expect(s.provenance[id]?.rowLabel).toBe('规章');
  });

  test('a city government without it: the row is missing (it can make 规章)', async () => {
    const s = await read('淮安市', kind);
    expect(s.status).toBe('invalid');
    expect(s.issues.filter((i) => i.severity === 'error').map((i) => [i.code, issueMessage(i)])).toEqual([['layout.missing', '未找到表二「第二十条第（一）项」中的行「规章」，请按标准格式填写']]);
    expect(RULES_IDS.map((id) => s.values[id])).toEqual([null, null, null]);
  });

  test('a township without another row: still missing', async () => {
    const s = await read('东风镇', kind, '行政规范性文件');
    expect(s.issues.filter((i) => i.severity === 'error').map((i) => i.code)).toEqual(['layout.missing']);
    expect(s.issues.map((i) => i.code)).not.toContain('layout.row_omitted');
  });
});

test("the roster's kind decides over the name: a town entered as the county is missing the row, a city entered as a township is not", async () => {
  expect((await read('东风镇', 'xlsx', '规章', () => 'county')).issues.map((i) => i.code)).toContain('layout.missing');
  const s = await read('淮安市', 'xlsx', '规章', () => 'township');
  expect([s.status, s.issues.map((i) => i.code)]).toEqual(['valid', ['layout.row_omitted']]);
});

test("run: the roster's kind reaches every reading thread (a city entered as a township is accepted, a town entered as the county rejected)", async () => {
  const county = makeCounty({ county: '样例县', roster: [{ name: '淮安市', kind: 'township' }, { name: '东风镇', kind: 'county' }] });
  try {
    for (const agency of ['淮安市', '东风镇']) {
      const title = `${agency}人民政府${YEAR}年政府信息公开工作年度报告`;
      county.drop(`${agency}.xlsx`, renderReport({ title, compiledBy: `${agency}人民政府办公室`, year: YEAR, tables: tablesWithout('规章') }, 'xlsx'), '2023-01-05T01:00:00Z');
    }
    expect((await county.run('--workers', '1')).code).toBe(0);
    const submissions = parseCsv(county.read(`outbox/${YEAR}/submissions.csv`)).map((r) => [r.agency, r.status]).sort();
    expect(submissions).toEqual([['东风镇', 'rejected'], ['淮安市', 'accepted']]);
    const issues = parseCsv(county.read(`outbox/${YEAR}/issues.csv`)).map((r) => [r.agency, r.code]).sort();
    expect(issues).toEqual([['东风镇', 'layout.missing'], ['淮安市', 'layout.row_omitted']]);
  } finally {
    county.cleanup();
  }
}, 60000);
