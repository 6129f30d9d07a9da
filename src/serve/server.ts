/**
 * `nianbao serve`: a small HTTP server (node:http) over the outbox and the ledger. Read-only unless the config sets
 * an upload token. Routes are a fixed list; a download is looked up among the files a year folder really holds
 * (never joined from the request path), so a traversal attempt is just a 404. Errors reach the client as a Chinese
 * page without details; the details go to the log. Every response carries the security headers below.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { Mapping } from '../mapping/mapping';
import type { Format } from '../model/canonical';
import { STYLESHEET } from '../render/html';
import { renderRunSummary } from '../run/summary-text';
import { removeStaleUploads } from '../run/inbox';
import { LockBusyError } from '../run/lock';
import { runInbox } from '../run/run';
import { messagePage, runResultPage, uploadPage } from './pages';
import { handleUpload, sameToken } from './upload';
import { DOWNLOAD_TITLES, NoSuchYear, overviewHtml, yearHtml } from './views';

export interface ServeOptions {
  outbox: string;
  inbox: string;
  config: Config;
  mappings: Record<Format, Mapping>;
  log: Logger;
  host: string;
  port: number;
}

export interface Served {
  url: string;
  close(): Promise<void>;
}

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

const CONTENT_TYPES: Record<string, string> = {
  '.csv': 'text/csv; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  // downloaded, never shown in this page's origin (Content-Disposition: attachment)
  '.html': 'text/html; charset=utf-8',
};

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987 ext-value). */
export function contentDisposition(asciiName: string, name: string): string {
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encoded}`;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** The host name of a Host header (without the port). */
function hostName(host: string | undefined): string {
  if (!host) return '';
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '').toLowerCase();
}

/** The largest body of the run form (it holds a token only). */
const SMALL_BODY = 4096;

/**
 * A urlencoded form body of at most SMALL_BODY bytes. A larger one is answered 413 with a page: the rest of it is
 * read and dropped (not kept; the request timeout bounds it), so the browser gets the page rather than a reset.
 */
function readSmallBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new HttpError(413, '请求过大', '请求内容过大（立即汇总的表单只需上传口令）。');
    if (Number(request.headers['content-length'] ?? 0) > SMALL_BODY) {
      request.resume();
      reject(tooLarge());
      return;
    }
    let body = '';
    request.setEncoding('utf8');
    const onData = (chunk: string) => {
      body += chunk;
      if (body.length > SMALL_BODY) {
        request.off('data', onData);
        request.resume();
        reject(tooLarge());
      }
    };
    request.on('data', onData);
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}

class HttpError extends Error {
  constructor(readonly status: number, readonly title: string, message: string) {
    super(message);
  }
}

function yearDirs(outbox: string): string[] {
  if (!fs.existsSync(outbox)) return [];
  return fs.readdirSync(outbox, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.') && d.name !== 'logs').map((d) => d.name).sort();
}

/** Answers with a page (or other text) and the security headers. */
function send(response: http.ServerResponse, status: number, body: string, type = 'text/html; charset=utf-8'): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  response.end(body);
}

/** A file of a year folder, under its Chinese name: only names that exist there (the request never becomes a path). */
function sendDownload(response: http.ServerResponse, outbox: string, county: string, yearText: string, file: string): void {
  const dir = yearDirs(outbox).find((d) => d === yearText);
  const found = dir && fs.readdirSync(path.join(outbox, dir)).find((f) => f === file && DOWNLOAD_TITLES[f]);
  if (!dir || !found) throw new HttpError(404, '找不到文件', '没有这个文件。');
  const bytes = fs.readFileSync(path.join(outbox, dir, found));
  response.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': CONTENT_TYPES[path.extname(found)] ?? 'application/octet-stream',
    'Content-Length': bytes.length,
    'Content-Disposition': contentDisposition(found, `${county}${dir}年度${DOWNLOAD_TITLES[found]}`),
  });
  response.end(bytes);
}

/** The answer to one request, by its method and path (a fixed list of routes). */
function makeRoute(options: ServeOptions, outbox: string) {
  const { config, mappings, log } = options;
  const loopbackOnly = LOOPBACK.has(options.host);
  return async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const method = request.method ?? 'GET';
    // bound to this machine only: a page of another site that resolves its own name to 127.0.0.1 (DNS rebinding)
    // sends its own Host, and gets nothing
    if (loopbackOnly && !LOOPBACK.has(hostName(request.headers.host))) throw new HttpError(403, '只允许本机访问', '请用 http://127.0.0.1 或 http://localhost 打开本页面。');
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    } catch {
      throw new HttpError(404, '找不到页面', '地址不正确。');
    }
    if (method === 'POST' && pathname === '/upload') {
      if (!config.uploadToken) return send(response, 403, uploadPage(config.county, false, config.maxFileBytes / 1048576));
      const outcome = await handleUpload(request, { inbox: options.inbox, token: config.uploadToken, maxBytes: config.maxFileBytes, mappings, config });
      log.info({ upload: outcome.kind, savedAs: outcome.kind === 'saved' ? outcome.savedAs : undefined, status: outcome.kind === 'saved' ? outcome.submission.status : outcome.status }, 'upload');
      return send(response, outcome.kind === 'saved' ? 200 : outcome.status, uploadPage(config.county, true, config.maxFileBytes / 1048576, outcome));
    }
    if (method === 'POST' && pathname === '/run') {
      const form = new URLSearchParams(await readSmallBody(request));
      if (!config.uploadToken || !sameToken(form.get('token') ?? '', config.uploadToken)) {
        return send(response, 403, runResultPage(config.county, 403, config.uploadToken ? '上传口令不对。' : '本服务为只读（未设置 uploadToken）。'));
      }
      try {
        const summary = await runInbox({ inbox: options.inbox, outbox, config, mappings, log });
        return send(response, 200, runResultPage(config.county, 200, renderRunSummary(summary, path.dirname(outbox))));
      } catch (error) {
        if (error instanceof LockBusyError) return send(response, 409, runResultPage(config.county, 409, error.message));
        throw error;
      }
    }
    if (method !== 'GET' && method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD, POST');
      throw new HttpError(405, '不支持的请求', '不支持这种请求方式。');
    }
    if (pathname === '/') return send(response, 200, overviewHtml(outbox, config));
    if (pathname === '/style.css') return send(response, 200, STYLESHEET, 'text/css; charset=utf-8');
    if (pathname === '/upload') return send(response, 200, uploadPage(config.county, !!config.uploadToken, config.maxFileBytes / 1048576));
    const year = /^\/year\/([^/]+)$/.exec(pathname);
    if (year) {
      try {
        return send(response, 200, yearHtml(outbox, config, mappings, year[1]!));
      } catch (error) {
        if (error instanceof NoSuchYear) throw new HttpError(404, '没有这个年度', `登记簿中没有 ${year[1]!} 年度的报表。`);
        throw error;
      }
    }
    const file = /^\/download\/([^/]+)\/([^/]+)$/.exec(pathname);
    if (file) return sendDownload(response, outbox, config.county, file[1]!, file[2]!);
    throw new HttpError(404, '找不到页面', '没有这个页面。');
  };
}

export function startServer(options: ServeOptions): Promise<Served> {
  const { config, log } = options;
  const outbox = path.resolve(options.outbox);
  removeStaleUploads(options.inbox); // left by a server stopped mid-upload
  const route = makeRoute(options, outbox);
  const server = http.createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      if (error instanceof HttpError) {
        // a body not read whole (too large): the connection is closed once the page is sent
        if (error.status === 413) response.setHeader('Connection', 'close');
        return send(response, error.status, messagePage(config.county, error.title, error.message));
      }
      log.error({ err: error, url: request.url }, 'request failed');
      if (!response.headersSent) send(response, 500, messagePage(config.county, '服务器内部错误', '处理请求时出错，详情已记入日志（outbox/logs/）。'));
      else response.destroy();
    });
  });
  server.requestTimeout = 120_000;
  server.headersTimeout = 30_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const address = server.address() as AddressInfo;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({ url: `http://${host}:${address.port}`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}
