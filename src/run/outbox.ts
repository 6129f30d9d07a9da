/**
 * Writing outbox/<year>/ all-or-nothing. Each year's files are written into outbox/.staging/<dir>/ and fsynced;
 * then the old folder is renamed to outbox/.previous-<dir> and the new one renamed into place; then the old one is
 * removed. A run killed between the two renames leaves .previous-<dir>, which the next run puts back first
 * (`recoverOutbox`), so the previous outputs are never lost.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileContent, FileWriter } from '../render/year-outputs';
import { writeFault } from '../system-error';

const STAGING = '.staging';
const PREVIOUS = '.previous-';
const STAMP = '.built-from';

export class OutboxError extends Error {
  readonly code = 'outbox.unwritable';
}

/** Puts back a year folder whose swap was interrupted, and clears a leftover staging area. */
export function recoverOutbox(outbox: string): void {
  for (const name of fs.readdirSync(outbox)) {
    if (!name.startsWith(PREVIOUS)) continue;
    const dir = name.slice(PREVIOUS.length);
    const previous = path.join(outbox, name);
    if (fs.existsSync(path.join(outbox, dir))) fs.rmSync(previous, { recursive: true, force: true });
    else fs.renameSync(previous, path.join(outbox, dir));
  }
  fs.rmSync(path.join(outbox, STAGING), { recursive: true, force: true });
}

/** What each year folder's outputs were built from (folder → stamp); empty when unknown (then all are rebuilt). */
export function builtFrom(outbox: string): Record<string, string> {
  try {
    const stamps: unknown = JSON.parse(fs.readFileSync(path.join(outbox, STAMP), 'utf8'));
    return stamps !== null && typeof stamps === 'object' ? (stamps as Record<string, string>) : {};
  } catch {
    return {}; // none yet, or written by an earlier release (one stamp for all years)
  }
}

/**
 * Writes every byte: a write may take only part of them (the file size limit or a full disk reached mid-chunk); the
 * rest is written again, so that the limit is met as an error (EFBIG, ENOSPC), never as a file cut short.
 */
function writeAll(fd: number, bytes: Buffer): void {
  for (let done = 0; done < bytes.length;) done += fs.writeSync(fd, bytes, done, bytes.length - done);
}

type Extension = Extract<FileContent, { extend: string }>;

function writeDurably(file: string, content: Buffer | FileWriter | Extension): void {
  const extension = Buffer.isBuffer(content) || typeof content === 'function' ? null : content;
  const fd = fs.openSync(file, extension ? 'a' : 'w');
  try {
    const write = (chunk: string | Buffer) => writeAll(fd, typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    if (Buffer.isBuffer(content)) writeAll(fd, content);
    else if (typeof content === 'function') content(write);
    else content.append(write);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * An existing file written on at its end (values.csv when only new reports were added): the staged name is a hard
 * link to the file in place, so neither its bytes (~40 KB per report: 400 MB for 10,000) are copied nor flushed again
 * — only the new rows. This is done last, just before the swap: the file in place grows by the new rows a moment
 * early. A run killed in between leaves it with rows of reports the ledger has already recorded and a size its stamp
 * does not know, so the next run writes it whole again; one that fails (a full disk) cuts it back to its size. A file
 * system without hard links gets a copy.
 */
function extendDurably(file: string, extension: Extension): void {
  const size = fs.statSync(extension.extend).size;
  try {
    fs.linkSync(extension.extend, file);
  } catch {
    fs.copyFileSync(extension.extend, file);
  }
  try {
    writeDurably(file, extension);
  } catch (error) {
    // a disk that fills mid-way: the file in place is cut back to what it was (the run keeps the old outputs)
    fs.truncateSync(file, size);
    throw error;
  }
}

/**
 * Replaces each of `dirs`' outputs as a whole (other folders are left as they are), then records the stamps of all.
 * `render` gives one folder's files at a time (only one year's outputs are in memory at once).
 */
export async function writeOutputs(outbox: string, dirs: readonly string[], render: (dir: string) => Map<string, FileContent>, stamp: () => string): Promise<void> {
  const staging = path.join(outbox, STAGING);
  try {
    fs.rmSync(staging, { recursive: true, force: true });
    const extensions: [string, Extension][] = [];
    for (const dir of dirs) {
      const files = render(dir);
      fs.mkdirSync(path.join(staging, dir), { recursive: true });
      for (const [name, content] of files) {
        const file = path.join(staging, dir, name);
        if (content instanceof Promise) writeDurably(file, await content);
        else if (Buffer.isBuffer(content) || typeof content === 'function') writeDurably(file, content);
        else extensions.push([file, content]);
      }
    }
    for (const [file, extension] of extensions) extendDurably(file, extension);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw new OutboxError(`无法写入输出目录 ${outbox}：${writeFault(error)}（之前的输出保持不变；腾出空间或改正权限后再运行即可）`);
  }
  for (const dir of dirs) {
    const target = path.join(outbox, dir);
    const previous = path.join(outbox, PREVIOUS + dir);
    if (fs.existsSync(target)) fs.renameSync(target, previous);
    fs.renameSync(path.join(staging, dir), target);
    fs.rmSync(previous, { recursive: true, force: true });
  }
  fs.rmSync(staging, { recursive: true, force: true });
  writeDurably(path.join(outbox, STAMP), Buffer.from(stamp()));
}
