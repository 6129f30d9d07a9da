/**
 * read: a file on disk → Grid, or the reason it cannot be read. Detects the kind of file by its content, not by
 * its name. Bad input is returned as an issue, never thrown.
 */
import * as fs from 'node:fs';
import { makeIssue, type Issue } from '../issues';
import type { Grid } from './grid';
import { readSpreadsheet, SpreadsheetError } from './xlsx';

export const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;

export type ReadResult = { ok: true; grid: Grid; bytes: Buffer } | { ok: false; issue: Issue; bytes?: Buffer };

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const CFB = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export type FileKind = 'zip' | 'cfb' | 'empty' | 'other';

export function sniff(bytes: Buffer): FileKind {
  if (bytes.length === 0) return 'empty';
  if (bytes.subarray(0, 4).equals(ZIP)) return 'zip';
  if (bytes.subarray(0, 8).equals(CFB)) return 'cfb';
  return 'other';
}

export function readBytes(bytes: Buffer): ReadResult {
  const kind = sniff(bytes);
  if (kind === 'empty') return { ok: false, bytes, issue: makeIssue({ code: 'file.unreadable', reason: '文件是空的（0 字节）' }) };
  if (kind === 'other') {
    return { ok: false, bytes, issue: makeIssue({ code: 'file.unreadable', reason: '不是电子表格文件（支持 Excel/WPS 保存的 .xlsx、.xls 工作簿）' }) };
  }
  try {
    return { ok: true, bytes, grid: readSpreadsheet(bytes) };
  } catch (error) {
    if (!(error instanceof SpreadsheetError)) throw error;
    if (error.kind === 'encrypted') return { ok: false, bytes, issue: makeIssue({ code: 'file.encrypted' }) };
    const reason = error.kind === 'bomb' ? '解压后的内容异常巨大（疑似压缩炸弹），已拒绝' : '文件已损坏或不完整，无法作为电子表格打开';
    return { ok: false, bytes, issue: makeIssue({ code: 'file.unreadable', reason }) };
  }
}

export function readFile(file: string, maxBytes: number = DEFAULT_MAX_FILE_BYTES): ReadResult {
  let size: number;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return { ok: false, issue: makeIssue({ code: 'file.unreadable', reason: '不是普通文件' }) };
    size = stat.size;
  } catch {
    return { ok: false, issue: makeIssue({ code: 'file.unreadable', reason: '文件不存在或无权读取' }) };
  }
  if (size > maxBytes) return { ok: false, issue: makeIssue({ code: 'file.too_large', size, limit: maxBytes }) };
  return readBytes(fs.readFileSync(file));
}
