/**
 * ledger stage for one inspected file: the roster name of its agency, the history rules against the ledger, the
 * status decision and where the file goes; then, after the commit, the file is moved (and a rejected one gets its
 * receipt). `fileAway` is idempotent, so a run killed between recording and moving is finished by the next run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Config } from '../config';
import { type Submission } from '../inspect';
import type { Issue } from '../issues';
import type { Ledger, Recorded, RecordedSubmission, SubmissionStatus } from '../ledger/ledger';
import { valueOf, valuesRecord } from '../ledger/value-list';
import type { Mapping } from '../mapping/mapping';
import { CANONICAL_IDS, type Format } from '../model/canonical';
import type { Prepared } from './prepare';
import { receiptText } from '../render/receipt';
import { markUpWorkbook } from '../render/xlsx-write';
import { sniff } from '../read/read';
import { findingIssues } from '../validate/finding-issues';
import { validate, valuesInput } from '../validate/validate';
import { freeName, moveNoClobber, RETURNED_DIR, safeName, type InboxFile } from './inbox';

export interface Folders {
  inbox: string;
  /** the folder holding the inbox; stored_as paths are relative to it */
  base: string;
  archive: string;
  returned: string;
}

export function foldersOf(inbox: string): Folders {
  const base = path.dirname(path.resolve(inbox));
  return { inbox: path.resolve(inbox), base, archive: path.join(base, 'archive'), returned: path.join(path.resolve(inbox), RETURNED_DIR) };
}

export interface Inspected {
  file: InboxFile;
  sha256: string;
  /**
   * the submission as read, handed over without its values (they are `prepared.numbers`) and with the provenance of
   * only the ids the history rules point at (the rest of its lineage is in `prepared`)
   */
  submission: Omit<Submission, 'values'>;
  /** what is recorded with it, prepared where it was read (in a reading thread) */
  prepared: Prepared;
}

/**
 * Warnings that need the ledger: requests.carry_over and the comparisons with last year. (Whether the agency is on the
 * roster is not recorded with it: the roster may change; the outputs say so from the roster of the day.)
 */
function historyIssues({ submission: s, prepared }: Inspected, ledger: Ledger, mappings: Record<Format, Mapping>): Issue[] {
  const agency = prepared.agency;
  if (s.status !== 'valid' || agency === null || s.year === null || s.format === null) return [];
  const previous = ledger.accepted(agency, s.year - 1);
  if (!previous || previous.format === null) return [];
  const lastYear = { format: previous.format, value: (id: string) => valueOf(previous.values, id) ?? null };
  const place = (id: string) => {
    const p = s.provenance[id];
    return p ? { sheet: p.sheet, cell: p.cell } : undefined;
  };
  const values = valuesRecord({ ids: CANONICAL_IDS[s.format], numbers: prepared.numbers });
  return findingIssues(validate(valuesInput(s.format, values), { lastYear }), { mapping: mappings[s.format], place, lastYear: { year: s.year - 1, mapping: mappings[previous.format] } });
}

function relative(folders: Folders, file: string): string {
  return path.relative(folders.base, file).split(path.sep).join('/');
}

/** Where a file of this status goes: archive/<year>/<agency>/ or inbox/退回/, under a name no file has. */
function destination(folders: Folders, reserved: Set<string>, status: SubmissionStatus, agency: string | null, year: number | null, name: string): string {
  const dir = status === 'rejected' ? folders.returned : path.join(folders.archive, year === null ? '未识别年度' : String(year), safeName(agency ?? '未识别单位'));
  const taken = (candidate: string) =>
    reserved.has(path.join(dir, candidate)) || (status === 'rejected' && fs.existsSync(path.join(dir, `${candidate}.问题清单.txt`)));
  // a file of a subfolder or a zip (东风镇/年报.xlsx) is filed under its own name
  const chosen = path.join(dir, freeName(dir, safeName(path.posix.basename(name)), taken));
  reserved.add(chosen);
  return chosen;
}

/**
 * Moves a recorded file from the inbox to where the ledger says, and writes the receipt of a rejected one.
 * Where that place is taken — the same bytes sent again — the file goes beside it under its own name.
 */
