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
import { SingleBar } from 'cli-progress';
import { ConfigError, loadConfig } from './config';
import { inspectFile, type Submission } from './inspect';
import { LedgerError, openLedger } from './ledger/ledger';
import { renderStatusText, statusJson, type StatusData } from './render/status-text';
import { rosterStatus } from './roster-status';
import { startSchedule } from './schedule';
import { startServer } from './serve/server';
import { localTime } from './time';
import { openLog } from './log';
import { renderRunSummary } from './render/run-summary';
import { LockBusyError } from './run/lock';
import { placesOf } from './run/ingest';
import { makeDirectory, OutboxError, writeFault } from './run/outbox';
import { runInbox } from './run/run';
import { loadMappings, MappingError } from './mapping/load';
import { FORMATS, type Format } from './model/canonical';
import { DEFAULT_MAX_FILE_BYTES } from './read/read';
import { renderExplainText } from './render/explain-text';
import { renderInspectText } from './render/inspect-text';
import { templateBytes } from './render/template';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  /** a terminal is attached: show a progress bar */
  tty?: boolean;
  /** calls `handler` once on SIGINT or SIGTERM (the long-running `schedule` stops cleanly) */
  onSignal?(handler: (signal: string) => void): void;
}

export class UsageError extends Error {}

export const USAGE = `用法：
  nianbao inspect 文件 [--json] [--explain] [--max-size 20]
      读取并检查一个乡镇（部门）的年报统计表：识别填报单位、年度和格式，列出读到的每个数值和每个问题（工作表!单元格）。
      文件可以是 .xlsx、.xls、.et、.ods、.csv（UTF-8 或 GBK）、保存的年报网页（.html）、年报 PDF 或复制出来的年报文本（.txt）。
      --json       以 JSON 输出（供程序使用）
      --explain    逐项列出每个数值读自哪个单元格（文本为第几行，PDF 为第几页第几行），以及所依据的行、列标签
      --max-size   文件大小上限，单位 MB（默认 20）
      退出码：0 通过（可有提醒），1 有错误，2 无法读取
  nianbao run [--inbox inbox/] [--outbox outbox/] [--config nianbao.config.json] [--verbose]
      处理收件箱中的全部报表：检查、登记、归档（退回的放入 收件箱/退回/ 并附问题清单），
      再按年度生成汇总（outbox/<年度>/：county-report.xlsx、values.csv、county-summary.csv 等）
      --verbose    在终端显示详细日志（日志文件在 outbox/logs/）
      退出码：0 运行完成（即使有退回的文件），2 配置或输出目录有误，3 已有另一个运行在进行
  nianbao schedule [--now] [--inbox inbox/] [--outbox outbox/] [--config nianbao.config.json] [--verbose]
      按配置中的 schedule（默认每天 02:00，时区 Asia/Shanghai）定时运行 run，一直运行到收到 Ctrl+C 或停止信号；
      --now 启动时先运行一次。同一时间只有一个 run（包括另一个窗口中手动运行的）。
  nianbao status [--year 年度] [--json] [--outbox outbox/] [--config nianbao.config.json]
      最近几次运行的情况，以及某年度（默认最新年度）名册中每个单位的报送情况和最新报送时间
  nianbao serve [--port 8080] [--host 127.0.0.1] [--inbox inbox/] [--outbox outbox/] [--config nianbao.config.json]
      本机网页：各年度报送情况和问题、全县合计、图示、下载汇总文件；配置了 uploadToken 时还可上传报表（上传即检查）。
      默认只允许本机访问（127.0.0.1）；--host 0.0.0.0 可让局域网访问。按 Ctrl+C 停止。
  nianbao backup --to 备份目录 [--outbox outbox/] [--inbox inbox/] [--config nianbao.config.json]
      备份登记簿（运行中也能得到完整一致的副本）、archive/ 中归档的原始报表和配置文件，放在 备份目录/nianbao-备份-<时间>/
  nianbao demo
      演示：把 examples/ 中的示例报表复制到 demo/inbox/ 并运行 run（npm start 即此命令）
  nianbao template --format 2019|2021 [--agency 单位名称] [--year 年度] --out 文件.xlsx
      生成标准格式的空白统计表（含「填报单位」「报告年度」单元格）
  nianbao help
      显示本说明
`;

