/**
 * The upload form's POST: multipart parsing (busboy, with limits: one file of at most the configured size, a few
 * small fields), the token check, the content check (`inspect`), and saving into the inbox under a name no file
 * has (never overwriting). Unreadable files are refused and not saved; readable ones are saved whatever their
 * issues, so the night run files them (and returns the invalid ones with a receipt), as if brought by hand.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import * as path from 'node:path';
import busboy from 'busboy';
import { inspectBytes } from '../inspect';
import type { Mapping } from '../mapping/load';
import type { Format } from '../model/canonical';
import { freeName, removeStaleUploads, safeName, SETTLE_MS, skippedByRuns, UPLOAD_PREFIX } from '../run/inbox';
import type { UploadOutcome } from './pages';

export interface UploadContext {
  inbox: string;
  token: string;
  maxBytes: number;
  mappings: Record<Format, Mapping>;
}

interface Form {
  token: string;
  fileName: string;
  bytes: Buffer;
  truncated: boolean;
}

function readForm(request: IncomingMessage, maxBytes: number): Promise<Form> {
  return new Promise((resolve, reject) => {
    const form: Form = { token: '', fileName: '', bytes: Buffer.alloc(0), truncated: false };
    const chunks: Buffer[] = [];
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: request.headers, limits: { files: 1, fields: 4, fieldSize: 1024, parts: 6, fileSize: maxBytes }, defParamCharset: 'utf8' });
    } catch (error) {
      reject(error);
      return;
    }
    parser.on('field', (name, value) => {
      if (name === 'token') form.token = value;
    });
    parser.on('file', (_name, stream, info) => {
      form.fileName = info.filename ?? '';
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => (form.truncated = true));
    });
    parser.on('error', reject);
    parser.on('close', () => resolve({ ...form, bytes: Buffer.concat(chunks) }));
    request.pipe(parser);
  });
}

/** Compares in constant time (hashes first, so lengths do not leak either). */
export function sameToken(given: string, expected: string): boolean {
  const digest = (t: string) => createHash('sha256').update(t).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Writes `bytes` into the inbox under `name` or a numbered variant, whole or not at all: first to a hidden temporary
 * name (runs skip hidden files), then linked under the free name (link never replaces a file). The file is dated
 * SETTLE_MS back: it is complete, so a run started at once need not wait for it to settle.
 */
function saveNew(inbox: string, name: string, bytes: Buffer): string {
  removeStaleUploads(inbox);
  const temporary = path.join(inbox, `${UPLOAD_PREFIX}${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  fs.writeFileSync(temporary, bytes, { flag: 'wx' });
  const arrived = new Date(Date.now() - SETTLE_MS);
  fs.utimesSync(temporary, arrived, arrived);
  try {
    for (;;) {
      const chosen = freeName(inbox, name);
      try {
        fs.linkSync(temporary, path.join(inbox, chosen));
        return chosen;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

export async function handleUpload(request: IncomingMessage, context: UploadContext): Promise<UploadOutcome> {
  let form: Form;
  try {
    form = await readForm(request, context.maxBytes);
  } catch {
    return { kind: 'refused', status: 400, reason: '上传的内容不完整或格式不对，请重新选择文件上传' };
  }
  if (!sameToken(form.token, context.token)) return { kind: 'refused', status: 403, reason: '上传口令不对' };
  if (!form.fileName || form.bytes.length === 0) return { kind: 'refused', status: 400, reason: '没有选择文件，或文件是空的' };
  if (form.truncated) return { kind: 'refused', status: 413, reason: `文件超过大小上限 ${(context.maxBytes / 1024 / 1024).toFixed(0)} MB` };
  // a browser sends the bare name; some send a path: only its last part counts
  const name = safeName(path.basename(form.fileName.replace(/\\/g, '/'))).replace(/^~\$/, '_'); // (~$ names are Office lock files, which runs skip)
  // a name no run would pick up (a temporary file) is not saved to wait there for ever
  if (skippedByRuns(name)) return { kind: 'refused', status: 415, reason: `「${name}」是临时文件的名称（以 .tmp 结尾），汇总时不会读取；请把文件改成原来的名称（如 .xlsx、.docx、.pdf）后重新上传` };
  const submission = inspectBytes(form.bytes, name, { mappings: context.mappings, maxBytes: context.maxBytes });
  if (submission.status === 'unreadable') {
    return { kind: 'refused', status: 415, reason: submission.issues[0]?.message ?? '无法读取文件', submission };
  }
  fs.mkdirSync(context.inbox, { recursive: true });
  return { kind: 'saved', savedAs: saveNew(context.inbox, name, form.bytes), submission };
}
