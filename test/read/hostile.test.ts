/** Files a clerk should never be able to crash or stall nianbao with. Each ends as `unreadable` with a reason. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as XLSX from 'xlsx';
import { inspectBytes, inspectFile } from '../../src/inspect';
import { readBytes } from '../../src/read/read';
import { consistentValues } from '../fixtures/values';
import { encryptedWorkbook, patchZip, withManySheets, zipBomb } from '../fixtures/hostile';
import { buildWorkbook, mappings } from '../fixtures/workbook';
import { issueMessage } from '../../src/issues';

const report = { format: '2021' as const, agency: '样例镇', year: 2022, values: consistentValues('2021') };

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-hostile-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a file over the size limit is not read', () => {
  const file = path.join(dir, 'big.xlsx');
  fs.writeFileSync(file, buildWorkbook(report));
  const s = inspectFile(file, { mappings, maxBytes: 1000 });
  expect(s.status).toBe('unreadable');
  expect(s.issues.map((i) => [i.code, i.severity])).toEqual([['file.too_large', 'error']]);
  expect(issueMessage(s.issues[0]!)).toMatch(/文件过大.*超过上限 0\.0 MB/);
});

test('a sheet whose used range claims A1:Z1048576 is read by the cells it holds', () => {
  const bytes = patchZip(buildWorkbook(report), 'xl/worksheets/sheet1.xml', (xml) =>
    Buffer.from(xml.toString('utf8').replace(/<dimension ref="[^"]+"\/>/, '<dimension ref="A1:Z1048576"/>')));
  expect(XLSX.read(bytes, { type: 'buffer', dense: true }).Sheets['年度报告']!['!ref']).toBe('A1:Z1048576'); // the claim is there
  const read = readBytes(bytes);
  if (!read.ok) throw new Error('not read');
  expect(read.grid.sheets[0]!.rows.length).toBeLessThan(80);
  const s = inspectBytes(bytes, 'claims.xlsx', { mappings });
  expect([s.status, s.values]).toEqual(['valid', report.values]);
});

test('a merge over a million cells does not blow up the reader', () => {
  const wb = XLSX.read(buildWorkbook(report), { type: 'buffer' });
  const ws = wb.Sheets['年度报告']!;
  ws['Z1048576'] = { t: 's', v: '末尾' };
  ws['!ref'] = 'A1:Z1048576';
  ws['!merges'] = [...(ws['!merges'] ?? []), { s: { r: 200, c: 0 }, e: { r: 1048570, c: 20 } }];
  const s = inspectBytes(Buffer.from(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer), 'merge.xlsx', { mappings });
  expect([s.status, s.values]).toEqual(['valid', report.values]);
});

test('a zip bomb (a small file inflating to 300 MB of XML) is refused, not inflated', () => {
  const bytes = zipBomb(buildWorkbook(report), 300);
  expect(bytes.length).toBeLessThan(2 * 1024 * 1024);
  const s = inspectBytes(bytes, 'bomb.xlsx', { mappings });
  expect(s.status).toBe('unreadable');
  expect(s.issues.map((i) => i.code)).toEqual(['file.unreadable']);
  expect(issueMessage(s.issues[0]!)).toContain('压缩炸弹');
});

test.each([
  [5000, '工作簿内部由 5011 个部件组成（一份年报只有几十个），疑似恶意构造，未读取'],
  [150, '工作簿有 151 个工作表（上限 100 个），不像是一份年报，未读取'],
])('a workbook of %d extra sheets is refused with a reason', (extra, reason) => {
  const s = inspectBytes(withManySheets(buildWorkbook(report), extra), 'sheets.xlsx', { mappings });
  expect([s.status, s.issues.map((i) => issueMessage(i))]).toEqual(['unreadable', [`无法读取文件：${reason}`]]);
});

test('a few extra empty sheets are no reason to refuse a report', () => {
  expect(inspectBytes(withManySheets(buildWorkbook(report), 3), 'sheets.xlsx', { mappings }).status).toBe('valid');
});

test('a password-protected workbook is file.encrypted', () => {
  const s = inspectBytes(encryptedWorkbook(), 'secret.xlsx', { mappings });
  expect([s.status, s.issues.map((i) => i.code)]).toEqual(['unreadable', ['file.encrypted']]);
  expect(issueMessage(s.issues[0]!)).toBe('文件设置了打开密码，无法读取；请去掉密码后重新报送');
});

test.each([
  ['an empty file', Buffer.alloc(0), '文件是空的'],
  ['a truncated workbook', buildWorkbook(report).subarray(0, 3000), '已损坏或不完整'],
  ['random bytes', Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251)), '不是电子表格、Word 文件、网页、PDF 或文本文件'],
])('%s is unreadable with a reason', (_d, bytes, reason) => {
  const s = inspectBytes(bytes, 'x.xlsx', { mappings });
  expect([s.status, s.issues.map((i) => i.code)]).toEqual(['unreadable', ['file.unreadable']]);
  expect(issueMessage(s.issues[0]!)).toContain(reason);
});

test('a text file named .xlsx is read as text (by content); holding no report, it is rejected for the missing tables', () => {
  const s = inspectBytes(Buffer.from('这不是电子表格\n1,2,3\n'), 'x.xlsx', { mappings });
  expect([s.status, s.format, s.issues.filter((i) => i.code === 'layout.missing').length]).toEqual(['invalid', null, 1]);
});

test('a formula cell is read by its cached value, one without a cached value is value.type', () => {
  const wb = XLSX.read(buildWorkbook(report), { type: 'buffer' });
  const ws = wb.Sheets['年度报告']!;
  const s0 = inspectBytes(buildWorkbook(report), 'f.xlsx', { mappings });
  const totalCell = s0.provenance['requests.new.total']!.cell;
  const grantedCell = s0.provenance['requests.granted.total']!.cell;
  ws[totalCell] = { t: 'n', v: report.values['requests.new.total'], f: `SUM(D24:I24)` };
  ws[grantedCell] = { t: 'n', f: 'SUM(D26:I26)' } as XLSX.CellObject;
  const s = inspectBytes(Buffer.from(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer), 'f.xlsx', { mappings });
  expect(s.values['requests.new.total']).toBe(report.values['requests.new.total']);
  expect(s.values['requests.granted.total']).toBeNull();
  expect(s.issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.cell])).toEqual([['value.type', grantedCell]]);
});

test('reading never follows a symbolic link, even one swapped in after the inbox was listed', () => {
  const target = path.join(dir, 'target.xlsx');
  fs.writeFileSync(target, buildWorkbook(report));
  const link = path.join(dir, 'link.xlsx');
  fs.symlinkSync(target, link);
  const s = inspectFile(link, { mappings });
  expect([s.status, s.issues.map((i) => issueMessage(i))]).toEqual(['unreadable', ['无法读取文件：是符号链接，不读取']]);
});
