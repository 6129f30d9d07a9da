import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import * as XLSX from 'xlsx';
import { runCli } from '../../src/cli';
import { nearest } from '../../src/commands/args';
import { COMMANDS, commandUsage, usageLine, type CommandName } from '../../src/commands/usage';
import { logLineText } from '../../src/log-text';
import { systemErrorText } from '../../src/system-error';
import { formSheet, FORM_SHEET } from '../../src/render/template';
import { CANONICAL } from '../../src/model/canonical';
import { consistentValues } from '../fixtures/values';
import { buildWorkbook, mappings } from '../fixtures/workbook';

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
    // nothing typed in: an unfilled form, refused (never counted as zeros)
    expect([blank.agency, blank.year, blank.format, blank.status]).toEqual(['样例镇', format === '2019' ? 2020 : 2022, format, 'invalid']);
    expect(blank.issues.map((i: { code: string; severity: string }) => [i.code, i.severity])).toEqual([['values.form_unfilled', 'error']]);
    expect(Object.keys(blank.values)).toEqual(CANONICAL[format].map((c) => c.id));

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
    // it prints like the form: borders on the tables, 宋体, A4 landscape fitted to the width
    const styled = new ExcelJS.Workbook();
    await styled.xlsx.load(fs.readFileSync(path.join(dir, 't.xlsx')) as unknown as ExcelJS.Buffer);
    const form = styled.getWorksheet('年度报告')!;
    expect(form.getCell('A7').border).toMatchObject({ top: { style: 'thin' }, bottom: { style: 'thin' } });
    expect(form.getCell('B7').border).toMatchObject({ top: { style: 'thin' } }); // a blank value cell too
    expect(form.getCell('A1').font).toMatchObject({ name: '宋体', bold: true });
    expect(form.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1 });
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
  const r = spawnSync(process.execPath, [path.join(__dirname, '../../bin/nianbao.js'), 'inspect', path.join(dir, '八道壕镇-2022.xlsx'), '--json'], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ agency: '八道壕镇', year: 2022, format: '2021', status: 'valid' });
});

