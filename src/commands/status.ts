/** `nianbao status`: the last runs and a year's roster states, in words or JSON. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openLedger } from '../ledger/ledger';
import { renderStatusText, statusJson, type StatusData } from '../render/status-text';
import { rosterStatus } from '../roster-status';
import { UsageError, type CliIo } from './io';
import { parseCommandArgs } from './args';
import { configOf } from './setup';

export async function command(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('status', args);
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
      level: config.level,
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
