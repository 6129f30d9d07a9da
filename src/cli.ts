/**
 * The command line: parses arguments, runs a command, returns the exit code. Writes only through `io`, so tests
 * run it in-process; src/main.ts is the only file that touches `process`.
 *
 * Exit codes: 0 done (inspect: valid, warnings allowed) · 1 invalid submission · 2 unreadable file, or an
 * operator error (bad arguments, broken mapping file) — always with a Chinese message, never a stack trace.
 */
import { UsageError, type CliIo } from './commands/io';
import { operatorExitCode } from './commands/operator-error';

export { UsageError, type CliIo } from './commands/io';

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

/** Each command's module, loaded only when that command runs (so `help` starts at once). */
const COMMANDS: Record<string, () => Promise<{ command(args: string[], io: CliIo): number | Promise<number> }>> = {
  run: () => import('./commands/run'),
  demo: () => import('./commands/demo'),
  schedule: () => import('./commands/schedule'),
  status: () => import('./commands/status'),
  backup: () => import('./commands/backup'),
  serve: () => import('./commands/serve'),
  inspect: () => import('./commands/inspect'),
  template: () => import('./commands/template'),
};

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      io.stdout(USAGE);
      return command === undefined ? 2 : 0;
    }
    const load = COMMANDS[command];
    if (!load) throw new UsageError(`未知命令「${command}」`);
    return await (await load()).command(args, io);
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.stderr(`参数错误：${error.message}\n\n${USAGE}`);
      return 2;
    }
    const exit = operatorExitCode(error);
    if (exit !== undefined) {
      io.stderr(`${(error as Error).message}\n`);
      return exit;
    }
    throw error;
  }
}
