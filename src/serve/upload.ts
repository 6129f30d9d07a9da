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
import type { Config } from '../config';
import type { Inspected } from '../run/ingest';
import { issueMessage } from '../issues';
import { inspectInPool } from '../run/pool';
import type { Mapping } from '../mapping/mapping';
import type { Format } from '../model/canonical';
import { freeName, removeStaleUploads, safeName, SETTLE_MS, skippedByRuns, UPLOAD_PREFIX } from '../run/inbox';
import type { UploadOutcome } from './pages';

export interface UploadContext {
  inbox: string;
  token: string;
  maxBytes: number;
  mappings: Record<Format, Mapping>;
  config: Config;
}

interface Form {
  token: string;
  fileName: string;
  /** the hidden temporary file in the inbox the upload was streamed to (null: no file, or the token was wrong first) */
  temporary: string | null;
  size: number;
  truncated: boolean;
}

/**
 * Parses the form as it arrives: the token is checked the moment its field arrives (the form sends it before the
 * file); with a wrong one the file's bytes are read and dropped, never kept. A file is streamed to a hidden
 * temporary file in the inbox (runs skip hidden files), never held in memory: many uploads at once cost disk, not RAM.
 */
function readForm(request: IncomingMessage, context: UploadContext): Promise<Form> {
  return new Promise((resolve, reject) => {
    const form: Form = { token: '', fileName: '', temporary: null, size: 0, truncated: false };
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: request.headers, limits: { files: 1, fields: 4, fieldSize: 1024, parts: 6, fileSize: context.maxBytes }, defParamCharset: 'utf8' });
    } catch (error) {
      reject(error);
      return;
    }
    let writing: Promise<void> = Promise.resolve();
    parser.on('field', (name, value) => {
      if (name === 'token') form.token = value;
    });
    parser.on('file', (_name, stream, info) => {
      form.fileName = info.filename ?? '';
      if (!sameToken(form.token, context.token)) {
        stream.resume(); // a wrong (or missing) token: nothing of the file is kept
        return;
      }
      fs.mkdirSync(context.inbox, { recursive: true });
      removeStaleUploads(context.inbox);
      const temporary = path.join(context.inbox, `${UPLOAD_PREFIX}${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
      form.temporary = temporary;
      const out = fs.createWriteStream(temporary, { flags: 'wx' });
      stream.on('data', (chunk: Buffer) => (form.size += chunk.length));
      stream.on('limit', () => (form.truncated = true));
      writing = new Promise((done, failed) => {
        out.on('finish', done);
        out.on('error', failed);
      });
      stream.pipe(out);
    });
    parser.on('error', reject);
    parser.on('close', () => writing.then(() => resolve(form), reject));
    request.pipe(parser);
  });
}

/** Compares in constant time (hashes first, so lengths do not leak either). */
export function sameToken(given: string, expected: string): boolean {
  const digest = (t: string) => createHash('sha256').update(t).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Links the temporary file into the inbox under `name` or a numbered variant (link never replaces a file). The file
 * is dated SETTLE_MS back: it is complete, so a run started at once need not wait for it to settle.
 */
function linkIntoInbox(inbox: string, temporary: string, name: string): string {
  const arrived = new Date(Date.now() - SETTLE_MS);
  fs.utimesSync(temporary, arrived, arrived);
  for (;;) {
    const chosen = freeName(inbox, name);
    try {
      fs.linkSync(temporary, path.join(inbox, chosen));
      return chosen;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * Uploads are inspected one at a time, each in a worker thread with the bounded heap of a run's readers: however many
 * arrive at once, the server holds at most one file being read.
 */
let inspecting: Promise<unknown> = Promise.resolve();

function inspectUpload(file: string, name: string, context: UploadContext): Promise<Inspected['submission']> {
  const task = { file: { path: file, name, size: fs.statSync(file).size, mtimeMs: 0 }, sha256: '' };
  const done = inspecting.then(
    () =>
      new Promise<Inspected['submission']>((resolve) => {
        void inspectInPool([task], { mappings: context.mappings, config: context.config, maxBytes: context.maxBytes, workers: 1 }, (_n, inspected) => resolve(inspected.submission));
      }),
  );
  inspecting = done.catch(() => undefined);
  return done;
}

export async function handleUpload(request: IncomingMessage, context: UploadContext): Promise<UploadOutcome> {
  let form: Form;
  try {
    form = await readForm(request, context);
  } catch {
    return { kind: 'refused', status: 400, reason: '上传的内容不完整或格式不对，请重新选择文件上传' };
  }
  const temporary = form.temporary;
  try {
    if (!sameToken(form.token, context.token)) return { kind: 'refused', status: 403, reason: '上传口令不对' };
    if (!form.fileName || !temporary || form.size === 0) return { kind: 'refused', status: 400, reason: '没有选择文件，或文件是空的' };
    if (form.truncated) return { kind: 'refused', status: 413, reason: `文件超过大小上限 ${(context.maxBytes / 1024 / 1024).toFixed(0)} MB` };
    // a browser sends the bare name; some send a path: only its last part counts
    const name = safeName(path.basename(form.fileName.replace(/\\/g, '/'))).replace(/^~\$/, '_'); // (~$ names are Office lock files, which runs skip)
    // a name no run would pick up (a temporary file) is not saved to wait there for ever
    if (skippedByRuns(name)) return { kind: 'refused', status: 415, reason: `「${name}」是临时文件的名称（以 .tmp 结尾），汇总时不会读取；请把文件改成原来的名称（如 .xlsx、.docx、.pdf）后重新上传` };
    const submission = await inspectUpload(temporary, name, context);
    if (submission.status === 'unreadable') {
      return { kind: 'refused', status: 415, reason: (submission.issues[0] && issueMessage(submission.issues[0])) ?? '无法读取文件', submission };
    }
    return { kind: 'saved', savedAs: linkIntoInbox(context.inbox, temporary, name), submission };
  } finally {
    if (temporary) fs.rmSync(temporary, { force: true });
  }
}
