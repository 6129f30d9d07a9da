/**
 * The command line: parses arguments, runs a command, returns the exit code. Writes only through `io`, so tests
 * run it in-process; src/main.ts is the only file that touches `process`.
 *
 * Exit codes: 0 done (inspect: valid, warnings allowed) · 1 invalid submission · 2 unreadable file, or an
 * operator error (bad arguments, broken mapping file) — always with a Chinese message, never a stack trace.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { inspectFile, type Submission } from './inspect';
import { loadMappings, MappingError } from './mapping/load';
import { FORMATS, type Format } from './model/canonical';
import { DEFAULT_MAX_FILE_BYTES } from './read/read';
import { renderInspectText } from './render/inspect-text';
import { templateBytes } from './render/template';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
}

export class UsageError extends Error {}

export const USAGE = `用法：
  nianbao inspect 文件.xlsx [--json] [--max-size 20]
      读取并检查一个乡镇（部门）的年报统计表：识别填报单位、年度和格式，列出读到的每个数值和每个问题（工作表!单元格）。
      --json       以 JSON 输出（供程序使用）
      --max-size   文件大小上限，单位 MB（默认 20）
      退出码：0 通过（可有提醒），1 有错误，2 无法读取
  nianbao template --format 2019|2021 [--agency 单位名称] [--year 年度] --out 文件.xlsx
      生成标准格式的空白统计表（含「填报单位」「报告年度」单元格）
  nianbao help
      显示本说明
`;

function commandInspect(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, 'max-size': { type: 'string' } },
  });
  if (positionals.length !== 1) throw new UsageError('inspect 需要且只需要一个文件');
  const maxMb = values['max-size'] === undefined ? DEFAULT_MAX_FILE_BYTES / 1024 / 1024 : Number(values['max-size']);
  if (!Number.isFinite(maxMb) || maxMb <= 0) throw new UsageError(`--max-size 应为正数（MB），实为「${values['max-size']}」`);
  const mappings = loadMappings();
  const file = path.resolve(io.cwd, positionals[0]!);
  const submission = inspectFile(file, { mappings, maxBytes: Math.round(maxMb * 1024 * 1024) });
  if (values.json) io.stdout(`${JSON.stringify(inspectJson(submission))}\n`);
  else io.stdout(renderInspectText(submission, mappings));
  return submission.status === 'valid' ? 0 : submission.status === 'invalid' ? 1 : 2;
}

/** The `inspect --json` object of SPEC §2, and nothing else. */
export function inspectJson(s: Submission) {
  return {
    file: s.file,
    agency: s.agency,
    year: s.year,
    format: s.format,
    status: s.status,
    values: s.values,
    issues: s.issues.map((i) => ({ code: i.code, severity: i.severity, sheet: i.sheet, cell: i.cell, message: i.message, expected: i.expected, found: i.found })),
  };
}

function commandTemplate(args: string[], io: CliIo): number {
  const { values } = parseArgs({
    args,
    options: { format: { type: 'string' }, agency: { type: 'string' }, year: { type: 'string' }, out: { type: 'string' } },
  });
  const format = values.format as Format | undefined;
  if (!format || !FORMATS.includes(format)) throw new UsageError('--format 应为 2019 或 2021');
  if (!values.out) throw new UsageError('需要 --out 文件.xlsx');
  const year = values.year === undefined ? null : Number(values.year);
  if (year !== null && !(Number.isInteger(year) && year >= 2008 && year <= 2100)) throw new UsageError(`--year 应为四位年份，实为「${values.year}」`);
  const mappings = loadMappings();
  const out = path.resolve(io.cwd, values.out);
  if (fs.existsSync(out)) throw new UsageError(`${out} 已存在，不会覆盖；请换一个文件名`);
  fs.writeFileSync(out, templateBytes(mappings[format], values.agency?.trim() || null, year), { flag: 'wx' });
  io.stdout(`已生成 ${format} 年版空白统计表：${out}\n`);
  return 0;
}

export function runCli(argv: string[], io: CliIo): number {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'inspect':
        return commandInspect(args, io);
      case 'template':
        return commandTemplate(args, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`未知命令「${command}」`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.stderr(`参数错误：${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof MappingError) {
      io.stderr(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
