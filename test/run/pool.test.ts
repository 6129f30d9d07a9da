/**
 * Sharing files out over reading threads: a stop begins no further file, however many were sent ahead; a thread that
 * dies loses only the file it was reading.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { makeConfig } from '../../src/config';
import { loadMappings } from '../../src/mapping/load';
import type { Inspected } from '../../src/run/ingest';
import { inspectInPool, inspectInWorkers, mappingSources, type PoolTask, type WorkerData } from '../../src/run/pool';
import { consistentValues } from '../fixtures/values';
import { buildWorkbook } from '../fixtures/workbook';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-pool-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function task(name: string, bytes: Buffer = Buffer.alloc(0)): PoolTask {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return { file: { path: file, name, size: bytes.length, mtimeMs: 0 }, sha256: name };
}

test.each([
  ['two reading threads', 2, false],
  ['one reading thread and this one', 1, true],
])('a stop begins no further file: of the files sent ahead to the reading threads only those in hand are read (%s)', async (_, workers, alsoHere) => {
  const tasks = Array.from({ length: 60 }, (__, n) => task(`f${n}.xlsx`, buildWorkbook({ format: '2021', agency: `第${n}镇人民政府`, year: 2022, values: consistentValues('2021', n) })));
  const controller = new AbortController();
  const read: string[] = [];
  await inspectInPool(tasks, { mappings: loadMappings(), config: makeConfig({ county: '样例县' }), maxBytes: 1 << 20, workers, alsoHere, signal: controller.signal }, (__, inspected) => {
    read.push(inspected.submission.file);
    controller.abort();
  });
  // the first file and those begun before the stop reached the threads (a handful, more only when this thread is kept
  // waiting); without the shared flag every file already sent is read: 2 × (1 + 16) + 1 = 35
  expect(read.length).toBeGreaterThanOrEqual(1);
  expect(read.length).toBeLessThan(17);
});

/**
 * A reading thread that answers each task with its name, and dies (an uncaught error, as when it runs out of memory)
 * on the task named boom.
 */
const ECHO = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (task) => {
  if (task.file.name === 'boom') throw new Error('out of memory');
  parentPort.postMessage({ ...task, by: 'worker' });
});`;

test.each([
  ['the only thread dies: the files sent ahead to it are read in this thread', 1],
  ['one of two threads dies: the files sent ahead to it are read by the other or in this thread', 2],
])('%s; only the file it was reading is lost', async (_, count) => {
  const names = Array.from({ length: 40 }, (__, n) => (n === 5 ? 'boom' : `f${n}.xlsx`));
  const tasks = names.map((name) => ({ file: { path: name, name, size: 0, mtimeMs: 0 }, sha256: name }));
  const results = new Map<string, string[]>();
  await inspectInWorkers(
    tasks,
    {
      count,
      startWorker: () => new Worker(ECHO, { eval: true }),
      lost: (t) => ({ ...t, by: 'lost' }) as unknown as Inspected,
      inThisThread: (t) => ({ ...t, by: 'this thread' }) as unknown as Inspected,
    },
    (index, inspected) => results.set(names[index]!, [...(results.get(names[index]!) ?? []), (inspected as unknown as { by: string }).by]),
  );
  expect(results.get('boom')).toEqual(['lost']);
  // every other file read exactly once, and none of them taken for lost
  expect([...results.keys()].sort()).toEqual([...names].sort());
  for (const name of names.filter((n) => n !== 'boom')) expect([name, results.get(name)!.length, results.get(name)![0] === 'lost']).toEqual([name, 1, false]);
  if (count === 1) expect(names.slice(6).every((name) => results.get(name)![0] === 'this thread')).toBe(true);
});

test('this thread reads its share too: it begins while the thread starts, and every file is read once', async () => {
  const names = Array.from({ length: 40 }, (_, n) => `f${n}.xlsx`);
  const tasks = names.map((name) => ({ file: { path: name, name, size: 0, mtimeMs: 0 }, sha256: name }));
  const by = new Map<string, string[]>();
  await inspectInWorkers(
    tasks,
    {
      count: 1,
      startWorker: () => new Worker(ECHO, { eval: true }),
      lost: (t) => ({ ...t, by: 'lost' }) as unknown as Inspected,
      inThisThread: (t) => ({ ...t, by: 'this thread' }) as unknown as Inspected,
      alsoHere: true,
    },
    (index, inspected) => by.set(names[index]!, [...(by.get(names[index]!) ?? []), (inspected as unknown as { by: string }).by]),
  );
  expect([...by.keys()].sort()).toEqual([...names].sort());
  expect(names.filter((name) => by.get(name)!.length !== 1)).toEqual([]);
  // the first files were sent to the thread as it started; this thread read from the next one on
  expect(names.slice(0, 17).map((name) => by.get(name)![0])).toEqual(names.slice(0, 17).map(() => 'worker'));
  expect(by.get('f17.xlsx')).toEqual(['this thread']);
});

/**
 * A reading thread as pool.ts starts one (serveWorker), given one file: which packages it had loaded once it answered.
 * The mappings come as the checked data of the main thread, so the thread needs no YAML parser, zod or config module.
 */
const SERVE_ONE = `
const { parentPort, workerData, MessageChannel } = require('node:worker_threads');
require(workerData.register);
const { port1, port2 } = new MessageChannel();
require(workerData.pool).serveWorker(port1, workerData.data);
port2.once('message', (inspected) => {
  parentPort.postMessage({ status: inspected.submission.status, loaded: Object.keys(require.cache) });
  port1.close();
});
port2.postMessage(workerData.task);`;

test('a reading thread reads with the mappings it was handed: no YAML parser, zod or node-cron loaded in it', async () => {
  const data: WorkerData = {
    mappings: mappingSources(loadMappings()),
    maxBytes: 1 << 20,
    roster: [{ name: '东风镇', aliases: ['东风镇人民政府'], kind: 'township' }],
    stop: new SharedArrayBuffer(4),
  };
  const one = task('f.xlsx', buildWorkbook({ format: '2021', agency: '东风镇人民政府', year: 2022, values: consistentValues('2021', 1) }));
  const worker = new Worker(SERVE_ONE, { eval: true, workerData: { register: path.join(__dirname, '../../src/register.js'), pool: path.join(__dirname, '../../src/run/pool.ts'), data, task: one } });
  const answer = await new Promise<{ status: string; loaded: string[] }>((resolve, reject) => worker.once('message', resolve).once('error', reject));
  await worker.terminate();
  expect(answer.status).toBe('valid');
  const packages = new Set(answer.loaded.flatMap((file) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1] ?? []));
  expect(packages.has('xlsx')).toBe(true); // it did read the workbook
  for (const name of ['yaml', 'zod', 'node-cron']) expect([name, packages.has(name)]).toEqual([name, false]);
});
