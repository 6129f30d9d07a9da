/** Files a clerk should never be able to crash or stall nianbao with. Each ends as `unreadable` with a reason. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as XLSX from 'xlsx';
import { inspectBytes, inspectFile } from '../src/inspect';
import { readBytes } from '../src/read/read';
import { consistentValues } from './fixtures/values';
import { buildWorkbook, mappings } from './fixtures/workbook';

const report = { format: '2021' as const, agency: '样例镇', year: 2022, values: consistentValues('2021') };

/** Rewrites one entry of a zip (xlsx) with CFB, the zip container library SheetJS itself uses. */
function patchZip(bytes: Buffer, entry: string, patch: (content: Buffer) => Buffer): Buffer {
  const zip = XLSX.CFB.read(bytes, { type: 'buffer' });
  const file = zip.FileIndex[zip.FullPaths.findIndex((p: string) => p.endsWith(`/${entry}`))]!;
  file.content = patch(Buffer.from(file.content as Uint8Array));
  return Buffer.from(XLSX.CFB.write(zip, { type: 'buffer', fileType: 'zip', compression: true }) as Uint8Array);
}

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-hostile-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a file over the size limit is not read', () => {
  const file = path.join(dir, 'big.xlsx');
  fs.writeFileSync(file, buildWorkbook(report));
  const s = inspectFile(file, { mappings, maxBytes: 1000 });
  expect(s.status).toBe('unreadable');
  expect(s.issues.map((i) => [i.code, i.severity])).toEqual([['file.too_large', 'error']]);
  expect(s.issues[0]!.message).toMatch(/文件过大.*超过上限 0\.0 MB/);
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
  const bytes = patchZip(buildWorkbook(report), 'xl/worksheets/sheet1.xml', (xml) => Buffer.concat([xml, Buffer.alloc(300 * 1024 * 1024, 0x20)]));
  expect(bytes.length).toBeLessThan(2 * 1024 * 1024);
  const s = inspectBytes(bytes, 'bomb.xlsx', { mappings });
  expect(s.status).toBe('unreadable');
  expect(s.issues.map((i) => i.code)).toEqual(['file.unreadable']);
  expect(s.issues[0]!.message).toContain('压缩炸弹');
});

test('a password-protected workbook is file.encrypted', () => {
  const cfb = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(cfb, '/EncryptionInfo', Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]));
  XLSX.CFB.utils.cfb_add(cfb, '/EncryptedPackage', Buffer.alloc(4096, 7));
  const bytes = Buffer.from(XLSX.CFB.write(cfb, { type: 'buffer' }) as Uint8Array);
  const s = inspectBytes(bytes, 'secret.xlsx', { mappings });
  expect([s.status, s.issues.map((i) => i.code)]).toEqual(['unreadable', ['file.encrypted']]);
  expect(s.issues[0]!.message).toBe('文件设置了打开密码，无法读取；请去掉密码后重新报送');
});

test.each([
  ['an empty file', Buffer.alloc(0), '文件是空的'],
  ['a truncated workbook', buildWorkbook(report).subarray(0, 3000), '已损坏或不完整'],
  ['random bytes', Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251)), '不是电子表格、网页或文本文件'],
])('%s is unreadable with a reason', (_d, bytes, reason) => {
  const s = inspectBytes(bytes, 'x.xlsx', { mappings });
  expect([s.status, s.issues.map((i) => i.code)]).toEqual(['unreadable', ['file.unreadable']]);
  expect(s.issues[0]!.message).toContain(reason);
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
