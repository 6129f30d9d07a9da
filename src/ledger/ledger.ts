/**
 * The ledger (SQLite, outbox/ledger.sqlite): the only state nianbao keeps. Every submission ever seen, with its
 * status, issues, values and where its file went. Writes are synchronous-durable (WAL, synchronous=FULL), so a
 * killed run or a power cut loses nothing that was recorded.
 */
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { makeIssue, type Issue } from '../issues';
import type { Format } from '../model/canonical';
import { makeInterner } from './intern';
import { MIGRATIONS } from './schema';
import { NO_VALUES, type ValueList } from './value-list';

export type SubmissionStatus = 'accepted' | 'rejected' | 'superseded';

import type { CellPlace } from '../place';

export interface RecordedSubmission {
  id: number;
  sha256: string;
  fileName: string;
  size: number;
  receivedAt: string;
  agency: string | null;
  year: number | null;
  format: Format | null;
  status: SubmissionStatus;
  errors: number;
  warnings: number;
  mappingFile: string | null;
  mappingVersion: number | null;
  storedAs: string;
  issues: Issue[];
  /** the values read, by canonical id (`valueOf`; null: not read); none when the file was unreadable, or in a brief
   * listing */
  values: ValueList;
}

export type NewSubmission = Omit<RecordedSubmission, 'id' | 'status' | 'storedAs' | 'values'> & {
  valid: boolean;
  /** the agency's name as read from the report (normalised); `agency` is the roster name it is filed under */
  agencyRead: string | null;
  /** the canonical ids the lists below are aligned with (empty when nothing was read) */
  ids: readonly string[];
  numbers: readonly (number | null)[];
  /**
   * lineage, as the JSON texts the ledger keeps (made where the file was read, in a reading thread: handing over one
   * text costs a fraction of 200 small arrays, and the main thread only writes it): where each value was read, a
   * CellPlace[] aligned with `ids` …
   */
  placesJson: string;
  /** … and the labels it was bound to, as printed, where they differ from the form's: {id: [row, column]} */
  printedJson: string;
};

/** An accepted submission's values with where each was read, for values.csv (rendered at output time). */
export interface AcceptedValues {
  /** the ledger's id: the order of recording */
  id: number;
  year: number;
  agency: string;
  format: Format;
  sha256: string;
  ids: readonly string[];
  numbers: readonly (number | null)[];
  places: readonly CellPlace[];
}

/** A row as selected (columns aliased to the field names); the JSON columns are parsed by `fromRow`. */
type Row = Omit<RecordedSubmission, 'issues' | 'values'> & { issues: string; idList: number | null; valueList: string };

/** Value lists read at once by `valuesOf` (a year's are never all in memory together). */
const VALUES_BATCH = 500;

/** An issue as kept: [sheet, cell, input] (see migrate-data.ts). */
type KeptIssue = [string | null, string | null, Issue['input']];

export class LedgerError extends Error {
  readonly code = 'ledger.unavailable';
}

/** What to do with a damaged ledger (`nianbao backup` copies it into nianbao-备份-<time>/ledger.sqlite). */
const RESTORE = '请先把它改名保存（以便追查），再把最近一次 nianbao backup 备份中的 ledger.sqlite 复制到这里，然后重新运行 nianbao run（备份之后收到的报表放回收件箱即可重新登记）';

/**
 * A SQLite failure as the person at the machine needs it: the reason in Chinese, and what to do. Undefined for
 * anything that is not a SQLite error (a defect, reported as such).
 */
