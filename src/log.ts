/**
 * Logs for operators: pino JSON lines in outbox/logs/nianbao-<date>.log (English messages, for operators and tools);
 * with --verbose also on the terminal, one Chinese line each with the local time (log-text.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import pino from 'pino';
import { logLineText } from './log-text';
import { makeDirectory } from './make-directory';
import { localDate } from './time';

export type Logger = pino.Logger;

export function openLog(outbox: string, timeZone: string, verbose: boolean): Logger {
  const dir = path.join(outbox, 'logs');
  makeDirectory(dir);
  const fd = fs.openSync(path.join(dir, `nianbao-${localDate(new Date(), timeZone)}.log`), 'a');
  const file = { write: (line: string) => writeQuietly(fd, line) };
  const streams: pino.StreamEntry[] = [{ stream: file, level: 'info' }];
  if (verbose) streams.push({ stream: { write: (line: string) => writeQuietly(2, `${logLineText(JSON.parse(line) as Record<string, unknown>, timeZone)}\n`) }, level: 'debug' });
  return pino({ level: verbose ? 'debug' : 'info', base: { pid: process.pid } }, pino.multistream(streams));
}

/**
 * Each line written at once (a killed run keeps its log); a line that cannot be written (a full disk) is lost, and
 * never turns the run's own failure, which the CLI reports in Chinese, into an internal error.
 */
function writeQuietly(fd: number, line: string): void {
  try {
    fs.writeSync(fd, line);
  } catch {
    // the log is for operators; the run's outcome is reported on the terminal and in the ledger
  }
}

export const silentLog: Logger = pino({ level: 'silent' });
