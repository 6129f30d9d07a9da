/**
 * Ledger migration 4: the ledger keeps data, not renderings. Before, a submission kept its values by position in an
 * order fixed in code (numbers_json), its places likewise (cells_json), its issues already worded (issues_json) and
 * its rows of values.csv as text (values_csv, ~44 KB a file). Now:
 * - values are keyed by canonical id: `value_list` is aligned with an id list kept once in `id_lists`;
 * - where they were read is a layout kept once in `layouts` for every file of that layout (places and the labels
 *   printed where they differ from the form's), not 200 times per file;
 * - issues are kept as data ([sheet, cell, input]) and worded when shown. Issues recorded before kept only their
 *   words: they become {code, recorded: {message, expected, found}} and are shown as they were worded;
 * - values.csv is rendered at output time from these and the mappings.
 * Frozen like every migration: it reads schema 3 with the id order of schema 3 (ids-schema-3.ts).
 */
import type Database from 'better-sqlite3';
import { IDS_OF_SCHEMA_3 } from './ids-schema-3';
import { makeInterner } from './intern';

interface OldRow {
  id: number;
  format: '2019' | '2021' | null;
  issues: string;
  numbers: string;
  cells: string;
  labels: string;
}

interface OldIssue {
  code: string;
  sheet: string | null;
  cell: string | null;
  message: string;
  expected: string | number | null;
  found: string | number | null;
}

export function keepDataNotRenderings(db: Database.Database): void {
  db.exec(`
  CREATE TABLE id_lists (
    id INTEGER PRIMARY KEY,
    ids TEXT NOT NULL UNIQUE            -- JSON [canonical id, …]: what each position of a value list means
  );
  CREATE TABLE layouts (
    id INTEGER PRIMARY KEY,
    id_list INTEGER NOT NULL REFERENCES id_lists (id),
    digest TEXT NOT NULL UNIQUE,        -- of id_list, places and printed: files of one layout share the row
    places TEXT NOT NULL,               -- JSON [[sheet, cell] | null, …] aligned with the id list: where each value was read
    printed TEXT NOT NULL               -- JSON {id: [row label, column label]} as printed, where they differ from the form's
  );
  CREATE TABLE submissions_4 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256 TEXT NOT NULL UNIQUE,
    file_name TEXT NOT NULL,
    size INTEGER NOT NULL,
    received_at TEXT NOT NULL,          -- the file's modification time (order of arrival), ISO 8601 UTC
    recorded_at TEXT NOT NULL,          -- when a run recorded it, ISO 8601 UTC
    agency TEXT,                        -- the roster name it is filed under (re-filed each run), else the name as read
    agency_read TEXT,                   -- the agency's name as read from the report (normalised)
    year INTEGER,
    format TEXT,
    status TEXT NOT NULL CHECK (status IN ('accepted', 'rejected', 'superseded')),
    errors INTEGER NOT NULL,
    warnings INTEGER NOT NULL,
    mapping_file TEXT,
    mapping_version INTEGER,
    stored_as TEXT NOT NULL,            -- where the file was moved to, relative to the folder holding the inbox
    issues TEXT NOT NULL,               -- JSON [[sheet, cell, {code, …what was found}], …]: worded when shown
    id_list INTEGER REFERENCES id_lists (id),  -- null when nothing was read
    value_list TEXT NOT NULL,           -- JSON [value | null, …] aligned with the id list
    layout INTEGER REFERENCES layouts (id)
  );
  `);
  // a page of rows at a time: a large ledger is never whole in memory
  const page = db.prepare<[number], OldRow>(
    'SELECT id, format, issues_json AS issues, numbers_json AS numbers, cells_json AS cells, labels_json AS labels FROM submissions WHERE id > ? ORDER BY id LIMIT 500',
  );
  db.exec(`INSERT INTO submissions_4 (id, sha256, file_name, size, received_at, recorded_at, agency, agency_read, year, format, status, errors,
    warnings, mapping_file, mapping_version, stored_as, issues, value_list)
    SELECT id, sha256, file_name, size, received_at, recorded_at, agency, agency_read, year, format, status, errors, warnings, mapping_file,
    mapping_version, stored_as, '[]', '[]' FROM submissions`);
  const intern = makeInterner(db);
  const update = db.prepare('UPDATE submissions_4 SET issues = ?, id_list = ?, value_list = ?, layout = ? WHERE id = ?');
  const keep = (row: OldRow) => {
    const issues = (JSON.parse(row.issues) as OldIssue[]).map(({ code, sheet, cell, message, expected, found }) => [sheet, cell, { code, recorded: { message, expected, found } }]);
    const numbers = JSON.parse(row.numbers) as (number | null)[];
    const ids = row.format ? IDS_OF_SCHEMA_3[row.format] : undefined;
    // nothing was read (or, never seen, numbers not of the format's length: they could not be keyed by id)
    if (!ids || numbers.length !== ids.length) {
      update.run(JSON.stringify(issues), null, '[]', null, row.id);
      return;
    }
    const idList = intern.idList(ids);
    const cells = JSON.parse(row.cells) as unknown[];
    const places = cells.length === ids.length ? cells : ids.map(() => null);
    update.run(JSON.stringify(issues), idList, row.numbers, intern.layout(idList, JSON.stringify(places), row.labels), row.id);
  };
  for (let rows = page.all(0); rows.length > 0; rows = page.all(rows.at(-1)!.id)) rows.forEach(keep);
  db.exec(`
  DROP TABLE submissions;
  ALTER TABLE submissions_4 RENAME TO submissions;
  CREATE INDEX submissions_by_year ON submissions (year, agency, status);
  DELETE FROM meta WHERE key = 'generation';
  `);
}