function commandInspect(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, explain: { type: 'boolean', default: false }, 'max-size': { type: 'string' } },
  });
  if (positionals.length !== 1) throw new UsageError('inspect 需要且只需要一个文件');
  const maxMb = values['max-size'] === undefined ? DEFAULT_MAX_FILE_BYTES / 1024 / 1024 : Number(values['max-size']);
  if (!Number.isFinite(maxMb) || maxMb <= 0) throw new UsageError(`--max-size 应为正数（MB），实为「${values['max-size']}」`);
  const mappings = loadMappings();
  const file = path.resolve(io.cwd, positionals[0]!);
  const submission = inspectFile(file, { mappings, maxBytes: Math.round(maxMb * 1024 * 1024) });
  if (values.json) {
    // --explain adds the lineage to the SPEC object under its own key
    const json = values.explain ? { ...inspectJson(submission), provenance: submission.provenance } : inspectJson(submission);
    io.stdout(`${JSON.stringify(json)}\n`);
  } else {
    io.stdout(renderInspectText(submission, mappings));
    if (values.explain) io.stdout(`\n${renderExplainText(submission, mappings)}`);
  }
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

const PLACE_OPTIONS = {
  inbox: { type: 'string' },
  outbox: { type: 'string', default: 'outbox' },
  config: { type: 'string' },
  verbose: { type: 'boolean', default: false },
} as const;

/**
 * The config named by --config (it must exist), or nianbao.config.json in the working folder (it may not: then the
 * run goes on without a roster, and says so).
 */
function configOf(option: string | undefined, io: CliIo) {
  const file = path.resolve(io.cwd, option ?? 'nianbao.config.json');
  if (option === undefined && !fs.existsSync(file)) io.stderr(`未找到配置文件 ${file}：按没有报送名册运行（所有单位都计入汇总）。\n`);
  return loadConfig(file, option !== undefined);
}

/** --inbox names a folder that must exist (a mistyped path must not become a new, empty inbox); default inbox/. */
function inboxOf(option: string | undefined, io: CliIo): string {
  const inbox = path.resolve(io.cwd, option ?? 'inbox');
  if (option !== undefined && !fs.statSync(inbox, { throwIfNoEntry: false })?.isDirectory()) {
    throw new ConfigError(`收件箱 ${inbox} 不存在或不是文件夹（--inbox ${option}）：请检查路径。`);
  }
  return inbox;
}

/** What `run` and `schedule` share: the config, the mappings, the outbox and its log, checked once. */
function runSetup(values: { inbox?: string; outbox: string; config?: string; verbose: boolean }, io: CliIo) {
  const inbox = inboxOf(values.inbox, io);
  const config = configOf(values.config, io);
  const mappings = loadMappings();
  const outbox = path.resolve(io.cwd, values.outbox);
  let log;
  try {
    log = openLog(outbox, config.timezone, values.verbose);
  } catch (error) {
    throw new OutboxError(`无法使用输出目录 ${outbox}：${writeFault(error)}`);
  }
  return { config, mappings, outbox, log, inbox };
}

async function commandRun(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { ...PLACE_OPTIONS, workers: { type: 'string' } } });
  const { config, mappings, outbox, log, inbox } = runSetup(values, io);
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0)) throw new UsageError('--workers 应为非负整数');
  let bar: SingleBar | undefined;
  const summary = await runInbox({
    inbox,
    outbox,
    config,
    mappings,
    log,
    workers,
    onProgress: (done, total) => {
      if (!io.tty || total <= 5) return;
      if (!bar) {
        bar = new SingleBar({ format: '读取报表 [{bar}] {value}/{total} {percentage}% 剩余约 {eta}s', hideCursor: true });
        bar.start(total, 0);
      }
      bar.update(done);
      if (done === total) bar.stop();
    },
  });
  io.stdout(renderRunSummary(summary, io.cwd));
  return 0;
}

/**
 * `nianbao schedule`: the nightly job. Each run prints its summary with the time; a run that cannot start (another
 * holds the lock, the outbox is unusable) says why and the schedule goes on. Stops on SIGINT/SIGTERM, exit 0.
 */
