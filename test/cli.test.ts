import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as XLSX from 'xlsx';
import { runCli } from '../src/cli';
import { formSheet, FORM_SHEET } from '../src/render/template';
import { CANONICAL } from '../src/model/canonical';
import { consistentValues } from './fixtures/values';
import { buildWorkbook, mappings } from './fixtures/workbook';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-cli-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir });
  return { code, stdout, stderr };
}

describe('template → fill in → inspect', () => {
  test.each(['2019', '2021'] as const)('format %s round-trips every value', async (format) => {
    expect((await cli('template', '--format', format, '--agency', '样例镇人民政府', '--year', format === '2019' ? '2020' : '2022', '--out', 't.xlsx')).code).toBe(0);
    const blank = JSON.parse((await cli('inspect', 't.xlsx', '--json')).stdout);
    expect([blank.agency, blank.year, blank.format, blank.status]).toEqual(['样例镇', format === '2019' ? 2020 : 2022, format, 'valid']);
    expect(Object.keys(blank.values)).toEqual(CANONICAL[format].map((c) => c.id));
    expect(Object.values(blank.values).every((v) => v === 0)).toBe(true);

    // the clerk types the figures into the form's value cells: where the form layout puts them (not where inspect
    // says it read them, which would make the test circular)
    const values: Record<string, number | string> = { ...consistentValues(format, 5) };
    if (format === '2019') values['proactive.procurement.amount'] = `${values['proactive.procurement.amount']}万元`;
    const wb = XLSX.readFile(path.join(dir, 't.xlsx'));
    const ws = wb.Sheets[FORM_SHEET]!;
    const typed = formSheet(mappings[format], { agency: '样例镇人民政府', year: format === '2019' ? 2020 : 2022, values });
    typed.rows.forEach((row, r) => row.forEach((v, c) => {
      if (typeof v === 'number' || (typeof v === 'string' && v.endsWith('万元'))) ws[XLSX.utils.encode_cell({ r, c })] = typeof v === 'number' ? { t: 'n', v } : { t: 's', v };
    }));
    ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: typed.rows.length - 1, c: 14 } }); // typing extends the used range
    XLSX.writeFile(wb, path.join(dir, 'filled.xlsx'));
    const filled = (await cli('inspect', 'filled.xlsx', '--json'));
    expect(filled.code).toBe(0);
    expect(JSON.parse(filled.stdout).values).toEqual(consistentValues(format, 5));
  });

  test('the template has merged header cells and 填报单位/报告年度 cells', async () => {
    (await cli('template', '--format', '2021', '--out', 't.xlsx'));
    const ws = XLSX.readFile(path.join(dir, 't.xlsx')).Sheets['年度报告']!;
    expect(ws['A2']!.v).toBe('填报单位：');
    expect(ws['D2']!.v).toBe('报告年度：');
    expect((ws['!merges'] ?? []).length).toBeGreaterThan(20);
  });

  test('never overwrites a file', async () => {
    fs.writeFileSync(path.join(dir, 't.xlsx'), 'mine');
    const r = (await cli('template', '--format', '2021', '--out', 't.xlsx'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('已存在，不会覆盖');
    expect(fs.readFileSync(path.join(dir, 't.xlsx'), 'utf8')).toBe('mine');
  });
});

describe('inspect', () => {
  const report = { format: '2021' as const, agency: '八道壕镇', year: 2022, values: consistentValues('2021') };

  test('--json prints exactly one object of the documented shape; exit 0 when valid', async () => {
    fs.writeFileSync(path.join(dir, 'ok.xlsx'), buildWorkbook(report));
    const r = (await cli('inspect', 'ok.xlsx', '--json'));
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(['file', 'agency', 'year', 'format', 'status', 'values', 'issues']);
    expect(json).toMatchObject({ file: 'ok.xlsx', agency: '八道壕镇', year: 2022, format: '2021', status: 'valid', issues: [] });
    expect(json.values).toEqual(report.values);
  });

  test('exit 1 with every issue located when invalid', async () => {
    fs.writeFileSync(path.join(dir, 'bad.xlsx'), buildWorkbook({ ...report, values: { ...report.values, 'appeals.review.total': 99 } }));
    const r = (await cli('inspect', 'bad.xlsx', '--json'));
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.status).toBe('invalid');
    expect(json.issues).toEqual([expect.objectContaining({ code: 'appeals.total', severity: 'error', sheet: '年度报告', expected: expect.any(Number), found: 99 })]);
    expect(Object.keys(json.issues[0])).toEqual(['code', 'severity', 'sheet', 'cell', 'message', 'expected', 'found']);
  });

  test('the human view is Chinese: identity, values, issues with their cells', async () => {
    fs.writeFileSync(path.join(dir, 'bad.xlsx'), buildWorkbook({ ...report, values: { ...report.values, 'appeals.review.total': 99 } }));
    const r = (await cli('inspect', 'bad.xlsx'));
    expect(r.stdout).toContain('填报单位：八道壕镇    报告年度：2022    格式：2021年版格式');
    expect(r.stdout).toContain('结论：未通过：有错误需要改正');
    expect(r.stdout).toMatch(/错误 1 项：\n  \[appeals\.total\] 年度报告![A-Z]+\d+  表四「行政复议」的「总计」应为 \d+/);
  });

  test('exit 2 for an unreadable file, with a Chinese reason and no stack trace', async () => {
    fs.writeFileSync(path.join(dir, 'empty.xlsx'), '');
    const r = (await cli('inspect', 'empty.xlsx'));
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('结论：无法读取');
    expect(r.stdout).toContain('文件是空的');
    expect(r.stdout + r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  test('exit 2 for a missing file and for bad arguments', async () => {
    expect((await cli('inspect', 'nothing.xlsx', '--json')).code).toBe(2);
    const r = (await cli('inspect'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('参数错误');
    expect((await cli('inspect', 'a.xlsx', '--max-size', 'abc')).stderr).toContain('--max-size 应为正数');
    expect((await cli('frobnicate')).stderr).toContain('未知命令');
  });

  test('--max-size sets the size limit', async () => {
    fs.writeFileSync(path.join(dir, 'ok.xlsx'), buildWorkbook(report));
    const r = (await cli('inspect', 'ok.xlsx', '--json', '--max-size', '0.001'));
    expect([r.code, JSON.parse(r.stdout).issues[0].code]).toEqual([2, 'file.too_large']);
  });
});

test('the installed command runs: node bin/nianbao.js inspect --json', async () => {
  fs.writeFileSync(path.join(dir, '八道壕镇-2022.xlsx'), buildWorkbook({ format: '2021', agency: null, year: null, values: consistentValues('2021') }));
  const r = spawnSync(process.execPath, [path.join(__dirname, '../bin/nianbao.js'), 'inspect', path.join(dir, '八道壕镇-2022.xlsx'), '--json'], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ agency: '八道壕镇', year: 2022, format: '2021', status: 'valid' });
});