export function ledgerFault(error: unknown, file: string): LedgerError | undefined {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return undefined;
  const reason = (() => {
    if (code === 'SQLITE_FULL') return '磁盘空间已满，登记簿无法写入。请清理磁盘后重新运行（收件箱中的文件没有动）';
    if (code.startsWith('SQLITE_READONLY')) return '登记簿或它所在的文件夹是只读的（或磁盘被设为只读），无法写入。请检查 outbox 文件夹的权限';
    if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') return `登记簿已损坏。${RESTORE}`;
    if (code === 'SQLITE_CANTOPEN') return '无法打开登记簿（文件夹不存在或没有权限）';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return '登记簿正被另一个程序占用，请稍后再运行';
    if (code.startsWith('SQLITE_IOERR')) return '读写登记簿时磁盘出错（磁盘可能已满、只读或已断开）';
    return `登记簿出错（${code}）`;
  })();
  return new LedgerError(`登记簿 ${file}：${reason}`);
}

export interface RunCounts {
  seen: number;
  accepted: number;
  rejected: number;
  superseded: number;
  duplicates: number;
}

/** One run as the ledger keeps it; `endedAt` and `outcome` are null while it runs (or when it was killed). */
export interface RunRecord extends RunCounts {
  id: number;
  startedAt: string;
  endedAt: string | null;
  /** completed | interrupted | failed: <reason> */
  outcome: string | null;
}

/** What an agency's state for a year is decided by: its submissions' status and arrival (rosterStatus). */
export type Arrival = Pick<RecordedSubmission, 'agency' | 'status' | 'receivedAt' | 'fileName'>;

/** A submission as just recorded, and the id of the earlier accepted one it displaced (now superseded), if any. */
export interface Recorded {
  submission: RecordedSubmission;
  displaced: number | null;
}

export interface Ledger {
  /**
   * For each year (null: unknown), a digest of what its outputs are made of: its submissions with their status and
   * agency (the only things that change once recorded). Equal digests: that year's outputs need no rebuild.
   */
  yearDigests(): Map<number | null, string>;
  findBySha(sha256: string): RecordedSubmission | undefined;
  /** the accepted submission of an agency for a year, if any */
  accepted(agency: string, year: number): RecordedSubmission | undefined;
  /**
   * Records a new submission and decides its status: rejected when not valid; else accepted unless the agency's
   * accepted report for the year arrived later (then this one is superseded at once); an earlier accepted one
   * becomes superseded. `storedAs` gets the status and returns where the file will go. One transaction.
   */
  record(submission: NewSubmission, storedAs: (status: SubmissionStatus) => string): Recorded;
  /**
   * A year's submissions (null: those whose year is unknown) in the order of arrival: whole; without their values (`'no-values'`: the outputs read those a
   * batch at a time with `valuesOf`); or `'brief'`, without values or issues.
   */
  submissionsOf(year: number | null, detail?: 'brief' | 'no-values'): RecordedSubmission[];
  /** the values of the given submissions, one list each, in the given order, read a batch at a time */
  valuesOf(ids: readonly number[]): Generator<ValueList>;
  /** the accepted and rejected submissions of a year, only as far as an agency's state needs them (rosterStatus) */
  arrivals(year: number): Arrival[];
  /** the returned submissions that were read as reports (a workbook among them goes back with a marked copy), brief:
   * without their issues or values (every run looks at them; `findBySha` gives one whole) */
  returnedReports(): RecordedSubmission[];
  /** the accepted submissions of a year (of the agencies `include` keeps, recorded after the id `after`) with their
   * values and places, in the order they were recorded, one at a time (values.csv is rendered from them) */
  acceptedValues(year: number, include?: (agency: string) => boolean, after?: number): IterableIterator<AcceptedValues>;
  /** the ids of the submissions `acceptedValues` gives, in the same order */
  acceptedIds(year: number, include?: (agency: string) => boolean): number[];
  /** where each value of a submission was read and the labels printed there (null for an unknown file) */
  lineage(sha256: string): { places: Record<string, CellPlace>; printed: Record<string, [string, string]> } | null;
  /** the years that have submissions, ascending; null last when some have no year */
  years(): (number | null)[];
  /**
   * Files every submission again under the agency its name as read denotes now (the roster may have changed since it
   * was recorded: an alias added, a wrong one removed), and decides again which of an agency's valid reports of a year
   * is accepted: the one that arrived last. Returns how many submissions moved to another agency. `rules` names the
   * roster and the way names are matched: when the ledger was last filed under the same, nothing is looked at (every
   * report recorded since was filed under them as it was recorded).
   */
  refile(agencyOf: (nameAsRead: string) => string, rules: string): number;
  /** runs `work` in one transaction (records inside it commit together: one fsync for many submissions) */
  batch<T>(work: () => T): T;
  startRun(startedAt: string): number;
  endRun(id: number, endedAt: string, counts: RunCounts, outcome: string): void;
  /** the newest runs, newest first */
  recentRuns(limit: number): RunRecord[];
  /** a consistent copy of the whole ledger (WAL included) at `file`, taken while it stays in use */
  backup(file: string): Promise<void>;
  close(): void;
}

