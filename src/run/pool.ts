/**
 * Reading and inspecting inbox files, in worker threads when asked, and in this thread too when it has nothing else
 * to do (a run). SheetJS parsing is CPU-bound and single-threaded; two cores read two files at once. Each result is
 * handed over as soon as it is ready, with its index. A worker that dies turns the file it was reading into an
 * unreadable submission; the run goes on.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { inspectFile, unreadableSubmission, type InspectOptions, type Submission } from '../inspect';
import { makeIssue } from '../issues';
import { compileMapping, type Mapping } from '../mapping/mapping';
import type { MappingFile } from '../mapping/schema';
import { FORMATS, type Format } from '../model/canonical';
import type { InboxFile } from './inbox';
import type { Inspected } from './ingest';
import type { Config } from '../config';
import { kindLookup, makeRoster } from '../roster';
import { prepareRecord } from './prepare';
import { HISTORY_RULE_TARGETS } from '../validate/validate';
import type { Renderers } from '../render/renderers';
import { answerRenderJob, isRenderJob, LOAD_RENDERERS, loadRenderersHere, RENDER_HERE_WHEN_USED, threadRenderers, type RenderJob } from './render-threads';

/** Heap limits of a reading worker (MB); a 20 MB workbook parses well within them. */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 160, maxYoungGenerationSizeMb: 16 };

/** Reading in this thread, it lets signals and timers through at least this often (ms). */
const YIELD_MS = 25;

export interface PoolOptions {
  mappings: Record<Format, Mapping>;
  config: Config;
  maxBytes: number;
  /**
   * reading threads besides this one; 0 = this thread alone; undefined = one per core (with `alsoHere`, one per core
   * but one: this thread takes the last core)
   */
  workers?: number;
  /**
   * this thread reads files too, between handling the threads' results (a run, whose thread would otherwise mostly
   * wait; not the web server's upload, which keeps its thread free)
   */
  alsoHere?: boolean;
  /** once aborted, no further file is started; files being read are finished and handed over */
  signal?: AbortSignal;
  /** keep the reading threads, once they have read every file, to render the outputs (`IdleThreads`) */
  keep?: boolean;
}

/** The reading threads kept after the reading (or this thread, when there were none): close them when done. */
export interface IdleThreads {
  renderers: Renderers;
  close(): Promise<void>;
}

/** No threads were kept: the outputs are rendered in this thread. */
const NO_THREADS: IdleThreads = { renderers: RENDER_HERE_WHEN_USED, close: async () => {} };

export interface PoolTask {
  file: InboxFile;
  sha256: string;
}

function failed(file: InboxFile, error: unknown): Submission {
  return unreadableSubmission(file.name, makeIssue({ code: 'file.unreadable', reason: `处理时出现意外错误（${error instanceof Error ? error.message : String(error)}）` }));
}

/** What reading a file takes, the same in every thread. */
interface Reading {
  mappings: Record<Format, Mapping>;
  rosterName: Config['rosterName'];
  rosterKind: Config['rosterKind'];
  maxBytes: number;
}

/** Reads, inspects and prepares the record of one inbox file; never throws. */
export function inspectTask(task: PoolTask, { mappings, rosterName, rosterKind, maxBytes }: Reading): Inspected {
  const submission = inspectSubmission(task.file, { mappings, maxBytes, kindOf: rosterKind });
  const prepared = prepareRecord(submission, rosterName, mappings);
  // the numbers and the lineage are in `prepared` now; the main thread only needs where the history rules point
  const { values: _values, provenance: all, ...read } = submission;
  const provenance: typeof all = {};
  for (const id of submission.format === null ? [] : HISTORY_RULE_TARGETS[submission.format]) if (all[id]) provenance[id] = all[id];
  return { ...task, submission: { ...read, provenance }, prepared };
}

function inspectSubmission(file: InboxFile, options: InspectOptions): Submission {
  if (file.refused !== undefined) return unreadableSubmission(file.name, makeIssue({ code: 'file.unreadable', reason: file.refused }));
  try {
    return inspectFile(file.path, options, file.name);
  } catch (error) {
    return failed(file, error); // a defect of nianbao's own: this file is rejected, the run goes on
  }
}

/**
 * Files sent to a worker ahead of the one it reads: enough to keep it busy while the main thread records a batch of
 * reports (~50–100 ms, when it hands out no work); with only one ahead, each worker stood idle a sixth of the run.
 * Each is a path; a worker takes none of them once the run is stopped.
 */
