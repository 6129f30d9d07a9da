/**
 * The inbox on disk: which files are ready, and moving a processed file away without ever overwriting anything.
 * Lock files of Excel/WPS, hidden files, folders and symlinks are never picked up; a file modified within the
 * settle time is still being written and waits for the next run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface InboxFile {
  path: string;
  name: string;
  size: number;
  mtimeMs: number;
}

export const SETTLE_MS = 5000;
export const RETURNED_DIR = '退回';

export interface InboxListing {
  ready: InboxFile[];
  /** files left for the next run, with the reason */
  waiting: { name: string; reason: string }[];
}

/** Names a run never picks up: lock files of Excel/WPS (~$…, .~lock…), hidden files, temporary files (….tmp). */
export function skippedByRuns(name: string): boolean {
  return name.startsWith('~$') || name.startsWith('.~lock') || name.startsWith('.') || name.toLowerCase().endsWith('.tmp');
}

/** The hidden name an upload is written under before it is linked into the inbox whole. */
export const UPLOAD_PREFIX = '.upload-';
/** An upload temporary older than this was left by a server that was stopped mid-write. */
const STALE_UPLOAD_MS = 60 * 60 * 1000;

/** Removes the upload temporaries a stopped server left in the inbox (hidden, so no run would ever remove them). */
export function removeStaleUploads(inbox: string, now: number = Date.now()): void {
  let names: string[];
  try {
    names = fs.readdirSync(inbox);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(UPLOAD_PREFIX)) continue;
    const file = path.join(inbox, name);
    const stat = fs.lstatSync(file, { throwIfNoEntry: false });
    if (stat?.isFile() && now - stat.mtimeMs > STALE_UPLOAD_MS + SETTLE_MS) fs.rmSync(file, { force: true });
  }
}

/** Ready files in order of arrival (modification time, then name). */
export function listInbox(inbox: string, now: number = Date.now(), settleMs: number = SETTLE_MS): InboxListing {
  const listing: InboxListing = { ready: [], waiting: [] };
  for (const entry of fs.readdirSync(inbox, { withFileTypes: true })) {
    const name = entry.name;
    if (entry.isDirectory() || skippedByRuns(name)) continue;
    if (entry.isSymbolicLink()) {
      listing.waiting.push({ name, reason: '符号链接，不读取' });
      continue;
    }
    if (!entry.isFile()) {
      listing.waiting.push({ name, reason: '不是普通文件（是管道、套接字或设备），不读取' });
      continue;
    }
    const file = path.join(inbox, name);
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(file);
    } catch {
      continue; // removed meanwhile
    }
    if (now - stat.mtimeMs < settleMs) {
      listing.waiting.push({ name, reason: '文件刚被修改，可能仍在写入，下次运行再处理' });
      continue;
    }
    listing.ready.push({ path: file, name, size: stat.size, mtimeMs: stat.mtimeMs });
  }
  listing.ready.sort((a, b) => a.mtimeMs - b.mtimeMs || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return listing;
}

/** A name for `name` in `dir` that no file has yet: 报表.xlsx, 报表(2).xlsx, 报表(3).xlsx, … */
export function freeName(dir: string, name: string, alsoTaken: (candidate: string) => boolean = () => false): string {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? name : `${stem}(${n})${ext}`;
    if (!fs.existsSync(path.join(dir, candidate)) && !alsoTaken(candidate)) return candidate;
  }
}

/**
 * The longest name (UTF-8 bytes) nianbao gives a file or folder it makes. File systems allow 255 bytes a name; the
 * rest is left for what is added to a name later: (2), .问题清单.txt, （问题批注）.xlsx, .<pid>.partial.
 */
export const MAX_NAME_BYTES = 180;
/** an extension kept whole when a name is shortened (.xlsx, .docx); a longer "extension" is part of the name */
const MAX_EXTENSION_BYTES = 16;

/** The longest start of `text` of at most `bytes` UTF-8 bytes (never half a character). */
function leadingBytes(text: string, bytes: number): string {
  let out = '';
  let used = 0;
  for (const ch of text) {
    used += Buffer.byteLength(ch);
    if (used > bytes) break;
    out += ch;
  }
  return out;
}

/**
 * Folder and file names made safe: one Unicode form (NFC: a name typed on a Mac is the same folder), no separators,
 * no control characters (a line break in a name), no leading dots, and at most MAX_NAME_BYTES, shortened before its
 * extension.
 */
export function safeName(name: string): string {
  const cleaned = name.normalize('NFC').replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '_').replace(/^\.+/, '_').trim();
  if (cleaned === '' || cleaned === '.' || cleaned === '..') return '_';
  if (Buffer.byteLength(cleaned) <= MAX_NAME_BYTES) return cleaned;
  const ext = path.extname(cleaned);
  const kept = Buffer.byteLength(ext) <= MAX_EXTENSION_BYTES ? ext : '';
  return `${leadingBytes(cleaned.slice(0, cleaned.length - kept.length), MAX_NAME_BYTES - Buffer.byteLength(kept)).trimEnd()}${kept}`;
}

/**
 * Moves a file to `dest` without overwriting: link, then unlink (a kill in between leaves the same file under both
 * names, which the next run recognises). Where links cannot cross devices: copy to a temporary name, link that into
 * place (no overwrite), then remove the temporary copy and the source.
 */
export function moveNoClobber(source: string, dest: string): void {
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  try {
    fs.linkSync(source, dest);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EXDEV' && code !== 'EPERM') throw error;
    const temporary = `${dest}.${process.pid}.partial`;
    fs.copyFileSync(source, temporary);
    try {
      fs.linkSync(temporary, dest);
    } finally {
      fs.unlinkSync(temporary);
    }
  }
  fs.unlinkSync(source);
}
