/**
 * Every command's usage, options and help text, in one place: `nianbao help`, `nianbao <command> --help`, the short
 * overview of `nianbao` alone and the usage line under an argument error are all printed from here, and the command
 * line is checked against it (commands/args.ts). Light on purpose (no dependencies): the help loads nothing else.
 */
import { textWidth } from '../text-width';

export interface OptionHelp {
  type: 'string' | 'boolean';
  /** what the value is, as the usage line shows it (string options) */
  value?: string;
  default?: string | boolean;
  /** the command cannot run without it */
  required?: boolean;
  help: string;
}

export interface CommandHelp {
  /** one line, for the overview */
  summary: string;
  /** positional arguments as the usage line shows them, and how many are taken */
  positionals?: { shown: string; min: number; max: number };
  options: Readonly<Record<string, OptionHelp>>;
  /** further lines of the command's own help */
  details: readonly string[];
}

const INBOX = { type: 'string', value: '目录', help: '收件箱（默认 inbox/）' } as const satisfies OptionHelp;
const OUTBOX = { type: 'string', value: '目录', default: 'outbox', help: '输出目录（默认 outbox/）：登记簿、归档、各年度汇总和日志都在这里' } as const satisfies OptionHelp;
const CONFIG = { type: 'string', value: '文件', help: '配置文件（默认 nianbao.config.json）：县名、报送名册、定时、时区' } as const satisfies OptionHelp;
const VERBOSE = { type: 'boolean', default: false, help: '在终端显示详细过程（日志文件在 outbox/logs/）' } as const satisfies OptionHelp;
const YEAR = { type: 'string', value: '年度', help: '四位年份，如 2024' } as const satisfies OptionHelp;

export const COMMANDS = {
  inspect: {
    summary: '检查一个文件：识别单位、年度和格式，列出读到的数值和问题',
    positionals: { shown: '文件', min: 1, max: 1 },
    options: {
      json: { type: 'boolean', default: false, help: '以 JSON 输出（供程序使用）' },
      explain: { type: 'boolean', default: false, help: '逐项列出每个数值读自哪个单元格（文本为第几行，PDF 为第几页第几行）及所依据的行、列标签' },
      'max-size': { type: 'string', value: 'MB', help: '文件大小上限，单位 MB（默认 20）' },
    },
    details: [
      '文件可以是 .xlsx、.xls、.et、.ods、.csv（UTF-8 或 GBK）、Word（.docx、.doc）、保存的年报网页（.html）、年报 PDF',
      '或复制出来的年报文本（.txt）。',
      '退出码：0 通过（可有提醒），1 有错误，2 无法读取',
    ],
  },
  run: {
    summary: '处理收件箱中的全部报表：检查、登记、归档，生成各年度汇总',
    options: { inbox: INBOX, outbox: OUTBOX, config: CONFIG, verbose: VERBOSE, workers: { type: 'string', value: '个数', help: '另开的读取线程数，本线程也读取（默认：新文件合计 8 MB 以上时处理器数减一，以下不另开线程；0 为不另开线程）' } },
    details: [
      '收件箱中的文件、各乡镇的子文件夹和 .zip 压缩包都会读取；退回的文件放入 收件箱/退回/，附问题清单。',
      '汇总按年度写在 outbox/<年度>/：county-report.xlsx、values.csv、county-summary.csv 等。',
      '退出码：0 运行完成（即使有退回的文件），2 配置或输出目录有误，3 已有另一个运行在进行',
    ],
  },
  schedule: {
    summary: '按配置的时间每天自动运行 run，直到按 Ctrl+C',
    options: { now: { type: 'boolean', default: false, help: '启动时先运行一次' }, inbox: INBOX, outbox: OUTBOX, config: CONFIG, verbose: VERBOSE },
    details: ['运行时间取配置中的 schedule（默认每天 02:00，时区 Asia/Shanghai）。同一时间只有一个 run（包括另一个窗口中手动运行的）。'],
  },
  status: {
    summary: '最近几次运行的情况，以及名册中每个单位的报送情况',
    options: { year: { ...YEAR, help: '查看哪一年度（默认最新年度）' }, json: { type: 'boolean', default: false, help: '以 JSON 输出' }, outbox: OUTBOX, config: CONFIG },
    details: [],
  },
  serve: {
    summary: '本机网页：报送情况、问题、合计、图示和下载',
    options: {
      port: { type: 'string', value: '端口', default: '8080', help: '端口（默认 8080）' },
      host: { type: 'string', value: '地址', default: '127.0.0.1', help: '监听地址（默认 127.0.0.1，只允许本机访问；0.0.0.0 可让局域网访问）' },
      inbox: INBOX,
      outbox: OUTBOX,
      config: CONFIG,
      verbose: VERBOSE,
    },
    details: ['配置了 uploadToken 时还可在网页上上传报表（上传即检查）。按 Ctrl+C 停止。'],
  },
  backup: {
    summary: '备份登记簿、归档的原始报表和配置文件',
    options: { to: { type: 'string', value: '备份目录', required: true, help: '备份放在 备份目录/nianbao-备份-<时间>/' }, outbox: OUTBOX, inbox: { ...INBOX, default: 'inbox' }, config: CONFIG },
    details: ['运行中也能得到完整一致的登记簿副本。'],
  },
  demo: {
    summary: '演示：把 examples/ 中的示例报表复制到 demo/inbox/ 并运行 run',
    options: { verbose: VERBOSE },
    details: ['npm start 即此命令。每次只清空 demo/ 目录。'],
  },
  template: {
    summary: '生成标准格式的空白统计表（.xlsx）',
    options: {
      format: { type: 'string', value: '2019|2021', required: true, help: '表格格式：2019 年版或 2021 年版' },
      agency: { type: 'string', value: '单位名称', help: '预先填好「填报单位」' },
      year: { ...YEAR, help: '预先填好「报告年度」' },
      out: { type: 'string', value: '文件.xlsx', required: true, help: '保存为哪个文件（.xlsx，不会覆盖已有文件）' },
    },
    details: [],
  },
  help: {
    summary: '显示全部命令的说明；nianbao help 命令 只显示该命令的说明',
    positionals: { shown: '[命令]', min: 0, max: 1 },
    options: {},
    details: [],
  },
} as const satisfies Record<string, CommandHelp>;