async function commandSchedule(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { ...PLACE_OPTIONS, now: { type: 'boolean', default: false } } });
  const { config, mappings, outbox, log, inbox } = runSetup(values, io);
  const stamp = () => `[${localTime(new Date().toISOString(), config.timezone)}] `;
  const schedule = startSchedule({
    expression: config.schedule,
    timezone: config.timezone,
    log,
    run: async (signal) => {
      try {
        const summary = await runInbox({ inbox, outbox, config, mappings, log, signal });
        io.stdout(`${stamp()}${renderRunSummary(summary, io.cwd)}`);
      } catch (error) {
        if (error instanceof LockBusyError || error instanceof OutboxError || error instanceof LedgerError) {
          log.warn({ err: error }, 'run not started');
          io.stderr(`${stamp()}${error.message}\n`);
          return;
        }
        io.stderr(`${stamp()}本次运行出错（详情见 outbox/logs/ 中的日志），定时运行继续：${(error as Error).message}\n`);
        throw error;
      }
    },
  });
  const stopped = new Promise<string>((resolve) => io.onSignal?.(resolve));
  const next = schedule.nextRun();
  io.stdout(`定时运行已启动：「${config.schedule}」（时区 ${config.timezone}），下次运行 ${next ? localTime(next.toISOString(), config.timezone) : '—'}。按 Ctrl+C 停止。\n`);
  log.info({ schedule: config.schedule, timezone: config.timezone, next }, 'schedule started');
  if (values.now) void schedule.runNow();
  const signal = await stopped;
  io.stdout(`${stamp()}收到停止信号（${signal}）：读完正在处理的文件后停止……\n`);
  await schedule.stop();
  log.info({ signal }, 'schedule stopped');
  io.stdout(`${stamp()}定时运行已停止。\n`);
  return 0;
}

async function commandServe(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { ...PLACE_OPTIONS, port: { type: 'string', default: '8080' }, host: { type: 'string', default: '127.0.0.1' } } });
  const port = Number(values.port);
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new UsageError(`--port 应为 0–65535 的整数，实为「${values.port}」`);
  const { config, mappings, outbox, log, inbox } = runSetup(values, io);
  let served;
  try {
    served = await startServer({ outbox, inbox, config, mappings, log, host: values.host, port });
  } catch (error) {
    throw new OutboxError(`无法在 ${values.host}:${port} 上启动网页服务：${(error as Error).message}`);
  }
  const stopped = new Promise<string>((resolve) => io.onSignal?.(resolve));
  io.stdout(`网页服务已启动：${served.url}/（${config.uploadToken ? '可以上传报表（需要口令）' : '只读：未设置 uploadToken，不能上传'}）。按 Ctrl+C 停止。\n`);
  if (!['127.0.0.1', '::1', 'localhost'].includes(values.host)) io.stdout(`注意：--host ${values.host} 允许其他电脑访问本服务。\n`);
  log.info({ url: served.url, upload: !!config.uploadToken }, 'serving');
  await stopped;
  await served.close();
  io.stdout('网页服务已停止。\n');
  return 0;
}

