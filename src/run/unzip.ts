/**
 * A .zip in the inbox (a township's reports sent as one file): each member is taken out into a staging folder and
 * becomes a submission of its own, named `压缩包.zip/成员.xlsx`. Bounded: members, bytes per member and in all, no
 * zip within a zip, no password; a zip that breaks a bound, cannot be opened or holds nothing is refused whole
 * (returned with its reason). Member names are only shown, never used as paths: traversal (`../`) cannot escape.
 * Names written without the UTF-8 flag (Windows' Chinese zips) are decoded from GBK/GB18030.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as iconv from 'iconv-lite';
import * as yauzl from 'yauzl';
import { safeName, skippedByRuns } from './inbox';

export interface UnzipLimits {
  /** bytes of one member (the size limit of any file) */
  maxMemberBytes: number;
  /** members that are taken out (junk such as __MACOSX/ is not counted) */
  maxMembers: number;
  /** bytes of all members together */
  maxTotalBytes: number;
}

export const UNZIP_LIMITS: Omit<UnzipLimits, 'maxMemberBytes'> = { maxMembers: 200, maxTotalBytes: 200 * 1024 * 1024 };

export interface UnzippedMember {
  /** the member's path inside the zip, as shown (folders joined with /) */
  name: string;
  /** where it was taken out to */
  path: string;
}

export type Unzipped = { members: UnzippedMember[] } | { refused: string };

/** Other archive formats that are not opened, by extension. */
const ARCHIVES = /\.(zip|rar|7z|tar|gz|tgz|bz2|xz)$/i;
const UTF8_FLAG = 0x800;
const ENCRYPTED_FLAG = 0x1;
/** Info-ZIP's Unicode Path extra field: the name in UTF-8 beside a name in the local code page */
const UNICODE_PATH_FIELD = 0x7075;

/** A member's name as its writer meant it: UTF-8 when flagged or valid, else GB18030 (a superset of GBK). */
export function memberName(raw: Buffer, flags: number, extraFields: readonly { id: number; data: Buffer }[] = []): string {
  const unicode = extraFields.find((f) => f.id === UNICODE_PATH_FIELD && f.data.length > 5 && f.data[0] === 1);
  if (unicode) return unicode.data.subarray(5).toString('utf8');
  if (flags & UTF8_FLAG) return raw.toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return iconv.decode(raw, 'gb18030');
  }
}

/** The path shown for a member: separators unified, no empty, `.` or `..` segments, no leading slash or drive. */
export function shownMemberPath(name: string): string {
  return name
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s !== '' && s !== '.' && s !== '..' && !/^[A-Za-z]:$/.test(s))
    .join('/');
}

/** Members nobody sent on purpose: folders, macOS resource forks, hidden files, lock and temporary files. */
function isJunk(shown: string): boolean {
  const parts = shown.split('/');
  return shown === '' || parts[0] === '__MACOSX' || parts.some((p) => p.startsWith('.')) || skippedByRuns(parts[parts.length - 1]!);
}

const open = (file: string) =>
  new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, strictFileNames: false, autoClose: false }, (error, zip) => (error ? reject(error) : resolve(zip))),
  );

/** Every entry of a zip, read from its central directory (nothing is decompressed). */
function entriesOf(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

const openStream = (zip: yauzl.ZipFile, entry: yauzl.Entry) =>
  new Promise<NodeJS.ReadableStream>((resolve, reject) => zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))));

/**
 * Takes every member of `file` out into `staging` (made here), or says why the zip is refused. Never throws for
 * what is in the zip; a failure to write the staging folder (a full disk) is thrown.
 */
export async function unzipInto(file: string, staging: string, limits: UnzipLimits): Promise<Unzipped> {
  let zip: yauzl.ZipFile;
  let entries: yauzl.Entry[];
  try {
    zip = await open(file);
    entries = await entriesOf(zip);
  } catch {
    return { refused: '压缩包已损坏或不是 zip 格式，无法解开：请解压后把其中的报表放入收件箱' };
  }
  try {
    const wanted: { entry: yauzl.Entry; shown: string }[] = [];
    let total = 0;
    for (const entry of entries) {
      const raw = entry.fileName as unknown as Buffer; // decodeStrings: false
      const shown = shownMemberPath(memberName(raw, entry.generalPurposeBitFlag, entry.extraFields));
      if (raw[raw.length - 1] === 0x2f || raw[raw.length - 1] === 0x5c || isJunk(shown)) continue; // a folder
      if (entry.generalPurposeBitFlag & ENCRYPTED_FLAG) return { refused: `压缩包设有密码（${shown}），无法解开：请解压后把其中的报表放入收件箱` };
      if (ARCHIVES.test(shown)) return { refused: `压缩包中又有压缩包（${shown}），不再解开：请解压后把其中的报表放入收件箱` };
      if (entry.uncompressedSize > limits.maxMemberBytes) {
        return { refused: `压缩包中的 ${shown} 解开后有 ${megabytes(entry.uncompressedSize)} MB，超过单个文件 ${megabytes(limits.maxMemberBytes)} MB 的上限` };
      }
      total += entry.uncompressedSize;
      wanted.push({ entry, shown });
    }
    if (wanted.length === 0) return { refused: '压缩包中没有文件' };
    if (wanted.length > limits.maxMembers) return { refused: `压缩包中有 ${wanted.length} 个文件，超过一次 ${limits.maxMembers} 个的上限：请分成几个压缩包，或解压后放入收件箱` };
    if (total > limits.maxTotalBytes) return { refused: `压缩包解开后共有 ${megabytes(total)} MB，超过 ${megabytes(limits.maxTotalBytes)} MB 的上限：请解压后放入收件箱` };
    fs.mkdirSync(staging, { recursive: true });
    const members: UnzippedMember[] = [];
    for (const [n, { entry, shown }] of wanted.entries()) {
      // a folder per member keeps its own name (for the archive) and no two members can meet
      const target = path.join(staging, String(n), safeName(path.posix.basename(shown)));
      fs.mkdirSync(path.dirname(target));
      let stream: NodeJS.ReadableStream;
      try {
        stream = await openStream(zip, entry);
      } catch {
        return { refused: `压缩包中的 ${shown} 无法解开（压缩方式不支持或已损坏）：请解压后把其中的报表放入收件箱` };
      }
      try {
        await pipeline(stream, fs.createWriteStream(target, { flags: 'wx' }));
      } catch (error) {
        if (isWriteFault(error)) throw error;
        return { refused: `压缩包中的 ${shown} 已损坏，无法解开：请重新压缩或解压后放入收件箱` };
      }
      members.push({ name: shown, path: target });
    }
    return { members };
  } finally {
    zip.close();
  }
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0);
}

/** Errors of writing the staging folder (the disk's, not the zip's). */
function isWriteFault(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === 'string' && ['ENOSPC', 'EDQUOT', 'EFBIG', 'EACCES', 'EPERM', 'EROFS', 'EIO'].includes(code);
}
