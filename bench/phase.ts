/**
 * One measured phase of the benchmark, in its own process so that its peak RSS is its own:
 *   bare <dir> [K N]                  SheetJS reads of every file (or of every Nth file from the Kth),
 *                                     single-threaded (native zlib, dense)
 *   run <inbox> <outbox> <config>     one `nianbao run`
 * Prints {"ms": …, "maxRssMB": …}.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import * as XLSX from 'xlsx';
import { loadConfig } from '../src/config';
import pino from 'pino';
import { loadMappings } from '../src/mapping/load';
import { runInbox } from '../src/run/run';

async function main(): Promise<void> {
  const [phase, ...args] = process.argv.slice(3);
  const started = process.hrtime.bigint();
  if (phase === 'bare') {
    process.noDeprecation = true; // SheetJS reads zlib's deprecated bytesRead; the warning is noise here
    XLSX.CFB.utils.use_zlib(zlib);
    const [dir, shard = '0', shards = '1'] = args as [string, string?, string?];
    let cells = 0;
    const names = fs.readdirSync(dir).sort().filter((_, i) => i % Number(shards) === Number(shard));
    for (const name of names) {
      const wb = XLSX.read(fs.readFileSync(path.join(dir, name)), { type: 'buffer', dense: true, cellText: false, cellHTML: false });
      cells += wb.SheetNames.length;
    }
    if (cells === 0) throw new Error('nothing read');
  } else if (phase === 'run') {
    const [inbox, outbox, config] = args as [string, string, string];
    const log = pino({ level: 'info' }, { write: (line: string) => process.stderr.write(line.includes('timings') ? line : '') });
    await runInbox({ inbox, outbox, config: loadConfig(config, true), mappings: loadMappings(), log, settleMs: 0, workers: process.env.WORKERS === undefined ? undefined : Number(process.env.WORKERS) });
  } else throw new Error(`unknown phase ${phase}`);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(`${JSON.stringify({ ms, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
}

void main();
