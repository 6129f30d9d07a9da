/** `nianbao serve`: the county's web pages, until a stop signal. */
import { OutboxError } from '../run/outbox';
import { startServer } from '../serve/server';
import { UsageError, type CliIo } from './io';
import { parseCommandArgs } from './args';
import { runSetup } from './setup';
import { systemErrorText } from '../system-error';

export async function command(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('serve', args);
  const port = Number(values.port);
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new UsageError(`--port 应为 0–65535 的整数，实为「${values.port}」`);
  const { config, mappings, outbox, log, inbox } = runSetup(values, io);
  let served;
  try {
    served = await startServer({ outbox, inbox, config, mappings, log, host: values.host, port });
  } catch (error) {
    throw new OutboxError(systemErrorText(error) ?? `无法在 ${values.host}:${port} 上启动网页服务：${(error as Error).message}`);
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