export function openLedger(file: string): Ledger {
  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (error) {
    throw ledgerFault(error, file) ?? new LedgerError(`无法打开登记簿 ${file}：${(error as Error).message}`);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 10000');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) throw new LedgerError(`登记簿 ${file} 的版本（${version}）比本程序新，请升级 nianbao`);
    for (let v = version; v < MIGRATIONS.length; v++) {
      db.transaction(() => {
        const migration = MIGRATIONS[v]!;
        if (typeof migration === 'string') db.exec(migration);
        else migration(db);
        db.pragma(`user_version = ${v + 1}`);
      })();
    }
    // a migration that rewrote the submissions leaves their old pages free: give them back (outside a transaction)
    if (version > 0 && version < MIGRATIONS.length) db.exec('VACUUM');
  } catch (error) {
    db.close();
    throw error instanceof LedgerError ? error : (ledgerFault(error, file) ?? error);
  }

  const FIELDS = `id, sha256, file_name AS fileName, size, received_at AS receivedAt, agency, year, format, status, errors,
    warnings, mapping_file AS mappingFile, mapping_version AS mappingVersion, stored_as AS storedAs`;
  const COLUMNS = `${FIELDS}, issues, id_list AS idList, value_list AS valueList`;
  const BRIEF = `${FIELDS}, '[]' AS issues, NULL AS idList, '[]' AS valueList`;
  const bySha = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM submissions WHERE sha256 = ?`);
  const acceptedOf = db.prepare<[string, number], Row>(`SELECT ${COLUMNS} FROM submissions WHERE agency = ? AND year = ? AND status = 'accepted'`);
  const acceptedArrival = db.prepare<[string, number], Pick<Row, 'id' | 'receivedAt' | 'fileName'>>(
    "SELECT id, received_at AS receivedAt, file_name AS fileName FROM submissions WHERE agency = ? AND year = ? AND status = 'accepted'",
  );
  const insert = db.prepare(`INSERT INTO submissions (sha256, file_name, size, received_at, recorded_at, agency, agency_read, year, format, status,
    errors, warnings, mapping_file, mapping_version, stored_as, issues, id_list, value_list, layout)
    VALUES (@sha256, @fileName, @size, @receivedAt, @recordedAt, @agency, @agencyRead, @year, @format, @status, @errors, @warnings,
    @mappingFile, @mappingVersion, @storedAs, @issues, @idList, @valueList, @layout)`);
  const supersede = db.prepare("UPDATE submissions SET status = 'superseded' WHERE id = ?");
  const ofYear = (columns: string) => db.prepare<[number | null], Row>(`SELECT ${columns} FROM submissions WHERE year IS ? ORDER BY received_at, file_name, id`);
  const ofYearFull = ofYear(COLUMNS);
  const ofYearBrief = ofYear(BRIEF);
  const ofYearWithoutValues = ofYear(`${FIELDS}, issues, NULL AS idList, '[]' AS valueList`);
  const valuesById = db.prepare<[string], { id: number; idList: number | null; valueList: string }>(
    'SELECT id, id_list AS idList, value_list AS valueList FROM submissions WHERE id IN (SELECT value FROM json_each(?))',
  );
  const arrivalsOf = db.prepare<[number], Arrival>(
    "SELECT agency, status, received_at AS receivedAt, file_name AS fileName FROM submissions WHERE year = ? AND status IN ('accepted', 'rejected') ORDER BY received_at, file_name, id",
  );
  const returnedReports = db.prepare<[], Row>(`SELECT ${BRIEF} FROM submissions WHERE status = 'rejected' AND format IS NOT NULL ORDER BY id`);
  // the accepted submissions of a year that have values, in the order of recording: for acceptedValues and acceptedIds
  const ACCEPTED_VALUES = "FROM submissions WHERE year = ? AND status = 'accepted' AND id_list IS NOT NULL AND id > ? ORDER BY id";
  const acceptedValuesOf = db.prepare<[number, number], { id: number; agency: string; year: number; format: Format; sha256: string; idList: number; valueList: string; layout: number }>(
    `SELECT id, agency, year, format, sha256, id_list AS idList, value_list AS valueList, layout ${ACCEPTED_VALUES}`,
  );
  const acceptedIdsOf = db.prepare<[number, number], { id: number; agency: string }>(`SELECT id, agency ${ACCEPTED_VALUES}`);
  const lineageOf = db.prepare<[string], { idList: number; places: string; printed: string }>(
    'SELECT l.id_list AS idList, l.places, l.printed FROM submissions s JOIN layouts l ON l.id = s.layout WHERE s.sha256 = ?',
  );
  const idListText = db.prepare<[number], string>('SELECT ids FROM id_lists WHERE id = ?').pluck();
  const layoutPlaces = db.prepare<[number], string>('SELECT places FROM layouts WHERE id = ?').pluck();
  const years = db.prepare<[], { year: number | null }>('SELECT DISTINCT year FROM submissions ORDER BY year IS NULL, year');
  const startRun = db.prepare('INSERT INTO runs (started_at) VALUES (?)');
  const endRun = db.prepare('UPDATE runs SET ended_at = @endedAt, seen = @seen, accepted = @accepted, rejected = @rejected, superseded = @superseded, duplicates = @duplicates, outcome = @outcome WHERE id = @id');
  const recentRuns = db.prepare<[number], RunRecord>(
    'SELECT id, started_at AS startedAt, ended_at AS endedAt, seen, accepted, rejected, superseded, duplicates, outcome FROM runs ORDER BY id DESC LIMIT ?',
  );

  const intern = makeInterner(db);
  /** id lists by row id, parsed once (there is one per format and release that changed it) */
  const idLists = new Map<number, readonly string[]>();
  const idsOf = (idList: number) => idLists.get(idList) ?? idLists.set(idList, JSON.parse(idListText.get(idList)!) as string[]).get(idList)!;

  // field by field: a rest-and-spread copy with fields added is several times slower, and outputs read 10,000 rows
  const fromRow = (row: Row): RecordedSubmission => ({
    id: row.id,
    sha256: row.sha256,
    fileName: row.fileName,
    size: row.size,
    receivedAt: row.receivedAt,
    agency: row.agency,
    year: row.year,
    format: row.format,
    status: row.status,
    errors: row.errors,
    warnings: row.warnings,
    mappingFile: row.mappingFile,
    mappingVersion: row.mappingVersion,
    storedAs: row.storedAs,
    issues: row.issues === '[]' ? [] : (JSON.parse(row.issues) as KeptIssue[]).map(([sheet, cell, input]) => makeIssue(input, sheet && cell ? { sheet, cell } : undefined)),
    values: row.idList === null ? NO_VALUES : { ids: idsOf(row.idList), numbers: JSON.parse(row.valueList) as (number | null)[] },
  });

  const arrivedLater = (a: Pick<Row, 'receivedAt' | 'fileName'>, b: Pick<Row, 'receivedAt' | 'fileName'>) =>
    a.receivedAt > b.receivedAt || (a.receivedAt === b.receivedAt && a.fileName > b.fileName);

  // one transaction of its own, or part of the caller's batch (a nested transaction would be a savepoint: two more
  // statements per submission, ~30 µs, and nothing of a batch is kept when one of its records fails)
  const recordNow = (s: NewSubmission, storedAs: (status: SubmissionStatus) => string): Recorded => {
    let status: SubmissionStatus = 'rejected';
    let displaced: Pick<Row, 'id'> | undefined;
    if (s.valid && s.agency !== null && s.year !== null) {
      const current = acceptedArrival.get(s.agency, s.year);
      if (!current || arrivedLater(s, current)) {
        status = 'accepted';
        displaced = current;
      } else status = 'superseded';
    }
    const place = storedAs(status);
    const idList = s.ids.length ? intern.idList(s.ids) : null;
    const result = insert.run({
      ...s,
      status,
      recordedAt: new Date().toISOString(),
      storedAs: place,
      issues: JSON.stringify(s.issues.map((i): KeptIssue => [i.sheet, i.cell, i.input])),
      idList,
      valueList: idList === null ? '[]' : JSON.stringify(s.numbers),
      layout: idList === null ? null : intern.layout(idList, s.placesJson, s.printedJson),
    });
    if (displaced) supersede.run(displaced.id);
    const values: ValueList = { ids: s.ids, numbers: s.numbers };
    const { valid: _valid, placesJson: _places, printedJson: _labels, agencyRead: _read, ids: _ids, numbers: _numbers, ...rest } = s;
    return { submission: { ...rest, values, id: Number(result.lastInsertRowid), status, storedAs: place }, displaced: displaced?.id ?? null };
  };
  const recordAlone = db.transaction(recordNow);
  const record = (s: NewSubmission, storedAs: (status: SubmissionStatus) => string): Recorded => (db.inTransaction ? recordNow(s, storedAs) : recordAlone(s, storedAs));
  /** a transaction; after a rollback the interned ids found inside it may name rows that were never kept */
  const guarded = <T>(work: () => T): T => {
    try {
      return work();
    } catch (error) {
      intern.forget();
      throw error;
    }
  };

  const yearRows = db.prepare<[], { year: number | null; n: number; f: string }>(
    "SELECT year, COUNT(*) AS n, group_concat(id || ':' || status || ':' || IFNULL(agency, ''), ',') AS f FROM (SELECT year, id, status, agency FROM submissions ORDER BY id) GROUP BY year",
  );
  const filedAs = db.prepare<[], { id: number; agency: string | null; agencyRead: string; year: number | null }>(
    'SELECT id, agency, agency_read AS agencyRead, year FROM submissions WHERE agency_read IS NOT NULL',
  );
  const reassign = db.prepare('UPDATE submissions SET agency = ? WHERE id = ?');
  const validOf = db.prepare<[string, number], Pick<Row, 'id' | 'status' | 'receivedAt' | 'fileName'>>(
    "SELECT id, status, received_at AS receivedAt, file_name AS fileName FROM submissions WHERE agency = ? AND year = ? AND status IN ('accepted', 'superseded')",
  );
  const setStatus = db.prepare('UPDATE submissions SET status = ? WHERE id = ?');
  const filedUnder = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'filed_under'");
  const setFiledUnder = db.prepare("INSERT INTO meta (key, value) VALUES ('filed_under', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  const refile = db.transaction((resolve: (nameAsRead: string) => string, rules: string): number => {
    if (filedUnder.get()?.value === rules) return 0;
    setFiledUnder.run(rules);
    // many submissions share a name: each is resolved once
    const resolved = new Map<string, string>();
    const agencyOf = (name: string) => resolved.get(name) ?? resolved.set(name, resolve(name)).get(name)!;
    const moved = filedAs.all().filter((r) => agencyOf(r.agencyRead) !== r.agency);
    if (moved.length === 0) return 0;
    const groups = new Map<string, [string, number]>();
    for (const r of moved) {
      const agency = agencyOf(r.agencyRead);
      reassign.run(agency, r.id);
      if (r.year === null) continue;
      for (const name of [r.agency, agency]) if (name !== null) groups.set(`${r.year}\u0000${name}`, [name, r.year]);
    }
    // an agency's valid reports of a year: the one that arrived last is accepted, the others superseded
    for (const [agency, year] of groups.values()) {
      const valid = validOf.all(agency, year);
      const latest = valid.reduce<(typeof valid)[number] | undefined>((a, b) => (!a || arrivedLater(b, a) ? b : a), undefined);
      for (const r of valid) {
        const status = r === latest ? 'accepted' : 'superseded';
        if (r.status !== status) setStatus.run(status, r.id);
      }
    }
    return moved.length;
  });

  return {
    yearDigests: () => new Map(yearRows.all().map((r) => [r.year, createHash('sha256').update(`${r.n}|${r.f}`).digest('hex').slice(0, 16)])),
    refile: (agencyOf, rules) => refile(agencyOf, rules),
    findBySha: (sha) => {
      const row = bySha.get(sha);
      return row && fromRow(row);
    },
    accepted: (agency, year) => {
      const row = acceptedOf.get(agency, year);
      return row && fromRow(row);
    },
    record: (s, storedAs) => guarded(() => record(s, storedAs)),
    acceptedIds: (year, include = () => true) => acceptedIdsOf.all(year, 0).filter((r) => include(r.agency)).map((r) => r.id),
    acceptedValues: function* (year, include = () => true, after = 0) {
      // files of one layout follow each other (one township's years, one county's template): keep the last few
      const places = new Map<number, readonly CellPlace[]>();
      for (const row of acceptedValuesOf.iterate(year, after)) {
        if (!include(row.agency)) continue;
        let placed = places.get(row.layout);
        if (!placed) {
          if (places.size >= 64) places.clear();
          placed = JSON.parse(layoutPlaces.get(row.layout)!) as CellPlace[];
          places.set(row.layout, placed);
        }
        yield { id: row.id, year: row.year, agency: row.agency, format: row.format, sha256: row.sha256, ids: idsOf(row.idList), numbers: JSON.parse(row.valueList) as (number | null)[], places: placed };
      }
    },
    lineage: (sha) => {
      const row = lineageOf.get(sha);
      if (!row) return null;
      const placed = JSON.parse(row.places) as CellPlace[];
      return { places: Object.fromEntries(idsOf(row.idList).map((id, n) => [id, placed[n] ?? null])), printed: JSON.parse(row.printed) as Record<string, [string, string]> };
    },
    submissionsOf: (year, detail) => (detail === 'brief' ? ofYearBrief : detail === 'no-values' ? ofYearWithoutValues : ofYearFull).all(year).map(fromRow),
    valuesOf: function* (ids) {
      for (let from = 0; from < ids.length; from += VALUES_BATCH) {
        const batch = ids.slice(from, from + VALUES_BATCH);
        const rows = new Map(valuesById.all(JSON.stringify(batch)).map((r) => [r.id, r]));
        for (const id of batch) {
          const row = rows.get(id);
          yield !row || row.idList === null ? NO_VALUES : { ids: idsOf(row.idList), numbers: JSON.parse(row.valueList) as (number | null)[] };
        }
      }
    },
    arrivals: (year) => arrivalsOf.all(year),
    returnedReports: () => returnedReports.all().map(fromRow),
    years: () => years.all().map((r) => r.year),
    batch: (work) => guarded(() => db.transaction(work)()),
    startRun: (startedAt) => Number(startRun.run(startedAt).lastInsertRowid),
    endRun: (id, endedAt, counts, outcome) => void endRun.run({ id, endedAt, outcome, ...counts }),
    recentRuns: (limit) => recentRuns.all(limit),
    backup: async (file) => void (await db.backup(file)),
    close: () => db.close(),
  };
}
