/**
 * What is recorded with a submission besides its issues, computed where the file was read (a worker thread), so
 * the main thread only writes: the roster name of its agency, its values with their cells (lineage, as JSON), its
 * numbers in canonical order, and its rows of values.csv.
 */
import type { Submission } from '../inspect';
import type { RecordedValue } from '../ledger/ledger';
import type { Mapping } from '../mapping/load';
import { CANONICAL, type Format } from '../model/canonical';
import { valuesCsvRows } from '../render/year-outputs';

export interface Prepared {
  agency: string | null;
  valuesJson: string;
  numbers: (number | null)[];
  valuesCsv: string;
}

export function prepareRecord(s: Submission, sha256: string, rosterName: (agency: string) => string | undefined, mappings: Record<Format, Mapping>): Prepared {
  const agency = s.agency === null ? null : (rosterName(s.agency) ?? s.agency);
  const values: Record<string, RecordedValue> = {};
  const official = s.format === null ? undefined : mappings[s.format].labels;
  for (const [id, value] of Object.entries(s.values)) {
    const p = s.provenance[id];
    const form = official?.get(id);
    const row = p && p.rowLabel !== form?.rowLabel ? p.rowLabel : '';
    const column = p && p.columnLabel !== form?.columnLabel ? p.columnLabel : '';
    values[id] = row || column ? [value, p?.sheet ?? null, p?.cell ?? null, row, column] : [value, p?.sheet ?? null, p?.cell ?? null];
  }
  return {
    agency,
    valuesJson: JSON.stringify(values),
    numbers: s.format === null ? [] : CANONICAL[s.format].map((c) => s.values[c.id] ?? null),
    valuesCsv: s.status === 'valid' && s.format !== null ? valuesCsvRows(s.year, agency, s.format, sha256, values, mappings[s.format]) : '',
  };
}
