/**
 * What is recorded with a submission besides its issues, computed where the file was read (a reading thread), so
 * the main thread only writes: the roster name of its agency, its numbers in canonical order, and its lineage (where
 * each was read, and the printed labels where they differ from the form's) as the JSON texts the ledger keeps.
 */
import type { Submission } from '../inspect';
import { storedPlace, type CellPlace } from '../place';
import type { Mapping } from '../mapping/mapping';
import { CANONICAL, type Format } from '../model/canonical';

export interface Prepared {
  agency: string | null;
  /** aligned with CANONICAL_IDS[format] (the id list the ledger keeps them with); empty when unread */
  numbers: (number | null)[];
  /** JSON of a CellPlace[] aligned with the same ids ('[]' when unread) */
  placesJson: string;
  /** JSON of {id: [row label, column label]} as printed, for the ids whose labels differ from the form's */
  printedJson: string;
}

export function prepareRecord(s: Submission, rosterName: (agency: string) => string | undefined, mappings: Record<Format, Mapping>): Prepared {
  const agency = s.agency === null ? null : (rosterName(s.agency) ?? s.agency);
  if (s.format === null) return { agency, numbers: [], placesJson: '[]', printedJson: '{}' };
  const mapping = mappings[s.format];
  const numbers: (number | null)[] = [];
  const places: CellPlace[] = [];
  const printedLabels: Record<string, [string, string]> = {};
  for (const c of CANONICAL[s.format]) {
    const p = s.provenance[c.id];
    numbers.push(s.values[c.id] ?? null);
    places.push(storedPlace(p));
    const form = mapping.labels.get(c.id)!;
    if (p && (p.rowLabel !== form.rowLabel || p.columnLabel !== form.columnLabel)) printedLabels[c.id] = [p.rowLabel, p.columnLabel];
  }
  return { agency, numbers, placesJson: JSON.stringify(places), printedJson: JSON.stringify(printedLabels) };
}
