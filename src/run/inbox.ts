/**
 * The inbox on disk: which files are ready, and moving a processed file away without ever overwriting anything.
 * Files in subfolders (a folder per township) are picked up too, named by their path (`东风镇/年报.xlsx`); the
 * returned files' folder 退回/ is not. Lock files of Excel/WPS, hidden files and folders and symlinks are never
 * picked up; a file modified within the settle time is still being written (`settling`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface InboxFile {
  path: string;
  /** as the clerk knows it: its path in the inbox (`东风镇/年报.xlsx`), or in its zip (`乡镇报表.zip/东风镇.xlsx`) */
  name: string;
  size: number;
  mtimeMs: number;
  /** taken out of this zip (its path in the inbox) into a staging folder */
  zip?: string;
  /** a reason decided before reading (a zip that cannot be opened): the file is rejected with it, unread */
  refused?: string;
}

export const SETTLE_MS = 5000;
export const RETURNED_DIR = '退回';

export interface InboxListing {
  ready: InboxFile[];
  /** files left for the next run, with the reason */
  waiting: { name: string; reason: string }[];
  /** files modified within the settle time (still being copied, perhaps): how long until the youngest has settled */
  settling: { name: string; settledInMs: number }[];
}

/** How deep subfolders are looked into (inbox/县直部门/教育局/年报.xlsx is two). */
const MAX_FOLDER_DEPTH = 3;

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

/** Ready files in order of arrival (modification time, then name), from the inbox and its subfolders. */
export function listInbox(inbox: string, now: number = Date.now(), settleMs: number = SETTLE_MS): InboxListing {
  const listing: InboxListing = { ready: [], waiting: [], settling: [] };
  const walk = (dir: string, prefix: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if (depth === 0) throw error; // the inbox itself must be readable; a subfolder that is not waits
      listing.waiting.push({ name: prefix.slice(0, -1), reason: '文件夹无法读取（可能没有权限），其中的文件未处理' });
      return;
    }
    for (const entry of entries) {
      const name = `${prefix}${entry.name}`;
      if (skippedByRuns(entry.name)) continue;
      if (entry.isDirectory()) {
        if (depth === 0 && entry.name === RETURNED_DIR) continue;
        if (depth < MAX_FOLDER_DEPTH) walk(path.join(dir, entry.name), `${name}/`, depth + 1);
        else listing.waiting.push({ name, reason: `文件夹嵌套超过 ${MAX_FOLDER_DEPTH} 层，其中的文件未处理：请放到浅一些的文件夹中` });
        continue;
      }
      if (entry.isSymbolicLink()) {
        listing.waiting.push({ name, reason: '符号链接，不读取' });
        continue;
      }
      if (!entry.isFile()) {
        listing.waiting.push({ name, reason: '不是普通文件（是管道、套接字或设备），不读取' });
        continue;
      }
      const file = path.join(dir, entry.name);
      let stat: fs.Stats;
      try {
        stat = fs.lstatSync(file);
      } catch {
        continue; // removed meanwhile
      }
      if (now - stat.mtimeMs < settleMs) listing.settling.push({ name, settledInMs: settleMs - (now - stat.mtimeMs) });
      else listing.ready.push({ path: file, name, size: stat.size, mtimeMs: stat.mtimeMs });
    }
  };
  walk(inbox, '', 0);
  listing.ready.sort((a, b) => a.mtimeMs - b.mtimeMs || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return listing;
}

/** What a file still settling is told when the run will not wait for it. */
export const SETTLING_REASON = '文件刚被修改，可能仍在写入，下次运行再处理';

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
 * Moves a file to `dest` (in a folder that exists) without overwriting: link, then unlink (a kill in between leaves
 * the same file under both names, which the next run recognises); EEXIST when `dest` is taken. Where links cannot
 * cross devices: copy to a temporary name, link that into place (no overwrite), then remove the temporary copy and
 * the source.
 */
export function moveNoClobber(source: string, dest: string): void {
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