async function commandStatus(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { outbox: { type: 'string', default: 'outbox' }, config: { type: 'string' }, year: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const config = configOf(values.config, io);
  const year = values.year === undefined ? undefined : Number(values.year);
  if (year !== undefined && !(Number.isInteger(year) && year >= 2008 && year <= 2100)) throw new UsageError(`--year 应为四位年份，实为「${values.year}」`);
  const file = path.join(path.resolve(io.cwd, values.outbox), 'ledger.sqlite');
  if (!fs.existsSync(file)) {
    io.stdout(`还没有登记簿（${file}）：尚未运行过 nianbao run。\n`);
    return 0;
  }
  const ledger = openLedger(file);
  try {
    const shown = year ?? ledger.years().filter((y): y is number => y !== null).at(-1) ?? null;
    const submissions = shown === null ? [] : ledger.submissionsOf(shown, 'brief');
    const data: StatusData = {
      county: config.county,
      timezone: config.timezone,
      runs: ledger.recentRuns(10),
      year: shown,
      rosterSize: config.roster.length,
      agencies: shown === null ? [] : rosterStatus(submissions, config),
      submissions,
    };
    io.stdout(values.json ? `${JSON.stringify(statusJson(data))}\n` : renderStatusText(data));
  } finally {
    ledger.close();
  }
  return 0;
}

/**
 * `nianbao backup --to DIR`: what cannot be rebuilt — the ledger (an online, consistent SQLite backup, WAL and all),
 * the archived original files and the config — into a new folder DIR/nianbao-备份-<local time>/. The outputs are
 * not copied: `run` rebuilds them from the ledger.
 */
async function commandBackup(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { to: { type: 'string' }, outbox: { type: 'string', default: 'outbox' }, inbox: { type: 'string', default: 'inbox' }, config: { type: 'string' } } });
  if (!values.to) throw new UsageError('需要 --to 备份目录');
  const configFile = path.resolve(io.cwd, values.config ?? 'nianbao.config.json');
  const config = loadConfig(configFile, values.config !== undefined);
  const ledgerFile = path.join(path.resolve(io.cwd, values.outbox), 'ledger.sqlite');
  if (!fs.existsSync(ledgerFile)) throw new OutboxError(`没有登记簿可备份：${ledgerFile} 不存在`);
  const target = path.join(path.resolve(io.cwd, values.to), `nianbao-备份-${localTime(new Date().toISOString(), config.timezone).replace(/[: ]/g, '-')}`);
  try {
    makeDirectory(path.dirname(target));
    fs.mkdirSync(target); // never into an existing backup
  } catch (error) {
    throw new OutboxError(`无法创建备份目录 ${target}：${writeFault(error)}`);
  }
  const ledger = openLedger(ledgerFile);
  try {
    await ledger.backup(path.join(target, 'ledger.sqlite'));
  } finally {
    ledger.close();
  }
  const archive = path.join(placesOf(path.resolve(io.cwd, values.inbox)).archive);
  if (fs.existsSync(archive)) fs.cpSync(archive, path.join(target, 'archive'), { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
  if (fs.existsSync(configFile)) fs.copyFileSync(configFile, path.join(target, path.basename(configFile)));
  io.stdout(`已备份到 ${target}：登记簿 ledger.sqlite${fs.existsSync(archive) ? '、归档的原始报表 archive/' : ''}${fs.existsSync(configFile) ? `、配置 ${path.basename(configFile)}` : ''}。\n`);
  return 0;
}

/**
 * `nianbao demo`: copies the bundled examples/ into a fresh demo/inbox (with arrival times a few minutes apart in
 * January 2023) and runs `run` into demo/outbox — the quick start. Only demo/ is cleared; examples/ is untouched.
 */
async function commandDemo(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { verbose: { type: 'boolean', default: false } } });
  const examples = path.resolve(__dirname, '../examples');
  const demo = path.resolve(io.cwd, 'demo');
  fs.rmSync(demo, { recursive: true, force: true });
  fs.mkdirSync(path.join(demo, 'inbox'), { recursive: true });
  const names = fs.readdirSync(examples).filter((n) => !n.startsWith('.')).sort();
  names.forEach((name, n) => {
    const copy = path.join(demo, 'inbox', name);
    fs.copyFileSync(path.join(examples, name), copy);
    const arrived = new Date(Date.UTC(2023, 0, 5, 1, 7 * n));
    fs.utimesSync(copy, arrived, arrived);
  });
  io.stdout(`演示：把 examples/ 中的 ${names.length} 个示例报表复制到 demo/inbox/，然后运行 nianbao run --inbox demo/inbox --outbox demo/outbox\n\n`);
  const code = await commandRun(['--inbox', path.join(demo, 'inbox'), '--outbox', path.join(demo, 'outbox'), '--config', path.resolve(__dirname, '../nianbao.config.json'), ...(values.verbose ? ['--verbose'] : [])], io);
  io.stdout(`\n退回的文件、问题清单和标注了问题的工作簿副本在 demo/inbox/退回/，采用的文件归档在 demo/archive/。再次运行 npm start 会重新开始演示。\n`);
  return code;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'run':
        return await commandRun(args, io);
      case 'demo':
        return await commandDemo(args, io);
      case 'schedule':
        return await commandSchedule(args, io);
      case 'status':
        return await commandStatus(args, io);
      case 'backup':
        return await commandBackup(args, io);
      case 'serve':
        return await commandServe(args, io);
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
    if (error instanceof MappingError || error instanceof ConfigError || error instanceof OutboxError || error instanceof LedgerError) {
      io.stderr(`${error.message}\n`);
      return 2;
    }
    if (error instanceof LockBusyError) {
      io.stderr(`${error.message}\n`);
      return 3;
    }
    throw error;
  }
}