export type CommandName = keyof typeof COMMANDS;

export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(COMMANDS, name);
}

/** `nianbao run [--inbox 目录] [--outbox 目录] …` */
export function usageLine(name: CommandName): string {
  const spec: CommandHelp = COMMANDS[name];
  const parts = [`nianbao ${name}`];
  if (spec.positionals) parts.push(spec.positionals.shown);
  for (const [option, o] of Object.entries(spec.options)) {
    const shown = o.type === 'string' ? `--${option} ${o.value}` : `--${option}`;
    parts.push(o.required ? shown : `[${shown}]`);
  }
  return parts.join(' ');
}

/** `nianbao <command> --help`: that command only. */
export function commandUsage(name: CommandName): string {
  const spec: CommandHelp = COMMANDS[name];
  const lines = [`用法：${usageLine(name)}`, '', spec.summary];
  const options = Object.entries(spec.options);
  if (options.length > 0) {
    lines.push('', '选项：');
    const shown = options.map(([option, o]) => (o.type === 'string' ? `--${option} ${o.value}` : `--${option}`));
    const width = Math.max(...shown.map(textWidth));
    options.forEach(([, o], n) => lines.push(`  ${shown[n]}${' '.repeat(width - textWidth(shown[n]!) + 2)}${o.help}`));
    lines.push(`  --help${' '.repeat(Math.max(width - 6, 0) + 2)}显示本说明`);
  }
  if (spec.details.length > 0) lines.push('', ...spec.details);
  return `${lines.join('\n')}\n`;
}

/** `nianbao` alone: what each command is for, in a dozen lines. */
export function overview(version: string): string {
  const names = Object.keys(COMMANDS) as CommandName[];
  const width = Math.max(...names.map((n) => n.length));
  return [
    `nianbao ${version} — 政府信息公开工作年度报告统计表的读取、检查与汇总`,
    '',
    '用法：nianbao 命令 [选项]',
    '',
    ...names.map((n) => `  ${n.padEnd(width + 2)}${COMMANDS[n].summary}`),
    '',
    '每个命令的说明：nianbao 命令 --help（如 nianbao run --help）；全部说明：nianbao help',
    '',
  ].join('\n');
}

/** `nianbao help`: every command's help, one after another. */
export function fullUsage(version: string): string {
  return [overview(version), ...(Object.keys(COMMANDS) as CommandName[]).filter((n) => n !== 'help').map((n) => `—— ${n} ——\n${commandUsage(n)}`)].join('\n');
}

