/**
 * `nianbao run`: discover → read → locate → normalize → validate (per file, in worker threads when there are
 * many) → ledger (in order of arrival) → consolidate → render, from the inbox to the outbox. One township's bad
 * file never stops the others: it becomes a rejected submission. Exceptions here are operator errors only.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Config, Level } from '../config';
import { LedgerError, ledgerFault, openLedger, type Ledger, type RecordedSubmission, type RunCounts } from '../ledger/ledger';
import { NO_VALUES } from '../ledger/value-list';
import type { Logger } from '../log';
import type { Mapping } from '../mapping/mapping';
import type { Format } from '../model/canonical';
import { openForReading } from '../read/read';
import { VALUES_FILE, yearOutputs, type ValuesSource } from '../render/year-outputs';
import { counted } from '../consolidate';
import { rosterStatus } from '../roster-status';
import { NAME_MATCHING_VERSION } from '../roster';
import { freeName, moveNoClobber, removeStaleUploads, safeName, SETTLE_MS, type InboxFile } from './inbox';
import { discover } from './discover';
import { ingest, lacksMarkedCopy, foldersOf, fileAway, writeMarkedCopy, type IngestContext, type Inspected, type Folders } from './ingest';
import { acquireLock } from './lock';
import { builtFrom, OutboxError, recoverOutbox, writeOutputs } from './outbox';
import { writeFault } from '../system-error';
import { makeDirectory } from '../make-directory';
import { inspectInPool, type PoolTask } from './pool';
import type { Renderers } from '../render/renderers';

export interface RunOptions {
  inbox: string;
  outbox: string;
  config: Config;
  mappings: Record<Format, Mapping>;
  log: Logger;
  /** a file modified within this time is still being written (default SETTLE_MS) */
  settleMs?: number;
  /** how long the run waits at most for such files before leaving them for the next run (default WAIT_MS) */
  waitMs?: number;
  /** told once when the run waits for files still being copied */
  onWait?: (files: number, seconds: number) => void;
  /**
   * reading threads besides this one, which reads too; 0 reads in this thread alone (default: one per core but one,
   * when there are enough files)
   */
  workers?: number;
  onProgress?: (done: number, total: number) => void;
  /**
   * Stops the run early (SIGINT/SIGTERM of the scheduler): the files being read are finished and recorded, the rest
   * stay in the inbox, the outputs are left for the next run to rebuild, and the run is recorded as interrupted.
   */
  signal?: AbortSignal;
}

export interface YearState {
  year: number;
  /** how many agencies the roster lists (0: no roster configured) */
  rosterSize: number;
  accepted: number;
  rejected: number;
  missing: string[];
  /** with a roster: the units that reported but are not on it (not counted), with the roster names they may mean */
  offRoster: { agency: string; near: string[] }[];
}

export interface RunSummary extends RunCounts {
  waiting: { name: string; reason: string }[];
  /** zips taken apart: how many members, and where the zip was archived whole (null: left in the inbox) */
  zips: { name: string; members: number; archivedAs: string | null }[];
  /** recorded files that could not be moved out of the inbox (the next run tries again), with the reason */
  held: { name: string; reason: string }[];
  /** the files recorded by this run */
  recorded: RecordedSubmission[];
  years: YearState[];
  outputsRebuilt: boolean;
  /** the config's level: the summary says 全县 or 全市 */
  level: Level;
  /** stopped early by `signal`: some files were left in the inbox */
  interrupted: boolean;
  outbox: string;
  /** the folder holding the inbox: `storedAs` paths are relative to it */
  base: string;
}

const UNKNOWN_YEAR_DIR = '未识别年度';
/** How long a run waits at most for files still being copied into the inbox when it starts. */
export const WAIT_MS = 20_000;
/** Where zips are taken apart, inside the inbox (hidden: never listed; on the archive's disk: members move by link). */
export const STAGING_DIR = '.nianbao-unzipped';
/** Where a zip taken apart is archived whole, under archive/. */
const ZIP_ARCHIVE_DIR = '压缩包';
/**
 * Below this many bytes of new files, reading in a worker thread too costs more than it saves: a thread takes
 * ~0.1–0.15 s to start and as long again to warm up (its own copy of SheetJS compiled afresh), and on the county's
 * machine (two vCPUs giving 1.2–1.7 cores, the bench's control row) it saves little per file. Measured here, the
 * reading stage of cold runs of the bench's workbooks (~11 KB each), this thread alone against it and one thread:
 * 300 in 0.65 s against 0.71 s; 700 in 1.36–1.39 s against 1.25–1.31 s; 1,000 in 1.87–1.89 s against 1.51–1.53 s.
 * Parsing costs about the same per byte for a workbook, a Word file or a PDF, so the threshold is in bytes (~700
 * such workbooks).
 */
