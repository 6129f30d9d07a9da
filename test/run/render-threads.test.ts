/**
 * The county workbook and the Word draft rendered in a reading thread once it has read its files: the same files as
 * this thread renders; a thread that dies or fails leaves them to this thread.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { makeConfig } from '../../src/config';
import { loadMappings } from '../../src/mapping/load';
import { FORMAT_NAME } from '../../src/model/canonical';
import { openContainer } from '../../src/read/xlsx';
import type { CountyDraft } from '../../src/render/draft';
import { RENDER_HERE } from '../../src/render/renderers';
import { formSheet } from '../../src/render/template';
import { inspectInPool } from '../../src/run/pool';
import { RENDER_HERE_WHEN_USED, threadRenderers } from '../../src/run/render-threads';
import { consistentValues } from '../fixtures/values';
import { buildWorkbook } from '../fixtures/workbook';

const mappings = loadMappings();
const sheets = [formSheet(mappings['2021'], { agency: '样例县', year: 2022, values: consistentValues('2021', 1) })];
const draft: CountyDraft = {
  county: '样例县',
  level: '县',
  year: 2022,
  format: '2021',
  formatName: FORMAT_NAME['2021'],
  mapping: mappings['2021'],
  values: consistentValues('2021', 1),
  included: ['东风镇'],
  missing: ['南山乡'],
  rejected: [],
  differences: [],
};
/** the draft's text and layout (its package carries the time it was made) */
const documentXml = (docx: Buffer) => openContainer(docx).part('word/document.xml')!.toString('utf8');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-render-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('the reading thread kept after the reading renders the county workbook and the draft as this thread does', async () => {
  const file = path.join(dir, 'f.xlsx');
  const bytes = buildWorkbook({ format: '2021', agency: '东风镇人民政府', year: 2022, values: consistentValues('2021', 2) });
  fs.writeFileSync(file, bytes);
  const statuses: string[] = [];
  const threads = await inspectInPool([{ file: { path: file, name: 'f.xlsx', size: bytes.length, mtimeMs: 0 }, sha256: 'f' }], { mappings, config: makeConfig({ county: '样例县' }), maxBytes: 1 << 20, workers: 1, keep: true }, (_, inspected) => statuses.push(inspected.submission.status));
  try {
    expect(statuses).toEqual(['valid']);
    expect(threads.renderers).not.toBe(RENDER_HERE_WHEN_USED); // the thread was kept, not ended
    const [workbook, docx] = await Promise.all([threads.renderers.workbook(sheets), threads.renderers.draft(draft)]);
    expect(workbook.equals(await RENDER_HERE.workbook(sheets))).toBe(true);
    expect(documentXml(docx)).toBe(documentXml(await RENDER_HERE.draft(draft)));
  } finally {
    await threads.close();
  }
});

test('what a thread answers is what is written (jobs answered by id, in any order)', async () => {
  // answers the second job first
  const body = `const { parentPort } = require('node:worker_threads'); const jobs = [];
    parentPort.on('message', (m) => { if (m.render === 'load') return; jobs.push(m);
      if (jobs.length === 2) for (const j of jobs.reverse()) parentPort.postMessage({ id: j.id, bytes: Buffer.from(j.render + ' from the thread') }); });`;
  const threads = threadRenderers([new Worker(body, { eval: true })]);
  try {
    const [workbook, docx] = await Promise.all([threads.renderers.workbook(sheets), threads.renderers.draft(draft)]);
    expect([workbook.toString(), docx.toString()]).toEqual(['workbook from the thread', 'draft from the thread']);
  } finally {
    await threads.close();
  }
});

test.each([
  ['dies', `require('node:worker_threads').parentPort.on('message', (m) => { if (m.render !== 'load') process.exit(1); });`],
  ['cannot render', `const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => { if (m.render !== 'load') parentPort.postMessage({ id: m.id, failed: 'out of memory' }); });`],
])('a thread that %s: what it was sent is rendered in this thread', async (_, body) => {
  const worker = new Worker(body, { eval: true });
  const threads = threadRenderers([worker]);
  try {
    const [workbook, docx] = await Promise.all([threads.renderers.workbook(sheets), threads.renderers.draft(draft)]);
    expect(workbook.equals(await RENDER_HERE.workbook(sheets))).toBe(true);
    expect(documentXml(docx)).toBe(documentXml(await RENDER_HERE.draft(draft)));
  } finally {
    await threads.close();
  }
});
