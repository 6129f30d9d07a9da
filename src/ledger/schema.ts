/**
 * The ledger's schema, as numbered migrations. PRAGMA user_version holds the version reached; a migration runs
 * once, inside a transaction, and migrations are never edited after release — a change is a new migration. A
 * migration is SQL, or a function where rows must be rewritten.
 */
import type Database from 'better-sqlite3';
import { keepDataNotRenderings } from './migrate-data';
import { addSubtotalsOf2021 } from './migrate-subtotals';

export const MIGRATIONS: readonly (string | ((db: Database.Database) => void))[] = [
  // 1: submissions and runs
  `
  CREATE TABLE submissions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256 TEXT NOT NULL UNIQUE,
    file_name TEXT NOT NULL,
    size INTEGER NOT NULL,
    received_at TEXT NOT NULL,          -- the file's modification time (order of arrival), ISO 8601 UTC
    recorded_at TEXT NOT NULL,          -- when this run recorded it, ISO 8601 UTC
    agency TEXT,                        -- roster name where the agency is on the roster, else the normalised name
    year INTEGER,
    format TEXT,
    status TEXT NOT NULL CHECK (status IN ('accepted', 'rejected', 'superseded')),
    errors INTEGER NOT NULL,
    warnings INTEGER NOT NULL,
    mapping_file TEXT,
    mapping_version INTEGER,
    stored_as TEXT NOT NULL,            -- where the file was moved to, relative to the folder holding the inbox
    issues_json TEXT NOT NULL,          -- [{code, severity, sheet, cell, message, expected, found}]
    cells_json TEXT NOT NULL,           -- [[sheet, cell] | null, …] where each value was read, in canonical order
    labels_json TEXT NOT NULL,          -- {id: [row label, column label]} as printed, only where they differ from the form
    numbers_json TEXT NOT NULL,         -- [value, …] in the canonical order of the format (for consolidation)
    values_csv TEXT NOT NULL            -- this submission's rows of values.csv (CRLF-separated, no header)
  );
  CREATE INDEX submissions_by_year ON submissions (year, agency, status);
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    seen INTEGER NOT NULL DEFAULT 0,
    accepted INTEGER NOT NULL DEFAULT 0,
    rejected INTEGER NOT NULL DEFAULT 0,
    superseded INTEGER NOT NULL DEFAULT 0,
    duplicates INTEGER NOT NULL DEFAULT 0,
    outcome TEXT
  );
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  INSERT INTO meta (key, value) VALUES ('generation', '0');
  `,
  // 2: format 2021's subtotal requests.other_handling (（六）其他处理 as a whole) in recorded numbers and rows
  addSubtotalsOf2021,
  // 3: the agency name as read from the report, apart from the roster name it is filed under (the roster may change)
  `
  ALTER TABLE submissions ADD COLUMN agency_read TEXT;
  UPDATE submissions SET agency_read = agency;
  `,
  // 4: values keyed by id with shared id lists and layouts; issues as data; no stored renderings (values.csv rows)
  keepDataNotRenderings,
  // 5: the returned reports found without reading every submission (each run looks for their marked copies)
  `
  CREATE INDEX submissions_by_status ON submissions (status);
  `,
];
