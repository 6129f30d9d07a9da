import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../config';
import { openLedger } from '../ledger/ledger';
import { foldersOf } from '../run/ingest';
import { makeDirectory } from '../make-directory';
import { OutboxError } from '../run/outbox';
import { writeFault } from '../system-error';
import { localTime } from '../time';
import type { CliIo } from './io';
import { parseCommandArgs } from './args';

/**
 * `nianbao backup --to DIR`: what cannot be rebuilt — the ledger (an online, consistent SQLite backup, WAL and all),
 * the archived original files and the config — into a new folder DIR/nianbao-备份-<local time>/. The outputs are
 * not copied: `run` rebuilds them from the ledger.
 */
export async function command(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('backup', args);
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
  const archive = path.join(foldersOf(path.resolve(io.cwd, values.inbox)).archive);
  if (fs.existsSync(archive)) fs.cpSync(archive, path.join(target, 'archive'), { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
  if (fs.existsSync(configFile)) fs.copyFileSync(configFile, path.join(target, path.basename(configFile)));
  io.stdout(`已备份到 ${target}：登记簿 ledger.sqlite${fs.existsSync(archive) ? '、归档的原始报表 archive/' : ''}${fs.existsSync(configFile) ? `、配置 ${path.basename(configFile)}` : ''}。\n`);
  return 0;
}
