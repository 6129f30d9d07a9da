/**
 * Logs for operators: pino JSON lines in outbox/logs/nianbao-<date>.log; with --verbose also readable on the
 * terminal (pino-pretty). Log messages are English; what a clerk reads is printed by the CLI, in Chinese.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import pino from 'pino';
import pretty from 'pino-pretty';
import { localDate } from './time';

export type Logger = pino.Logger;

export function openLog(outbox: string, timeZone: string, verbose: boolean): Logger {
  const dir = path.join(outbox, 'logs');
  fs.mkdirSync(dir, { recursive: true });
  const fd = fs.openSync(path.join(dir, `nianbao-${localDate(new Date(), timeZone)}.log`), 'a');
  // each line written at once (a killed run keeps its log); a line that cannot be written (a full disk) is lost, and
  // never turns the run's own failure, which the CLI reports in Chinese, into an internal error
  const file = {
    write(line: string) {
      try {
        fs.writeSync(fd, line);
      } catch {
        // the log is for operators; the run's outcome is reported on the terminal and in the ledger
      }
    },
  };
  const streams: pino.StreamEntry[] = [{ stream: file, level: 'info' }];
  if (verbose) streams.push({ stream: pretty({ colorize: process.stderr.isTTY, destination: 2, sync: true }), level: 'debug' });
  return pino({ level: verbose ? 'debug' : 'info', base: { pid: process.pid } }, pino.multistream(streams));
}

export const silentLog: Logger = pino({ level: 'silent' });