export function fileAway(folders: Folders, recorded: RecordedSubmission, source: string, timeZone: string): string {
  const planned = path.join(folders.base, recorded.storedAs);
  fs.mkdirSync(path.dirname(planned), { recursive: true });
  if (recorded.status === 'rejected') writeOnce(`${planned}.问题清单.txt`, Buffer.from(receiptText(recorded, timeZone)));
  try {
    moveNoClobber(source, planned);
    return planned;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (sameFile(source, planned)) {
    // a run killed between linking the file into place and unlinking it from the inbox: finish the move
    fs.unlinkSync(source);
    return planned;
  }
  const dest = path.join(path.dirname(planned), freeName(path.dirname(planned), safeName(path.basename(source))));
  moveNoClobber(source, dest);
  return dest;
}

/** Where the marked-up copy of a returned workbook goes: 东风镇-2022.xlsx → 东风镇-2022（问题批注）.xlsx beside it. */
export function markedCopyPath(folders: Folders, recorded: RecordedSubmission): string {
  const stored = path.join(folders.base, recorded.storedAs);
  return `${stored.slice(0, stored.length - path.extname(stored).length)}（问题批注）.xlsx`;
}

/**
 * Writes a file that accompanies a returned one, whole or not at all (a kill mid-write must not leave half a file that
 * the next run keeps), and only once: a rerun that finds it leaves it. `content` null: nothing to write.
 */
function writeOnce(target: string, bytes: Buffer): void {
  if (fs.existsSync(target)) return;
  const temporary = `${target}.${process.pid}.partial`;
  fs.writeFileSync(temporary, bytes);
  moveNoClobber(temporary, target);
}

/**
 * A returned spreadsheet goes back with its mistakes marked in a copy (comments on the cells, a first sheet listing
 * them) beside it in 退回/, written once it is there (the writer is asynchronous); other kinds of file (CSV, text,
 * web pages, PDF) have the receipt only. Only a file that was read as a report (its tables found) is opened again
 * here, never an unreadable one.
 */
export async function writeMarkedCopy(folders: Folders, recorded: RecordedSubmission, office: string): Promise<void> {
  if (!lacksMarkedCopy(folders, recorded)) return;
  const target = markedCopyPath(folders, recorded);
  const bytes = fs.readFileSync(path.join(folders.base, recorded.storedAs));
  const kind = sniff(bytes);
  if (kind !== 'zip' && kind !== 'cfb' && kind !== 'spreadsheet-xml') return;
  const title = `${recorded.agency ?? '（单位未识别）'}${recorded.year ?? ''}${recorded.year ? '年度' : ''}政府信息公开工作年度报告问题清单`;
  const marked = await markUpWorkbook(bytes, recorded.issues, { title, fileName: recorded.fileName, author: office });
  if (marked) writeOnce(target, marked);
}

/** A returned report whose file is in 退回/ without its marked copy beside it (never made, or a killed run's). */
export function lacksMarkedCopy(folders: Folders, recorded: RecordedSubmission): boolean {
  if (recorded.status !== 'rejected' || recorded.format === null) return false;
  return !fs.existsSync(markedCopyPath(folders, recorded)) && fs.existsSync(path.join(folders.base, recorded.storedAs));
}

/** What recording needs; `reserved` holds the destinations chosen for files recorded but not yet moved. */
export interface IngestContext {
  folders: Folders;
  config: Config;
  ledger: Ledger;
  mappings: Record<Format, Mapping>;
  reserved: Set<string>;
}

function sameFile(a: string, b: string): boolean {
  const x = fs.statSync(a);
  const y = fs.statSync(b);
  return x.ino === y.ino && x.dev === y.dev;
}

/** Records an inspected file in the ledger (the file is moved by `fileAway` once the transaction is committed). */
export function ingest(inspected: Inspected, { folders, config, ledger, mappings, reserved }: IngestContext): Recorded {
  const { file, sha256, submission: s, prepared } = inspected;
  const agency = prepared.agency;
  const issues = [...s.issues, ...historyIssues(inspected, ledger, mappings)];
  const recorded = ledger.record(
    {
      sha256,
      fileName: file.name,
      size: file.size,
      receivedAt: new Date(file.mtimeMs).toISOString(),
      agency,
      agencyRead: s.agency,
      year: s.year,
      format: s.format,
      valid: s.status === 'valid',
      errors: issues.filter((i) => i.severity === 'error').length,
      warnings: issues.filter((i) => i.severity === 'warning').length,
      mappingFile: s.mapping?.file ?? null,
      mappingVersion: s.mapping?.version ?? null,
      issues,
      ids: s.format === null ? [] : CANONICAL_IDS[s.format],
      numbers: prepared.numbers,
      placesJson: prepared.placesJson,
      printedJson: prepared.printedJson,
    },
    (status) => relative(folders, destination(folders, reserved, status, agency, s.year, file.name)),
  );
  return recorded;
}