const POOL_THRESHOLD_BYTES = 8 * 1024 * 1024;

/**
 * Reading threads for the new files besides this one: as asked (`--workers`), else none below POOL_THRESHOLD_BYTES,
 * else one per core but one (this thread reads too: undefined).
 */
export function readingThreads(fresh: readonly Pick<PoolTask, 'file'>[], asked: number | undefined): number | undefined {
  if (asked !== undefined) return asked;
  return fresh.reduce((bytes, task) => bytes + task.file.size, 0) >= POOL_THRESHOLD_BYTES ? undefined : 0;
}
/** Submissions recorded per transaction; their files are moved after its commit. */
const BATCH = 200;

/** One read buffer for every file hashed (a fresh megabyte per file cost a cold run of 2,000 files ~0.15 s). */
let hashBuffer: Buffer | undefined;

export function sha256File(file: string): string {
  const hash = createHash('sha256');
  const fd = openForReading(file);
  try {
    const buffer = (hashBuffer ??= Buffer.allocUnsafe(1 << 20));
    for (let n; (n = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0; ) hash.update(buffer.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

/** What decides under which agency a report is filed: the roster (names, aliases) and the way names are matched. */
function filingRules(config: Config): string {
  return createHash('sha256').update(JSON.stringify([config.roster, NAME_MATCHING_VERSION])).digest('hex').slice(0, 16);
}

/** What every year's outputs share: the county, roster and time zone of the config, the mappings' versions. */
function sharedStamp(config: Config, mappings: Record<Format, Mapping>): string {
  const inputs = JSON.stringify([config.county, config.roster, config.timezone, Object.values(mappings).map((m) => [m.file, m.version])]);
  return createHash('sha256').update(inputs).digest('hex').slice(0, 16);
}

/** What each year folder's outputs are made of, as a stamp: the year's submissions (ledger.yearDigests) and the shared. */
function outputStamps(ledger: Ledger, config: Config, mappings: Record<Format, Mapping>): Map<string, string> {
  const shared = sharedStamp(config, mappings);
  return new Map([...ledger.yearDigests()].map(([year, digest]) => [year === null ? UNKNOWN_YEAR_DIR : String(year), `${digest} ${shared}`]));
}

/** The stamp of a values.csv: what is shared, and which reports' rows it holds (how many, and a digest of their ids). */
function valuesStamp(shared: string, ids: readonly number[], size: number): string {
  return `${shared} ${ids.length} ${createHash('sha256').update(ids.join(',')).digest('hex').slice(0, 16)} ${size}`;
}

/**
 * Where values.csv's rows come from: when the one in place holds exactly the rows of the first reports of the list
 * (same config and mappings, same reports, untouched since), it is extended by the rows of the rest; else all rows
 * are rendered again (a report superseded or filed elsewhere, a label changed).
 */
function valuesSource(outbox: string, dir: string, year: number, ids: readonly number[], built: Record<string, string>, shared: string, ledger: Ledger, include: (agency: string) => boolean): ValuesSource {
  const file = path.join(outbox, dir, VALUES_FILE);
  const previous = built[`${dir}/${VALUES_FILE}`]?.split(' ');
  const count = Number(previous?.[1]);
  if (previous && Number.isInteger(count) && count <= ids.length) {
    const size = fs.statSync(file, { throwIfNoEntry: false })?.size;
    if (size !== undefined && valuesStamp(shared, ids.slice(0, count), size) === previous.join(' ')) {
      return { extend: file, added: ledger.acceptedValues(year, include, ids[count - 1] ?? 0) };
    }
  }
  return { all: ledger.acceptedValues(year, include) };
}

/** Builds the outputs of the year folders `dirs` (only one year's outputs are in memory at once). */
function rebuildOutputs(outbox: string, ledger: Ledger, config: Config, mappings: Record<Format, Mapping>, dirs: readonly string[], stamps: Map<string, string>, built: Record<string, string>, renderers: Renderers): Promise<void> {
  const years = new Map(ledger.years().map((year) => [year === null ? UNKNOWN_YEAR_DIR : String(year), year]));
  const shared = sharedStamp(config, mappings);
  const include = (agency: string) => counted({ agency }, config);
  const valuesIds = new Map<string, number[]>();
  return writeOutputs(outbox, dirs, (dir) => {
    const year = years.get(dir)!;
    if (year === null) return yearOutputs(year, ledger.submissionsOf(year, 'no-values'), { all: [] }, config, mappings, undefined, undefined, renderers);
    const ids = ledger.acceptedIds(year, include);
    valuesIds.set(dir, ids);
    return yearOutputs(year, ledger.submissionsOf(year, 'no-values'), valuesSource(outbox, dir, year, ids, built, shared, ledger, include), config, mappings, (sha) => ledger.lineage(sha)?.places, (list) => ledger.valuesOf(list.map((s) => s.id)), renderers);
  }, () => {
    // after the swap: the stamps of the folders, and of each values.csv as it now is
    const all: Record<string, string> = Object.fromEntries(stamps);
    for (const [key, value] of Object.entries(built)) if (key.endsWith(`/${VALUES_FILE}`) && stamps.has(key.slice(0, -VALUES_FILE.length - 1))) all[key] = value;
    for (const [dir, ids] of valuesIds) all[`${dir}/${VALUES_FILE}`] = valuesStamp(shared, ids, fs.statSync(path.join(outbox, dir, VALUES_FILE)).size);
    return JSON.stringify(all);
  });
}

function yearStates(ledger: Ledger, config: Config, years: number[]): YearState[] {
  return years.map((year) => {
    const states = rosterStatus(ledger.arrivals(year), config);
    return {
      year,
      rosterSize: config.roster.length,
      accepted: states.filter((s) => s.state === 'accepted').length,
      rejected: states.filter((s) => s.state === 'rejected').length,
      missing: states.filter((s) => s.onRoster && s.state === 'missing').map((s) => s.agency),
      offRoster: config.roster.length ? states.filter((s) => !s.onRoster && s.state === 'accepted').map((s) => ({ agency: s.agency, near: s.nearRoster ?? [] })) : [],
    };
  });
}

/**
 * Moves a recorded file (and writes what goes with it) by `move`; a failure (a full disk, a name the file system
 * refuses, a folder without write permission) holds the file in the inbox with its reason, and the run goes on: it
 * is in the ledger, so the next run only tries the move again. Nothing recorded can stop a later run.
 */
type Hold = (file: InboxFile, move: () => string) => string | null;

function makeHold(held: RunSummary['held'], log: Logger): Hold {
  return (file, move) => {
    try {
      return move();
    } catch (error) {
      const reason = writeFault(error);
      held.push({ name: file.name, reason });
      log.warn({ file: file.name, err: error }, 'recorded but not moved; held in the inbox');
      return null;
    }
  };
}

/** Half-written receipts of a killed run (they are written again, whole, when their file is settled). */
function removePartials(dir: string): void {
  if (!fs.existsSync(dir)) return;
  for (const name of fs.readdirSync(dir)) if (name.endsWith('.partial')) fs.rmSync(path.join(dir, name), { force: true });
}

interface Sorted {
  /** files not seen before, in order of arrival, to be read */
  fresh: PoolTask[];
  /** files the ledger already has (resent, or recorded by a killed run before they moved) */
  known: PoolTask[];
  /** copies of a fresh file within this run: settled once that one is recorded */
  copies: PoolTask[];
}

/**
 * Hashing first makes a rerun after a crash (recorded, not yet moved) and a resent file cheap: such files are not
 * read again but moved where the ledger says. Identical files within one run count once.
 */
function sortByLedger(files: readonly InboxFile[], ledger: Ledger): Sorted {
  const sorted: Sorted = { fresh: [], known: [], copies: [] };
  const freshShas = new Set<string>();
  for (const file of files) {
    const task = { file, sha256: sha256File(file.path) };
    if (ledger.findBySha(task.sha256)) sorted.known.push(task);
    else if (freshShas.has(task.sha256)) sorted.copies.push(task);
    else {
      sorted.fresh.push(task);
      freshShas.add(task.sha256);
    }
  }
  return sorted;
}

/** Whether a file is as it was listed (same size and modification time): it was not written to while it was read. */
function asListed(file: InboxFile): boolean {
  const now = fs.lstatSync(file.path, { throwIfNoEntry: false });
  return !!now && now.isFile() && now.size === file.size && now.mtimeMs === file.mtimeMs;
}

/**
 * Records inspected files in order of arrival, in batches (one transaction each, after which their files are
 * moved), as the workers hand them over: only a batch's worth of inspected files is ever held in memory. A file
 * changed while it was read waits for the next run (`changed`); one that cannot be moved is held (`hold`).
 */
function makeRecorder(context: IngestContext, counts: RunCounts, log: Logger, hold: Hold, changed: RunSummary['waiting']) {
  const recorded: RecordedSubmission[] = [];
  const byId = new Map<number, RecordedSubmission>();
  const ready = new Map<number, Inspected>();
  let next = 0;
  let ms = 0;
  const record = (read: Inspected[]) => {
    // a file written to while it was hashed and read is not recorded: its hash, its figures and the bytes archived
    // could differ; it waits for the next run
    const batch = read.filter((item) => {
      if (asListed(item.file)) return true;
      changed.push({ name: item.file.name, reason: '读取期间文件仍在变化（可能仍在写入），下次运行再处理' });
      log.warn({ file: item.file.name }, 'changed while read; left for the next run');
      return false;
    });
    const started = performance.now();
    const done = context.ledger.batch(() => batch.map((item) => ingest(item, context)));
    context.reserved.clear(); // committed: the files are moved next
    done.forEach(({ submission: r, displaced }, n) => {
      if (displaced !== null && byId.has(displaced)) {
        // a later file of this run superseded one recorded earlier in this run
        byId.get(displaced)!.status = 'superseded';
        counts.accepted--;
        counts.superseded++;
      }
      hold(batch[n]!.file, () => fileAway(context.folders, r, batch[n]!.file.path, context.config.timezone));
      const brief = { ...r, values: NO_VALUES }; // the summary needs no values
      byId.set(r.id, brief);
      recorded.push(brief);
      counts[r.status]++;
      log.info({ file: r.fileName, sha256: r.sha256, agency: r.agency, year: r.year, format: r.format, status: r.status, errors: r.errors, warnings: r.warnings, storedAs: r.storedAs }, 'recorded');
    });
    ms += performance.now() - started;
  };
  const drain = (all: boolean) => {
    while (ready.size >= BATCH || (all && ready.size > 0)) {
      const batch: Inspected[] = [];
      while (batch.length < BATCH && ready.has(next)) {
        batch.push(ready.get(next)!);
        ready.delete(next++);
      }
      if (batch.length === 0) return;
      record(batch);
    }
  };
  return {
    add(index: number, item: Inspected) {
      ready.set(index, item);
      drain(false);
    },
    finish() {
      drain(true);
      return { recorded, ledgerMs: Math.round(ms) };
    },
  };
}

/**
 * Rebuilds the outputs of the years whose submissions changed since they were built (or all, when the config or the
 * mappings did), and of any year folder that is missing. A run with nothing new touches nothing.
 */
async function refreshOutputs(outbox: string, ledger: Ledger, config: Config, mappings: Record<Format, Mapping>, renderers: Renderers): Promise<boolean> {
  const stamps = outputStamps(ledger, config, mappings);
  const built = builtFrom(outbox);
  const dirs = [...stamps].filter(([dir, stamp]) => built[dir] !== stamp || !fs.existsSync(path.join(outbox, dir))).map(([dir]) => dir);
  if (dirs.length === 0) return false;
  await rebuildOutputs(outbox, ledger, config, mappings, dirs, stamps, built, renderers);
  return true;
}

/** What a failed run means for the person at the machine (undefined: a defect, reported as such). */
function runFault(error: unknown, outbox: string): Error | undefined {
  if (error instanceof LedgerError || error instanceof OutboxError) return error;
  const ledger = ledgerFault(error, path.join(outbox, 'ledger.sqlite'));
  if (ledger) return ledger;
  const code = (error as NodeJS.ErrnoException).code;
  if (code && ['ENOSPC', 'EDQUOT', 'EFBIG', 'EROFS', 'EACCES', 'EPERM', 'EIO'].includes(code)) {
    return new OutboxError(`无法写入 ${outbox}：${writeFault(error)}（已登记的报表不受影响，下次运行会重新生成汇总结果）`);
  }
  return undefined;
}

/** The outbox and inbox folders, made when missing; a folder that cannot be made or written stops the run at once. */
function makeFolders(outbox: string, folders: Folders): void {
  try {
    makeDirectory(outbox);
    makeDirectory(folders.inbox);
    fs.accessSync(outbox, fs.constants.W_OK);
  } catch (error) {
    throw new OutboxError(`无法使用输出目录 ${outbox} 或收件箱 ${folders.inbox}：${writeFault(error)}`);
  }
}

/** Milliseconds spent per stage and the resident memory (MB) at its end, logged at the end of the run. */
function makeStopwatch() {
  const timings: Record<string, number> = {};
  const rssMB: Record<string, number> = {};
  let mark = performance.now();
  const lap = (stage: string) => {
    const now = performance.now();
    timings[stage] = Math.round(now - mark);
    rssMB[stage] = Math.round(process.memoryUsage.rss() / 1048576);
    mark = now;
  };
  return { timings, rssMB, lap };
}

export async function runInbox(options: RunOptions): Promise<RunSummary> {
  const outbox = path.resolve(options.outbox);
  const folders = foldersOf(options.inbox);
  makeFolders(outbox, folders);
  const lock = acquireLock(outbox);
  const counts: RunCounts = { seen: 0, accepted: 0, rejected: 0, superseded: 0, duplicates: 0 };
  let ledger: Ledger | undefined;
  let runId = 0;
  try {
    recoverOutbox(outbox);
    removePartials(folders.returned);
    removeStaleUploads(folders.inbox);
    fs.rmSync(path.join(folders.inbox, STAGING_DIR), { recursive: true, force: true }); // left by a killed run
    ledger = openLedger(path.join(outbox, 'ledger.sqlite'));
    runId = ledger.startRun(new Date().toISOString());
    return await runStages(options, { ledger, runId, outbox, folders, counts });
  } catch (error) {
    // a full disk, a read-only or damaged ledger, an outbox that cannot be written: the reason, not a defect
    const fault = runFault(error, outbox);
    options.log.error({ err: error }, 'run failed');
    try {
      if (runId) ledger?.endRun(runId, new Date().toISOString(), counts, `failed: ${(fault ?? (error as Error)).message}`);
    } catch {
      // the ledger itself may be what failed
    }
    throw fault ?? error;
  } finally {
    ledger?.close();
    fs.rmSync(path.join(folders.inbox, STAGING_DIR), { recursive: true, force: true });
    lock.release();
  }
}

/**
 * Each zip taken apart is moved whole to archive/压缩包/ once every member is recorded (an interrupted run leaves it
 * in the inbox: the next run takes it apart again and finds the recorded members known).
 */
function archiveZips(zips: readonly InboxFile[], tasks: readonly PoolTask[], ledger: Ledger, folders: Folders, hold: Hold): RunSummary['zips'] {
  return zips.map((zip) => {
    const members = tasks.filter((t) => t.file.zip === zip.path);
    if (!members.every((t) => storedFileExists(folders, ledger.findBySha(t.sha256)))) return { name: zip.name, members: members.length, archivedAs: null };
    const dir = path.join(folders.archive, ZIP_ARCHIVE_DIR);
    const dest = hold(zip, () => {
      fs.mkdirSync(dir, { recursive: true });
      const target = path.join(dir, freeName(dir, safeName(path.basename(zip.path))));
      moveNoClobber(zip.path, target);
      return target;
    });
    return { name: zip.name, members: members.length, archivedAs: dest === null ? null : path.relative(folders.base, dest).split(path.sep).join('/') };
  });
}

/** The file of a recorded submission is where the ledger says (a member that could not be moved is not). */
function storedFileExists(folders: Folders, recorded: RecordedSubmission | undefined): boolean {
  return recorded !== undefined && fs.existsSync(path.join(folders.base, recorded.storedAs));
}

/** Subfolders of the inbox emptied by this run are removed (a township's folder, once its files are filed). */
function removeEmptyFolders(inbox: string, files: readonly InboxFile[]): void {
  const folders = new Set(files.filter((f) => !f.zip && f.name.includes('/')).flatMap((f) => {
    const parts = f.name.split('/').slice(0, -1);
    return parts.map((_, n) => parts.slice(0, n + 1).join('/'));
  }));
  for (const folder of [...folders].sort((a, b) => b.length - a.length)) {
    try {
      fs.rmdirSync(path.join(inbox, folder)); // only if empty
    } catch {
      // not empty (a file left for the next run, or the clerk's own): kept
    }
  }
}

interface RunState {
  ledger: Ledger;
  runId: number;
  outbox: string;
  folders: Folders;
  counts: RunCounts;
}

/** discover → read (in the pool) → ledger → outputs, once the ledger is open; the summary of what was done. */
async function runStages(options: RunOptions, { ledger, runId, outbox, folders, counts }: RunState): Promise<RunSummary> {
  const { config, mappings, log } = options;
  const { timings, rssMB, lap } = makeStopwatch();
  // the roster of the day decides under which agency every report is filed (an alias added since counts it now)
  const refiled = ledger.refile((name) => config.rosterName(name) ?? name, filingRules(config));
  if (refiled) log.info({ refiled }, 'reports filed again under the roster');
  const listing = await discover(folders.inbox, {
    settleMs: options.settleMs ?? SETTLE_MS,
    waitMs: options.waitMs ?? WAIT_MS,
    maxBytes: config.maxFileBytes,
    staging: path.join(folders.inbox, STAGING_DIR),
    signal: options.signal,
    onWait: options.onWait,
  });
  counts.seen = listing.ready.length;
  log.info({ ready: listing.ready.length, waiting: listing.waiting.length, zips: listing.zips.length }, 'inbox listed');

  const { fresh, known, copies } = sortByLedger(listing.ready, ledger);
  const held: RunSummary['held'] = [];
  const hold = makeHold(held, log);
  const fileAwayKnown = (tasks: PoolTask[]) => {
    for (const { file, sha256 } of tasks) {
      counts.duplicates++;
      const recorded = ledger.findBySha(sha256)!;
      // a member of a zip sent again, already filed: the zip is archived whole; its staged copy goes with the staging
      if (file.zip && storedFileExists(folders, recorded)) continue;
      const dest = hold(file, () => fileAway(folders, recorded, file.path, config.timezone));
      if (dest) log.info({ file: file.name, sha256, movedTo: dest }, 'already recorded; moved');
    }
  };
  fileAwayKnown(known);
  lap('discover');

  const changed: RunSummary['waiting'] = [];
  const recorder = makeRecorder({ folders, config, ledger, mappings, reserved: new Set() }, counts, log, hold, changed);
  const workers = readingThreads(fresh, options.workers);
  let inspected = 0;
  // the reading threads are kept to render the county workbook and the Word draft (render-threads.ts)
  const threads = await inspectInPool(fresh, { mappings, config, maxBytes: config.maxFileBytes, workers, signal: options.signal, alsoHere: true, keep: true }, (index, item) => {
    options.onProgress?.(++inspected, fresh.length);
    recorder.add(index, item);
  });
  try {
    const { recorded, ledgerMs } = recorder.finish();
    // returned workbooks, marked, beside them in 退回/ — this run's, and any a killed run did not get to (a copy that
    // cannot be made leaves the receipt alone)
    for (const brief of ledger.returnedReports().filter((r) => lacksMarkedCopy(folders, r))) {
      await writeMarkedCopy(folders, ledger.findBySha(brief.sha256)!, config.office).catch((error: unknown) => log.warn({ file: brief.fileName, err: error }, 'marked copy not written'));
    }
    fileAwayKnown(copies.filter((c) => ledger.findBySha(c.sha256))); // after an abort the original may be unread
    const zips = archiveZips(listing.zips, [...fresh, ...known, ...copies], ledger, folders, hold);
    removeEmptyFolders(folders.inbox, listing.ready);
    lap('read+ledger');
    timings['of which ledger'] = ledgerMs;

    const interrupted = options.signal?.aborted === true;
    // an interrupted run leaves the outputs as they were: their stamp no longer matches, so the next run rebuilds
    const rebuilt = interrupted ? false : await refreshOutputs(outbox, ledger, config, mappings, threads.renderers);
    lap('outputs');
    log.info({ ...counts, outputsRebuilt: rebuilt, interrupted, timings, rssMB }, interrupted ? 'run interrupted' : 'run finished');
    const touched = [...new Set(recorded.map((r) => r.year).filter((y): y is number => y !== null))].sort();
    const shown = touched.length ? touched : ledger.years().filter((y): y is number => y !== null).slice(-1);
    ledger.endRun(runId, new Date().toISOString(), counts, interrupted ? 'interrupted' : 'completed');
    return { ...counts, waiting: [...listing.waiting, ...changed], zips, held, recorded, years: yearStates(ledger, config, shown), outputsRebuilt: rebuilt, level: config.level, interrupted, outbox, base: folders.base };
  } finally {
    await threads.close();
  }
}