const AHEAD_PER_WORKER = 16;

/**
 * Inspects every task and hands each result to `onResult` as soon as it is ready (in completion order, with its
 * index), in this thread or in `options.workers` reading threads. With `keep`, the threads are kept once they have
 * read every file, to render the outputs: the caller closes them.
 */
export async function inspectInPool(tasks: PoolTask[], options: PoolOptions, onResult: (index: number, inspected: Inspected) => void): Promise<IdleThreads> {
  const count = Math.min(options.workers ?? Math.max(1, os.availableParallelism() - (options.alsoHere ? 1 : 0)), tasks.length);
  const reading: Reading = { mappings: options.mappings, rosterName: options.config.rosterName, rosterKind: options.config.rosterKind, maxBytes: options.maxBytes };
  if (count <= 0) {
    let yielded = performance.now();
    for (let n = 0; n < tasks.length && !options.signal?.aborted; n++) {
      onResult(n, inspectTask(tasks[n]!, reading));
      // a stop signal (Ctrl+C, the scheduler stopping) is heard between files, not only after the last one
      if (performance.now() - yielded > YIELD_MS) {
        await new Promise(setImmediate);
        yielded = performance.now();
      }
    }
    return NO_THREADS;
  }
  const workerData: WorkerData = { mappings: mappingSources(options.mappings), maxBytes: options.maxBytes, roster: options.config.roster, stop: new SharedArrayBuffer(4) };
  // bounded heaps: a worker holds one workbook at a time, so its memory stays flat however many files there are
  const startWorker = () => new Worker(path.join(__dirname, 'worker-entry.js'), { workerData, resourceLimits: WORKER_LIMITS });
  const lost = (task: PoolTask, error: unknown): Inspected => {
    const submission = failed(task.file, error);
    return { ...task, submission, prepared: prepareRecord(submission, options.config.rosterName, options.mappings) };
  };
  const stop = () => Atomics.store(new Int32Array(workerData.stop), 0, 1);
  options.signal?.addEventListener('abort', stop, { once: true });
  const idle: Worker[] = [];
  const keepIdle = (worker: Worker) => {
    worker.postMessage(LOAD_RENDERERS);
    idle.push(worker);
  };
  try {
    await inspectInWorkers(tasks, { count, startWorker, signal: options.signal, lost, inThisThread: (task) => inspectTask(task, reading), alsoHere: options.alsoHere, idle: options.keep ? keepIdle : undefined }, onResult);
  } catch (error) {
    await Promise.all(idle.map((worker) => worker.terminate()));
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', stop);
  }
  return idle.length ? threadRenderers(idle) : NO_THREADS;
}

/** How tasks are shared out over worker threads: how to start one, and what to do with a file no worker can read. */
export interface Workers {
  count: number;
  /** a worker that answers each task posted to it with its Inspected, in order, or null when stopped before it */
  startWorker: () => Worker;
  signal?: AbortSignal;
  /** the result for the file a worker was reading when it died */
  lost: (task: PoolTask, error: unknown) => Inspected;
  /** reads a file in this thread: its share when `alsoHere`; those a dead worker had been sent but not begun */
  inThisThread: (task: PoolTask) => Inspected;
  /** this thread reads files too, one at a time between the workers' results */
  alsoHere?: boolean;
  /** takes a worker that has nothing left to read, alive (without it, such a worker is ended) */
  idle?: (worker: Worker) => void;
}

/**
 * Shares the tasks out over `count` workers, each sent up to AHEAD_PER_WORKER files ahead of the one it reads, and
 * this thread when `alsoHere` (it takes the next file whenever it is free: it starts while the workers load). A
 * worker that dies loses the file it was reading (`lost`: rejected as unreadable, the run goes on); the files it had
 * been sent but not begun go to the other workers, or are read in this thread when none is left. Once `signal` is
 * aborted no file is begun: those already sent come back unread (null) and stay in the inbox with the unsent ones.
 * A worker with nothing left to read is ended, or handed over alive to `idle`.
 */
