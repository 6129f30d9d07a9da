import { renderRunSummary } from '../run/summary-text';
import { runInbox } from '../run/run';
import { startSchedule } from '../schedule';
import { localTime } from '../time';
import type { CliIo } from './io';
import { parseCommandArgs } from './args';
import { isOperatorError } from './operator-error';
import { runSetup } from './setup';

/**
 * `nianbao schedule`: the nightly job. Each run prints its summary with the time; a run that cannot start (another
 * holds the lock, the outbox is unusable) says why and the schedule goes on. Stops on SIGINT/SIGTERM, exit 0.
 */
export async function command(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('schedule', args);
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
        if (isOperatorError(error)) {
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
