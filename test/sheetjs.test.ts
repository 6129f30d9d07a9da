import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { sheetjs } from '../src/sheetjs';

const XLSX = sheetjs();

const ROOT = path.join(__dirname, '..');

test('an .xlsx is read without SheetJS building its codepage tables (~0.25 s at every start)', () => {
  const script = `
    require('./src/register.js');
    const XLSX = require('./src/sheetjs.ts').sheetjs();
    const ws = XLSX.utils.aoa_to_sheet([['单位', '数'], ['八道壕镇', 3]]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, '表二');
    const back = XLSX.read(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }), { type: 'buffer' });
    const loaded = Object.keys(require.cache).some((file) => file.includes('cpexcel'));
    process.stdout.write(JSON.stringify([XLSX.utils.sheet_to_json(back.Sheets['表二'], { header: 1 }), loaded, typeof globalThis.cptable]));
  `;
  const out = execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
  expect(JSON.parse(out)).toEqual([[['单位', '数'], ['八道壕镇', 3]], false, 'undefined']);
});

test('a legacy file in a Chinese codepage gets the tables when it needs them (dBASE in GBK, both ways)', () => {
  const ws = XLSX.utils.aoa_to_sheet([['name'], ['八道壕镇']]);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, 'S');
  const bytes = XLSX.write(wb, { type: 'buffer', bookType: 'dbf', codepage: 936 } as never) as Buffer;
  expect(bytes.includes(Buffer.from([0xb0, 0xcb]))).toBe(true); // 八 in GBK
  const back = XLSX.read(bytes, { type: 'buffer', codepage: 936 });
  expect(XLSX.utils.sheet_to_json(back.Sheets[back.SheetNames[0]!]!, { header: 1 })).toEqual([['name'], ['八道壕镇']]);
});

test('a PDF or a web page is read without loading SheetJS at all (~55 ms at start)', () => {
  const script = `
    require('./src/register.js');
    const { inspectFile } = require('./src/inspect.ts');
    const { loadMappings } = require('./src/mapping/load.ts');
    const mappings = loadMappings();
    const read = ['real-hongze-2024.pdf', '02-hushizhen-2019.html'].map((f) => inspectFile('test/fixtures/documents/' + f, { mappings }).status);
    const loaded = Object.keys(require.cache).some((file) => /node_modules[\\\\/]xlsx[\\\\/]/.test(file));
    process.stdout.write(JSON.stringify([read, loaded]));
    process.exit(0);
  `;
  const out = execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
  expect(JSON.parse(out)).toEqual([['valid', 'valid'], false]);
});