export async function inspectInWorkers(tasks: PoolTask[], workers: Workers, onResult: (index: number, inspected: Inspected) => void): Promise<void> {
  const settled = new Array<boolean>(tasks.length).fill(false);
  const deliver = (index: number, inspected: Inspected) => {
    if (settled[index]) return;
    settled[index] = true;
    onResult(index, inspected);
  };
  /** sent to a worker that died before it began them */
  const returned: number[] = [];
  let next = 0;
  const aborted = () => workers.signal?.aborted === true;
  /** the next file to begin: one a dead worker was sent, else the next not yet sent; undefined when none is left */
  const take = (): number | undefined => (returned.length > 0 ? returned.shift()! : next < tasks.length ? next++ : undefined);
  /** this thread's share: the next file not sent to a worker, each after the workers' results waiting so far */
  const readHere = async () => {
    for (;;) {
      await new Promise(setImmediate);
      const index = aborted() ? undefined : take();
      if (index === undefined) return;
      deliver(index, workers.inThisThread(tasks[index]!));
    }
  };
  await Promise.all([
    workers.alsoHere ? readHere() : undefined,
    ...Array.from({ length: workers.count }, () =>
      new Promise<void>((resolve) => {
        const worker = workers.startWorker();
        const inFlight: number[] = [];
        /** why the worker stopped, once it has failed: it is sent nothing more */
        let failure: unknown;
        const feed = () => {
          for (let index: number | undefined; failure === undefined && inFlight.length <= AHEAD_PER_WORKER && !aborted() && (index = take()) !== undefined; ) {
            inFlight.push(index);
            worker.postMessage(tasks[index]!);
          }
          if (failure !== undefined || inFlight.length > 0) return;
          if (!workers.idle) {
            void worker.terminate(); // resolved on its 'exit'
            return;
          }
          worker.off('message', onMessage).off('error', onError).off('exit', onExit);
          workers.idle(worker);
          resolve();
        };
        const onMessage = (inspected: Inspected | null) => {
          const index = inFlight.shift()!;
          feed(); // before the result is recorded (a batch of them keeps this thread busy for a while)
          if (inspected) deliver(index, inspected); // null: not begun, the run was stopped
        };
        // 'error' may come before answers the worker sent just before it failed; by 'exit' every answer has come
        // (Node emits a worker's messages before its 'exit'), so only then is the first file still in flight the one
        // it was reading
        const onError = (error: unknown) => {
          failure = error;
        };
        const onExit = () => {
          const [reading, ...notBegun] = inFlight.splice(0);
          if (reading !== undefined) deliver(reading, workers.lost(tasks[reading]!, failure ?? new Error('读取线程意外退出')));
          returned.push(...notBegun);
          resolve();
        };
        worker.on('message', onMessage).on('error', onError).on('exit', onExit);
        feed();
      }),
    ),
  ]);
  // files no worker took: a dead worker's, and the unsent ones when every worker died (never those a stop left unread
  // or unsent: they wait in the inbox for the next run)
  for (let n: number | undefined; !aborted() && (n = take()) !== undefined; ) deliver(n, workers.inThisThread(tasks[n]!));
}

/** What a reading thread is started with (serveWorker). */
export interface WorkerData {
  /** the mappings as the main thread read and checked them: a worker compiles them without parsing YAML again */
  mappings: Record<Format, { file: string; source: MappingFile }>;
  maxBytes: number;
  roster: Config['roster'];
  /** an Int32 set to 1 when the run is stopped: a worker begins no further file */
  stop: SharedArrayBuffer;
}

/** The mappings as a reading thread is handed them: each file's name and checked contents. */
export function mappingSources(mappings: Record<Format, Mapping>): WorkerData['mappings'] {
  return Object.fromEntries(FORMATS.map((f) => [f, { file: mappings[f].file, source: mappings[f].source }])) as WorkerData['mappings'];
}

/** The body of a worker thread: inspects each file it is sent. */
export function serveWorker(port: import('node:worker_threads').MessagePort, data: WorkerData): void {
  const mappings = Object.fromEntries(FORMATS.map((f) => [f, compileMapping(data.mappings[f].file, data.mappings[f].source)])) as Record<Format, Mapping>;
  const roster = makeRoster(data.roster);
  const reading: Reading = { mappings, rosterName: roster.resolve, rosterKind: kindLookup(roster, data.roster), maxBytes: data.maxBytes };
  const stopped = new Int32Array(data.stop);
  port.on('message', (message: PoolTask | RenderJob | typeof LOAD_RENDERERS) => {
    if (isRenderJob(message)) {
      if (message.render === 'load') loadRenderersHere();
      else void answerRenderJob(message, mappings).then((answer) => port.postMessage(answer));
    } else port.postMessage(Atomics.load(stopped, 0) === 1 ? null : inspectTask(message, reading));
  });
}
