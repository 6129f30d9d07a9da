/**
 * One measured phase of the benchmark, in its own process so that its peak RSS is its own:
 *   bare <dir> [K N]                  SheetJS reads of every file (or of every Nth file from the Kth),
 *                                     single-threaded (native zlib, dense)
 *   run <inbox> <outbox> <config>     one `nianbao run`
 *   inspect <file>…                   warm `inspect` of each file: the median of 15 reads after 3 to warm up
 *                                     (prints {"file": ms, …} as well)
 * Prints {"ms": …, "maxRssMB": …}.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import * as XLSX from 'xlsx';
import { loadConfig } from '../src/config';
import pino from 'pino';
import { inspectFile } from '../src/inspect';
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
  } else if (phase === 'inspect') {
    const mappings = loadMappings();
    const medians: Record<string, number> = {};
    for (const file of args) {
      const times: number[] = [];
      for (let k = 0; k < 18; k++) {
        const t = process.hrtime.bigint();
        if (inspectFile(file, { mappings }).status === 'unreadable') throw new Error(`${file} unreadable`);
        if (k >= 3) times.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      medians[path.basename(file)] = times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
    }
    process.stdout.write(`${JSON.stringify(medians)}\n`);
  } else throw new Error(`unknown phase ${phase}`);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(`${JSON.stringify({ ms, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
}

void main();
