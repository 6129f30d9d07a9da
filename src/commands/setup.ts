/** What the commands that work on a county's folders share: the places, the config, the mappings and the log. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, loadConfig } from '../config';
import { openLog } from '../log';
import { loadMappings } from '../mapping/load';
import { OutboxError } from '../run/outbox';
import { writeFault } from '../system-error';
import type { CliIo } from './io';

/**
 * The config named by --config (it must exist), or nianbao.config.json in the working folder (it may not: then the
 * run goes on without a roster, and says so).
 */
export function configOf(option: string | undefined, io: CliIo) {
  const file = path.resolve(io.cwd, option ?? 'nianbao.config.json');
  if (option === undefined && !fs.existsSync(file)) io.stderr(`未找到配置文件 ${file}：按没有报送名册运行（所有单位都计入汇总）。\n`);
  return loadConfig(file, option !== undefined);
}

/** --inbox names a folder that must exist (a mistyped path must not become a new, empty inbox); default inbox/. */
export function inboxOf(option: string | undefined, io: CliIo): string {
  const inbox = path.resolve(io.cwd, option ?? 'inbox');
  if (option !== undefined && !fs.statSync(inbox, { throwIfNoEntry: false })?.isDirectory()) {
    throw new ConfigError(`收件箱 ${inbox} 不存在或不是文件夹（--inbox ${option}）：请检查路径。`);
  }
  return inbox;
}

/** What `run` and `schedule` share: the config, the mappings, the outbox and its log, checked once. */
export function runSetup(values: { inbox?: string; outbox: string; config?: string; verbose: boolean }, io: CliIo) {
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