describe('the command line explains itself', () => {
  const lines = (text: string) => text.trimEnd().split('\n').length;
  /** what must never reach a clerk: Node's English parser and system messages */
  const ENGLISH = /Unknown option|Unexpected argument|ERR_|EEXIST|ENOTDIR|ENOENT|EACCES|no such file|\bat position\b/;

  test.each(Object.keys(COMMANDS) as CommandName[])('nianbao %s --help and -h print that command only', async (name) => {
    for (const flag of ['--help', '-h']) {
      const r = await cli(name, flag);
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(r.stdout).toBe(commandUsage(name));
      expect(r.stdout.split('\n')[0]).toBe(`用法：${usageLine(name)}`);
      for (const option of Object.keys(COMMANDS[name].options)) expect(r.stdout).toContain(`--${option}`);
      for (const other of Object.keys(COMMANDS).filter((n) => n !== name)) expect(r.stdout).not.toContain(`nianbao ${other} `);
    }
    expect((await cli('help', name)).stdout).toBe(commandUsage(name));
  });

  test('nianbao alone: a short overview naming every command; --version: the package version', async () => {
    const r = await cli();
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toBeLessThanOrEqual(20);
    for (const name of Object.keys(COMMANDS)) expect(r.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    const version = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')).version;
    expect(await cli('--version')).toEqual({ code: 0, stdout: `nianbao ${version}\n`, stderr: '' });
    const all = await cli('help');
    for (const name of Object.keys(COMMANDS).filter((n) => n !== 'help')) expect(all.stdout).toContain(`用法：${usageLine(name as CommandName)}`);
  });

  test.each([
    [['run', '--inbx', 'x'], '未知选项「--inbx」，是不是「--inbox」？', 'run'],
    [['run', '--outbx', 'o'], '是不是「--outbox」？', 'run'],
    [['status', '--yaer', '2020'], '是不是「--year」？', 'status'],
    [['run', '--frobnicate'], '未知选项「--frobnicate」：run 命令没有这个选项', 'run'],
    [['run', '-x'], '未知选项「-x」', 'run'],
    [['run', '-inbox', 'x'], '选项「-inbox」应以两个减号开头，是不是「--inbox」？', 'run'],
    [['run', '--inbox'], '选项 --inbox 后面需要目录', 'run'],
    [['run', '--inbox', '--verbose'], '选项 --inbox 后面需要目录', 'run'],
    [['run', '--verbose=yes'], '选项 --verbose 不带值', 'run'],
    [['run', 'inbox'], 'run 命令不需要「inbox」', 'run'],
    [['inspect'], 'inspect 需要一个文件', 'inspect'],
    [['inspect', 'a.xlsx', 'b.xlsx'], '多余的参数「b.xlsx」', 'inspect'],
    [['backup'], '需要选项 --to 备份目录', 'backup'],
    [['template', '--format', '2021'], '需要选项 --out 文件.xlsx', 'template'],
    [['template', '--format', '2021', '--out', 'x.csv'], '--out 应为 .xlsx 文件', 'template'],
    [['template', '--format', '2020', '--out', 'x.xlsx'], '--format 应为 2019 或 2021', 'template'],
    [['serve', '--port', 'abc'], '--port 应为 0–65535 的整数', 'serve'],
    [['rnu'], '未知命令「rnu」，是不是「run」？', undefined],
    [['inspcet', 'a.xlsx'], '是不是「inspect」？', undefined],
    [['frobnicate'], '未知命令「frobnicate」', undefined],
    [['--inbox', 'x'], '「--inbox」不是命令', undefined],
    [['help', 'nope'], '未知命令「nope」', undefined],
  ] as [string[], string, CommandName | undefined][])('nianbao %j: exit 2, in Chinese, naming it', async (argv, message, command) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`参数错误：`);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(ENGLISH);
    expect(lines(r.stderr)).toBeLessThanOrEqual(10);
    if (command) expect(r.stderr).toContain(`用法：${usageLine(command)}\n详细说明：nianbao ${command} --help`);
    else expect(r.stderr).toContain('可用命令：inspect、run');
  });

  test('a mistyped option is suggested only when one option is near', () => {
    expect(nearest('inbx', ['inbox', 'outbox'])).toBe('inbox');
    expect(nearest('onbox', ['inbox', 'unbox'])).toBeUndefined(); // as near to both
    expect(nearest('ix', ['inbox', 'outbox'])).toBeUndefined(); // too short to guess
    expect(nearest('zzzz', ['inbox', 'outbox'])).toBeUndefined();
    expect(nearest('out', ['inbox', 'outbox'])).toBe('outbox'); // a prefix
  });

  test('template --out x.csv writes nothing', async () => {
    await cli('template', '--format', '2021', '--out', 'x.csv');
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('operating-system errors are told in Chinese with the path', () => {
  /** the error a real system call gives, and its Chinese line */
  const failing = (call: () => unknown): unknown => {
    try {
      call();
    } catch (error) {
      return error;
    }
    throw new Error('the call did not fail');
  };

  test.each([
    ['EEXIST', (d: string) => fs.mkdirSync(d), (d: string) => `无法创建文件夹 ${d}：已经存在（不会覆盖）`],
    ['ENOTDIR', (d: string) => fs.readdirSync(path.join(d, 'f')), (d: string) => `无法读取文件夹 ${path.join(d, 'f')}：路径中有一段是文件而不是文件夹`],
    ['ENOENT', (d: string) => fs.readFileSync(path.join(d, 'nothing.xlsx')), (d: string) => `无法打开 ${path.join(d, 'nothing.xlsx')}：不存在（请检查文件名和所在文件夹）`],
    ['EISDIR', (d: string) => fs.writeFileSync(d, 'x'), (d: string) => `无法打开 ${d}：是文件夹，不是文件`],
  ] as const)('%s', (_code, call, expected) => {
    fs.writeFileSync(path.join(dir, 'f'), '');
    const error = failing(() => call(dir));
    expect(systemErrorText(error)).toBe(expected(dir));
  });

  test('not a system error: undefined (the message stays its own)', () => {
    expect(systemErrorText(new Error('x'))).toBeUndefined();
  });

  test('an outbox where no folder can be made (/proc) is exit 2 at once, not a hang', async () => {
    const r = await cli('run', '--outbox', '/proc/nianbao-test', '--inbox', '.');
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('无法使用输出目录 /proc/nianbao-test：该位置不允许新建文件夹')]);
  });

  test('a config that is a folder says so (not 「找不到」), also where it is the default name', async () => {
    fs.mkdirSync(path.join(dir, 'cfg'));
    expect(await cli('run', '--config', 'cfg')).toMatchObject({ code: 2, stderr: `无法读取配置文件 ${path.join(dir, 'cfg')}：是文件夹，不是文件\n` });
    fs.mkdirSync(path.join(dir, 'nianbao.config.json'));
    expect(await cli('status')).toMatchObject({ code: 2, stderr: expect.stringContaining(`无法读取配置文件 ${path.join(dir, 'nianbao.config.json')}：是文件夹`) });
  });

  test('inspect of a folder says it is a folder', async () => {
    const r = await cli('inspect', '.');
    expect([r.code, r.stdout]).toEqual([2, expect.stringContaining('这是一个文件夹，不是文件')]);
  });

  test('through the command line: exit 2, one Chinese line', async () => {
    const r = await cli('template', '--format', '2021', '--out', path.join(dir, 'no-such-folder', 't.xlsx'));
    expect(r).toEqual({ code: 2, stdout: '', stderr: `无法打开 ${path.join(dir, 'no-such-folder', 't.xlsx')}：不存在（请检查文件名和所在文件夹）\n` });
  });
});

describe('--verbose on a terminal: Chinese lines with the local time', () => {
  test.each([
    [{ msg: 'inbox listed', ready: 3, waiting: 0 }, '收件箱中有 3 个文件待处理'],
    [{ msg: 'recorded', file: 'a.xlsx', agency: '东风镇', year: 2022, status: 'accepted', errors: 0, warnings: 1 }, '已登记 a.xlsx：东风镇 2022 年度，已采用（错误 0 项，提醒 1 项）'],
    [{ msg: 'recorded', file: 'b.txt', agency: null, year: null, status: 'rejected', errors: 1, warnings: 0 }, '已登记 b.txt：（未识别单位） （未识别年度），已退回（错误 1 项，提醒 0 项）'],
    [{ msg: 'changed while read; left for the next run', file: 'c.xlsx', level: 40 }, '注意：c.xlsx 在读取时仍在变化，留待下次运行'],
    [{ msg: 'run failed', err: { message: '磁盘空间已满' }, level: 50 }, '错误：运行失败：磁盘空间已满'],
    [{ msg: 'something of a library' }, 'something of a library'],
  ])('%j', (entry, expected) => {
    // 2026-01-05 01:02:03 UTC is 09:02:03 in Shanghai
    expect(logLineText({ level: 30, time: Date.UTC(2026, 0, 5, 1, 2, 3), ...entry }, 'Asia/Shanghai')).toBe(`[2026-01-05 09:02:03] ${expected}`);
  });

  test('every message nianbao logs has its Chinese words', () => {
    const messages = new Set<string>();
    const walk = (d: string): void => {
      for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
        const file = path.join(d, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (file.endsWith('.ts')) for (const m of fs.readFileSync(file, 'utf8').matchAll(/log\.(?:info|warn|error|debug)\([^;]*?'([^']+)'\)/g)) messages.add(m[1]!);
      }
    };
    walk(path.join(__dirname, '../../src'));
    expect(messages.size).toBeGreaterThan(10);
    for (const msg of messages) expect(logLineText({ msg, level: 30 }, 'Asia/Shanghai')).not.toContain(msg);
  });

  test('nianbao run --verbose shows them on the terminal, no JSON', () => {
    fs.mkdirSync(path.join(dir, 'inbox'));
    const file = path.join(dir, 'inbox', '八道壕镇-2022.xlsx');
    fs.writeFileSync(file, buildWorkbook({ format: '2021', agency: null, year: null, values: consistentValues('2021') }));
    fs.utimesSync(file, new Date('2023-01-05'), new Date('2023-01-05'));
    const r = spawnSync(process.execPath, [path.join(__dirname, '../../bin/nianbao.js'), 'run', '--verbose'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] 已登记 八道壕镇-2022\.xlsx：八道壕镇 2022 年度，已采用/m);
    expect(r.stderr).not.toContain('{"level"');
  });
});
