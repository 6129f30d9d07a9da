/**
 * Reading and inspecting inbox files, in worker threads (one per core) when asked. SheetJS parsing is CPU-bound
 * and single-threaded; two cores read two files at once. Each result is handed over as soon as it is ready, with
 * its index. A worker that dies turns its files into unreadable submissions; the run goes on.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { inspectFile, unreadableSubmission, type Submission } from '../inspect';
import { makeIssue } from '../issues';
import { compileMapping, type Mapping } from '../mapping/mapping';
import type { MappingFile } from '../mapping/schema';
import { FORMATS, type Format } from '../model/canonical';
import type { InboxFile } from './inbox';
import type { Inspected } from './ingest';
import type { Config } from '../config';
import { makeRoster } from '../roster';
import { prepareRecord } from './prepare';
import { HISTORY_RULE_TARGETS } from '../validate/validate';

/** Heap limits of a reading worker (MB); a 20 MB workbook parses well within them. */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 160, maxYoungGenerationSizeMb: 16 };

/** Reading in this thread, it lets signals and timers through at least this often (ms). */
const YIELD_MS = 25;

export interface PoolOptions {
  mappings: Record<Format, Mapping>;
  config: Config;
  maxBytes: number;
  /** number of worker threads; 0 = in this thread; undefined = one per core */
  workers?: number;
  /** once aborted, no further file is started; files being read are finished and handed over */
  signal?: AbortSignal;
}

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
  maxBytes: number;
}

/** Reads, inspects and prepares the record of one inbox file; never throws. */
export function inspectTask(task: PoolTask, { mappings, rosterName, maxBytes }: Reading): Inspected {
  const submission = inspectSubmission(task.file, mappings, maxBytes);
  const prepared = prepareRecord(submission, rosterName, mappings);
  // the numbers and the lineage are in `prepared` now; the main thread only needs where the history rules point
  const { values: _values, provenance: all, ...read } = submission;
  const provenance: typeof all = {};
  for (const id of submission.format === null ? [] : HISTORY_RULE_TARGETS[submission.format]) if (all[id]) provenance[id] = all[id];
  return { ...task, submission: { ...read, provenance }, prepared };
}

function inspectSubmission(file: InboxFile, mappings: Record<Format, Mapping>, maxBytes: number): Submission {
  if (file.refused !== undefined) return unreadableSubmission(file.name, makeIssue({ code: 'file.unreadable', reason: file.refused }));
  try {
    return inspectFile(file.path, { mappings, maxBytes }, file.name);
  } catch (error) {
    return failed(file, error); // a defect of nianbao's own: this file is rejected, the run goes on
  }
}

/**
 * Inspects every task and hands each result to `onResult` as soon as it is ready (in completion order, with its
 * index). Each worker has two files in flight, so it never waits for the main thread.
 */
export async function inspectInPool(tasks: PoolTask[], options: PoolOptions, onResult: (index: number, inspected: Inspected) => void): Promise<void> {
  const count = Math.min(options.workers ?? os.availableParallelism(), tasks.length);
  const reading: Reading = { mappings: options.mappings, rosterName: options.config.rosterName, maxBytes: options.maxBytes };
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
    return;
  }
  const settled = new Array<boolean>(tasks.length).fill(false);
  const deliver = (index: number, inspected: Inspected) => {
    if (settled[index]) return;
    settled[index] = true;
    onResult(index, inspected);
  };
  let next = 0;
  const workerData: WorkerData = { mappings: mappingSources(options.mappings), maxBytes: options.maxBytes, roster: options.config.roster };
  await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<void>((resolve) => {
        // bounded heaps: a worker holds one workbook at a time, so its memory stays flat however many files there are
        const worker = new Worker(path.join(__dirname, 'worker-entry.js'), { workerData, resourceLimits: WORKER_LIMITS });
        const inFlight: number[] = [];
        const feed = () => {
          if (next < tasks.length && !options.signal?.aborted) {
            inFlight.push(next);
            worker.postMessage(tasks[next++]!);
          } else if (inFlight.length === 0) void worker.terminate().then(() => resolve());
        };
        worker.on('message', (inspected: Inspected) => {
          deliver(inFlight.shift()!, inspected);
          feed();
        });
        worker.on('error', (error) => {
          for (const index of inFlight.splice(0)) {
            const submission = failed(tasks[index]!.file, error);
            deliver(index, { ...tasks[index]!, submission, prepared: prepareRecord(submission, options.config.rosterName, options.mappings) });
          }
          resolve(); // the remaining tasks go to the other workers, or to this thread below
        });
        feed();
        feed();
      }),
    ),
  );
  // files a dead worker left (never those an abort left unstarted: they wait in the inbox for the next run)
  for (let n = 0; n < next; n++) if (!settled[n]) deliver(n, inspectTask(tasks[n]!, reading));
  if (!options.signal?.aborted) for (let n = next; n < tasks.length; n++) deliver(n, inspectTask(tasks[n]!, reading));
}

interface WorkerData {
  /** the mappings as the main thread read and checked them: a worker compiles them without parsing YAML again */
  mappings: Record<Format, { file: string; source: MappingFile }>;
  maxBytes: number;
  roster: Config['roster'];
}

function mappingSources(mappings: Record<Format, Mapping>): WorkerData['mappings'] {
  return Object.fromEntries(FORMATS.map((f) => [f, { file: mappings[f].file, source: mappings[f].source }])) as WorkerData['mappings'];
}

/** The body of a worker thread: inspects each file it is sent. */
export function serveWorker(port: import('node:worker_threads').MessagePort, data: WorkerData): void {
  const mappings = Object.fromEntries(FORMATS.map((f) => [f, compileMapping(data.mappings[f].file, data.mappings[f].source)])) as Record<Format, Mapping>;
  const reading: Reading = { mappings, rosterName: makeRoster(data.roster).resolve, maxBytes: data.maxBytes };
  port.on('message', (task: PoolTask) => port.postMessage(inspectTask(task, reading)));
}
