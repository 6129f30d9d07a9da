/** `nianbao run`: the inbox processed once, with a progress bar on a terminal. */
import { SingleBar } from 'cli-progress';
import { renderRunSummary } from '../run/summary-text';
import { runInbox } from '../run/run';
import { UsageError, type CliIo } from './io';
import { runSetup } from './setup';
import { parseCommandArgs } from './args';

export async function command(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('run', args);
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
    onWait: (files, seconds) => io.stderr(`收件箱中有 ${files} 个文件刚放入，可能仍在复制：等待复制完成（最多 ${seconds} 秒）……\n`),
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
