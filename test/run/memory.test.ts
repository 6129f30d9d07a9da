/**
 * Bounded memory everywhere (issue 13 §5), measured as the peak RSS of a child process (no timing is asserted):
 * a file that is not a report by its size in lines, fields, cells or rows is refused before it is parsed
 * (file.too_large, with what was counted), and `inspect` of any such file up to the size limit stays under 400 MB, a
 * PDF bomb too (PDFium's WebAssembly heap is capped);
 * the web server, given 20 large uploads at once, stays under 300 MB.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as XLSX from 'xlsx';
import { makeCounty, type County } from '../fixtures/county';
import { inflatingPdf } from '../fixtures/hostile';

const ROOT = path.join(__dirname, '../..');
const MB = 1024 * 1024;

/**
 * `nianbao …` in a child process: its exit code, output and peak RSS (MB). The peak is the process's own (VmHWM):
 * getrusage's maxRSS keeps, across exec, the RSS of the test process it was forked from.
 */
function measured(county: County, args: string[]): { code: number; out: string; peakMB: number } {
  const script = `require('./src/register.js');
    require('./src/cli.ts').runCli(${JSON.stringify(args)}, { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stdout.write(t), cwd: ${JSON.stringify(county.dir)} })
      .then((code) => process.stdout.write('\\n' + JSON.stringify({ code, peakKB: Number(/VmHWM:\\s+(\\d+) kB/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1]) }) + '\\n'));`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * MB });
  const lines = r.stdout.trim().split('\n');
  const { code, peakKB } = JSON.parse(lines.pop()!) as { code: number; peakKB: number };
  return { code, out: lines.join('\n'), peakMB: peakKB / 1024 };
}

const FILES: [string, string, () => Buffer, RegExp][] = [
  ['a CSV of a million rows', 'big.csv', () => Buffer.from('序号,数值,说明\n' + '1,2,x\n'.repeat(1_000_000)), /文件有 1000002 行，一份年报远不到 50000 行/],
  ['a text of millions of lines', 'big.txt', () => Buffer.from('1\n'.repeat(9_000_000)), /文件有 9000001 行/],
  ['a CSV of few but very wide rows', 'wide.csv', () => Buffer.from(`${Array(200).fill('1').join(',')}\n`.repeat(40_000)), /个数据项，一份年报远不到 300000 个数据项/],
  ['a page of 60,000 table cells', 'cells.html', () => Buffer.from(`<html><body><table>${`<tr>${'<td>1</td>'.repeat(10)}</tr>`.repeat(6_000)}</table></body></html>`), /文件有 60000 个表格单元格，一份年报远不到 50000 个表格单元格/],
  ['a page of 19 MB', 'big.html', () => Buffer.from(`<html><body><table>${`<tr>${`<td>${'文字'.repeat(100)}</td>`.repeat(10)}</tr>`.repeat(3_000)}</table></body></html>`), /文件有 \d+ KB，一份年报远不到 8192 KB/],
  ['a page of 7 MB of tags', 'tags.html', () => Buffer.from(`<html><body>${'<span>x</span>'.repeat(500_000)}</body></html>`), /个网页元素，一份年报远不到 200000 个网页元素/],
  ['a workbook of 100,000 rows', 'big.xlsx', () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(Array.from({ length: 100_000 }, (_, r) => [r, r * 2, 'x'])), '数据');
    return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
  }, /文件有 100000 行，一份年报远不到 10000 行/],
];

/** Compiles the sources into the register's cache first: a process that compiles them peaks higher (swc). */
function warmCompileCache(county: County): void {
  fs.writeFileSync(path.join(county.dir, 'warm.xlsx'), county.report('八道壕镇', 2022));
  measured(county, ['inspect', 'warm.xlsx']);
}

describe('inspect of a file that is no report by its size', () => {
  const county = makeCounty();
  beforeAll(() => warmCompileCache(county));
  afterAll(() => county.cleanup());

  test.each(FILES)('%s is refused before it is parsed, with what was counted, under 400 MB', (_d, name, make, message) => {
    const bytes = make();
    expect(bytes.length).toBeLessThanOrEqual(20 * MB);
    fs.writeFileSync(path.join(county.dir, name), bytes);
    const r = measured(county, ['inspect', name]);
    expect(r.code).toBe(2);
    expect(r.out).toContain('[file.too_large]');
    expect(r.out).toMatch(message);
    expect(r.peakMB).toBeLessThan(400);
  });
});

test("inspect of a PDF whose page inflates to 1 GB: refused at PDFium's heap cap, the whole process under 400 MB", () => {
  const county = makeCounty();
  try {
    warmCompileCache(county);
    fs.writeFileSync(path.join(county.dir, 'bomb.pdf'), inflatingPdf(1024, 1));
    const r = measured(county, ['inspect', 'bomb.pdf']);
    expect(r.code).toBe(2);
    expect(r.out).toContain('PDF 的内容解开后异常庞大');
    expect(r.peakMB).toBeLessThan(400);
  } finally {
    county.cleanup();
  }
}, 60_000);

test('the web server with 20 large uploads at once stays under 300 MB; a wrong token keeps nothing', async () => {
  const token = 'memory-test-token';
  const county = makeCounty({ county: '样例县', roster: [], uploadToken: token });
  warmCompileCache(county);
  fs.rmSync(path.join(county.dir, 'warm.xlsx'));
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/nianbao.js'), 'serve', '--port', '0'], { cwd: county.dir });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        const found = /网页服务已启动：(http:\/\/[^/]+)\//.exec(out);
        if (found) resolve(found[1]!);
      });
      child.on('exit', () => reject(new Error(`server exited: ${out}`)));
    });
    // 19 MB each: a report's worth of figures followed by a million lines no report has
    const big = Buffer.concat([Buffer.from('序号,数值,说明\n'), Buffer.from('1,2,x\n'.repeat(3_300_000))]);
    const send = (t: string, n: number) => {
      const form = new FormData();
      form.append('token', t);
      form.append('file', new Blob([big]), `报表${n}.csv`);
      return fetch(`${url}/upload`, { method: 'POST', body: form });
    };
    const responses = await Promise.all(Array.from({ length: 20 }, (_, n) => send(n === 0 ? 'wrong-token-0000' : token, n)));
    expect(responses.map((r) => r.status).sort()).toEqual([403, ...Array(19).fill(415)].sort());
    const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const peakMB = Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
    expect(peakMB).toBeLessThan(300);
    expect(fs.readdirSync(county.inbox)).toEqual([]); // nothing kept: refused, and every temporary removed
  } finally {
    child.kill('SIGTERM');
    county.cleanup();
  }
}, 120_000);
