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

function isLockFile(name: string): boolean {
  return name.startsWith('~$') || name.startsWith('.~lock') || name.startsWith('.') || name.endsWith('.tmp');
}

/** Ready files in order of arrival (modification time, then name). */
export function listInbox(inbox: string, now: number = Date.now(), settleMs: number = SETTLE_MS): InboxListing {
  const listing: InboxListing = { ready: [], waiting: [] };
  for (const entry of fs.readdirSync(inbox, { withFileTypes: true })) {
    const name = entry.name;
    if (entry.isDirectory() || isLockFile(name)) continue;
    if (entry.isSymbolicLink()) {
      listing.waiting.push({ name, reason: '符号链接，不读取' });
      continue;
    }
    if (!entry.isFile()) continue;
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

/** Folder and file names made safe: no separators, no control characters, no "..". */
export function safeName(name: string): string {
  const cleaned = name.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '_').replace(/^\.+/, '_').trim();
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? '_' : cleaned.slice(0, 120);
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
