/**
 * One submission through read → locate → normalize → identity → validate. `inspect` and `run` both call this; it
 * never throws for bad input: what is wrong with the file is in `issues`.
 */
import * as path from 'node:path';
import { hasErrors, makeIssue, type Issue } from './issues';
import { identify } from './identity';
import { locateLinearBestFormat } from './locate/linear';
import { binding as bindingAt, locateBestFormat, prepareGrid, type Located } from './locate/locate';
import { cellNames, type Mapping } from './mapping/mapping';
import { CANONICAL, FORMATS, SUBTOTAL_CELLS, TABLE_NUMBER, TABLES, formatForYear, type Format, type TableId } from './model/canonical';
import { parseValue } from './normalize';
import { DEFAULT_MAX_FILE_BYTES, readBytes, readFile } from './read/read';
import { cellAddress, parseAddress, type CellRef, type Grid, type RawCell } from './read/grid';
import type { Provenance } from './place';
import { normalizeLabel } from './mapping/label';
import { validate, valuesInput } from './validate/validate';
import { findingIssues } from './validate/finding-issues';
import { isTownshipName } from './validate/plausibility';
import { cannotMakeRules } from './rule-making';
import type { AgencyKind } from './roster';
import { proseStatements } from './validate/prose-statements';

export type Status = 'valid' | 'invalid' | 'unreadable';

export interface Submission {
  file: string;
  agency: string | null;
  year: number | null;
  format: Format | null;
  status: Status;
  values: Record<string, number | null>;
  provenance: Record<string, Provenance>;
  issues: Issue[];
  /** the mapping file and version the values were located with */
  mapping: { file: string; version: number } | null;
}

export interface InspectOptions {
  mappings: Record<Format, Mapping>;
  maxBytes?: number;
  now?: Date;
  /** the roster's kind of the agency a name denotes (run); without it an agency is judged by its name */
  kindOf?: (agency: string) => AgencyKind | undefined;
}

/** The row of 表二 an agency without the power to make 规章 may leave out (rule-making.ts). */
const RULES_ROW = 'rules';

/**
 * A 规章 row left out by an agency that cannot make 规章: its cells are read as blank (0) where the block was found,
 * said once with a warning at the block, instead of the row being missing. Any other row missing stays missing.
 */
function readOmittedRules(located: Located, mapping: Mapping, omittable: boolean): Issue[] {
  if (!omittable) return [];
  const issues: Issue[] = [];
  located.missing = located.missing.filter((m) => {
    const block = m.kind === 'row' && m.row === RULES_ROW && m.table === 'proactive' ? mapping.blocks.find((b) => b.name === m.block) : undefined;
    const at = located.tableRefs.proactive;
    if (!block || !at) return true;
    for (const column of block.columns) located.bindings.set(block.idOf(RULES_ROW, column.id), bindingAt(m.ref ?? at, undefined, m.label, column.label));
    issues.push(makeIssue({ code: 'layout.row_omitted', table: TABLE_NUMBER[m.table], block: m.block, label: m.label }, m.ref ?? at));
    return false;
  });
  return issues;
}

function layoutIssues(located: Located, mapping: Mapping): Issue[] {
  const issues: Issue[] = [];
  const missingBlocks = new Map<TableId, number>();
  for (const m of located.missing) if (m.kind === 'block') missingBlocks.set(m.table, (missingBlocks.get(m.table) ?? 0) + 1);
  const reportedTables = new Set<TableId>();
  for (const m of located.missing) {
    const whole = missingBlocks.get(m.table) === mapping.blocks.filter((b) => b.table === m.table).length;
    if (whole) {
      if (reportedTables.has(m.table)) continue;
      reportedTables.add(m.table);
      issues.push(makeIssue({ code: 'layout.missing', table: TABLE_NUMBER[m.table], block: '', part: 'tables', label: mapping.tableTitles[m.table] }));
    } else {
      issues.push(makeIssue({ code: 'layout.missing', table: TABLE_NUMBER[m.table], block: m.block, part: m.kind, label: m.label }, m.ref));
    }
  }
  for (const g of located.guessed) {
    issues.push(makeIssue({ code: 'layout.header_guessed', table: TABLE_NUMBER[g.table], block: g.block, printed: g.printed, column: g.column }, g.ref));
  }
  for (const f of located.fuzzy) {
    issues.push(makeIssue({ code: 'layout.label_fuzzy', table: TABLE_NUMBER[f.table], printed: f.printed, label: f.label, ...(f.part ? { part: f.part } : {}) }, f.ref));
  }
  for (const c of located.combined) {
    issues.push(makeIssue({ code: 'layout.rows_combined', table: TABLE_NUMBER[c.table], label: c.label, parts: c.parts }, c.ref));
  }
  for (const m of located.misaligned) {
    issues.push(makeIssue({ code: 'layout.row_values', table: TABLE_NUMBER[m.table], row: m.row, expected: m.expected, found: m.found }, m.ref));
  }
  for (const u of located.unplaced) issues.push(makeIssue({ code: 'layout.value_unplaced', table: TABLE_NUMBER[u.table], found: u.text, ...(u.merged ? { merged: u.merged } : {}) }, u.ref));
  return issues;
}

/** Errors first, then by sheet (as they come), row and column. */
function sortIssues(issues: Issue[], sheetOrder: string[]): Issue[] {
  const position = (i: Issue) => {
    if (!i.cell) return [sheetOrder.length + 1, 0, 0];
    const { r, c } = parseAddress(i.cell);
    const s = i.sheet === null ? -1 : sheetOrder.indexOf(i.sheet);
    return [s, r, c];
  };
  return issues
    .map((issue, n) => ({ issue, n, key: [issue.severity === 'error' ? 0 : 1, ...position(issue)] }))
    .sort((a, b) => {
      for (let k = 0; k < a.key.length; k++) if (a.key[k] !== b.key[k]) return a.key[k]! - b.key[k]!;
      return a.n - b.n;
    })
    .map((x) => x.issue);
}

/**
 * The layout the figures are read with. The format follows the report year (2021+ → format 2021) whenever the
 * year's mapping reads table 二 whole: a block printed in the other format's shape (a 2021 report printing
 * （六）其他处理 as one row, as the 2019 form did) does not flip the whole file. Without a year, or when table 二 only
 * reads in the other format (a 2019 form filled in for 2023), the format whose mapping binds the most (then
 * format.year_mismatch says so).
 */
function locateForYear(grid: Grid, mappings: readonly Mapping[], year: number | null): Located | undefined {
  const prepared = grid.linear ? undefined : prepareGrid(grid);
  const locateWith = (list: readonly Mapping[]) => (grid.linear ? locateLinearBestFormat(grid.linear, list) : locateBestFormat(prepared!, list));
  const ofYear = year === null ? undefined : mappings.find((m) => m.format === formatForYear(year));
  if (ofYear) {
    const located = locateWith([ofYear]);
    if (located && located.tableRefs.proactive && !located.missing.some((m) => m.table === 'proactive')) return located;
  }
  return locateWith(mappings);
}

/**
 * normalize: each located cell read as a number of its kind, with where it was read (null and an issue where it is
 * not one); then a subtotal not printed as a row of its own, as the sum of its parts (null when a part is).
 */
function normalizeValues(grid: Grid, located: Located, mapping: Mapping): Pick<Submission, 'values' | 'provenance' | 'issues'> {
  const values: Submission['values'] = {};
  const provenance: Submission['provenance'] = {};
  const issues: Issue[] = [];
  // tables of which some value cell was found, and those of which one holds anything (a 0, a —, a number, a word)
  const found = new Set<TableId>();
  const filled = new Set<TableId>();
  for (const canonical of CANONICAL[located.format]) {
    const binding = located.bindings.get(canonical.id);
    if (!binding) {
      values[canonical.id] = null;
      continue;
    }
    found.add(canonical.table);
    if (!isBlank(binding.raw)) filled.add(canonical.table);
    // (explicit fields: an object spread here costs more than the rest of the loop)
    provenance[canonical.id] = { sheet: binding.sheet, cell: binding.cell, rowLabel: binding.rowLabel, columnLabel: binding.columnLabel };
    const parsed = parseValue(binding.raw, canonical.kind, canonical.unitAssumed ? 'assumed' : 'wan');
    if (parsed.ok) {
      values[canonical.id] = parsed.value;
      if (parsed.annotation) {
        issues.push(makeIssue({ code: 'value.annotated', at: cellNames(mapping, canonical.id), found: String(binding.raw?.value ?? ''), value: parsed.value }, binding));
      }
      if (parsed.unitAssumed) {
        issues.push(makeIssue({ code: 'value.unit_assumed', at: cellNames(mapping, canonical.id), found: String(binding.raw?.value ?? '') }, binding));
      }
    } else {
      values[canonical.id] = null;
      issues.push(makeIssue({ code: 'value.type', at: cellNames(mapping, canonical.id), expected: parsed.expected, found: parsed.found }, binding));
    }
  }
  // a whole table of blanks is more likely "not filled in" than "none": counted as 0, and said so; a form with no
  // value at all is an unfilled template (a blank form sent by mistake), never counted as zeros
  const foundTables = TABLES.filter((table) => found.has(table));
  if (foundTables.length > 0 && filled.size === 0) {
    const first = foundTables[0]!;
    issues.push(makeIssue({ code: 'values.form_unfilled', tables: foundTables.map((t) => TABLE_NUMBER[t]).join('、') }, titleRef(grid, located.tableRefs[first], mapping.tableTitles[first])));
  } else for (const table of TABLES) {
    if (found.has(table) && !filled.has(table)) {
      issues.push(makeIssue({ code: 'values.table_blank', table: `${TABLE_NUMBER[table]}「${mapping.tableTitles[table]}」` }, titleRef(grid, located.tableRefs[table], mapping.tableTitles[table])));
    }
  }
  for (const { id: subtotal, parts } of SUBTOTAL_CELLS[located.format]) {
    if (located.bindings.has(subtotal)) continue;
    let sum: number | null = 0;
    for (const part of parts) sum = sum === null || values[part] === null ? null : sum + values[part]!;
    values[subtotal] = sum;
  }
  return { values, provenance, issues };
}

/**
 * Where a table's title is printed (二、主动公开政府信息情况): the nearest cell above the table's heading, on its sheet,
 * whose text holds the title without its number; the heading itself where there is none (report text, PDFs).
 */
function titleRef(grid: Grid, heading: CellRef | undefined, title: string): CellRef | undefined {
  const sheet = heading ? grid.sheets.find((s) => s.name === heading.sheet) : undefined;
  if (!heading || !sheet) return heading;
  const words = normalizeLabel(title).replace(/^[一二三四五六七八九十]+[、.]/, '');
  const { r } = parseAddress(heading.cell);
  for (let row = r; row >= Math.max(0, r - 6); row--) {
    const cells = sheet.rows[row] ?? [];
    for (let c = 0; c < cells.length; c++) {
      const value = cells[c]?.value;
      if (typeof value === 'string' && normalizeLabel(value).includes(words)) return { sheet: sheet.name, cell: cellAddress(row, c) };
    }
  }
  return heading;
}

/** A value cell with nothing in it: absent, or only spaces (a page's &nbsp; too). — / 无 / 0 are something. */
function isBlank(cell: RawCell | undefined): boolean {
  return cell === undefined || cell.value === null || (typeof cell.value === 'string' && cell.value.trim() === '' && !cell.formula);
}

/** `name`: the file as the clerk knows it — its name, or its path in the inbox or a zip (东风镇/年报.xlsx). */
export function inspectGrid(grid: Grid, name: string, options: InspectOptions): Submission {
  const mappings = FORMATS.map((f) => options.mappings[f]);
  const id = identify(grid, name, options.now);
  const located = locateForYear(grid, mappings, id.year);
  const issues: Issue[] = [...id.issues];
  const submission: Submission = { file: name, agency: id.agency, year: id.year, format: null, status: 'invalid', values: {}, provenance: {}, issues, mapping: null };
  if (!located) {
    issues.push(makeIssue({ code: 'layout.missing', table: '表二、表三、表四', block: '', part: 'tables', label: '政府信息公开工作年度报告的统计表' }));
    submission.issues = sortIssues(issues, grid.sheets.map((s) => s.name));
    return submission;
  }
  const mapping = options.mappings[located.format];
  submission.format = located.format;
  submission.mapping = { file: mapping.file, version: mapping.version };
  issues.push(...readOmittedRules(located, mapping, cannotMakeRules(id.agency, id.agency === null ? undefined : options.kindOf?.(id.agency))));
  issues.push(...layoutIssues(located, mapping));

  const normalized = normalizeValues(grid, located, mapping);
  submission.values = normalized.values;
  submission.provenance = normalized.provenance;
  issues.push(...normalized.issues);

  if (id.year !== null && formatForYear(id.year) !== located.format) {
    const at = located.tableRefs.proactive ?? located.tableRefs.requests ?? located.tableRefs.appeals;
    issues.push(makeIssue({ code: 'format.year_mismatch', year: id.year, format: located.format, expectedFormat: formatForYear(id.year) }, at));
  }

  const report = {
    ...valuesInput(located.format, submission.values),
    printed: (key: string) => located.bindings.has(key),
    township: isTownshipName(id.agency),
    statements: proseStatements(grid.prose, { format: located.format, agency: id.agency, year: id.year }),
  };
  issues.push(...findingIssues(validate(report, { itself: true }), { mapping, place: (key) => located.bindings.get(key) }));
  submission.issues = sortIssues(issues, grid.sheets.map((s) => s.name));
  submission.status = hasErrors(issues) ? 'invalid' : 'valid';
  return submission;
}

/** A submission that could not be read at all: only its file name and the reason. */
export function unreadableSubmission(name: string, issue: Issue): Submission {
  return { file: name, agency: null, year: null, format: null, status: 'unreadable', values: {}, provenance: {}, issues: [issue], mapping: null };
}

export function inspectBytes(bytes: Buffer, file: string, options: InspectOptions): Submission {
  const result = readBytes(bytes, file);
  return result.ok ? inspectGrid(result.grid, file, options) : unreadableSubmission(file, result.issue);
}

/** `name`: the file's name as its sender gave it, where it is read from another (an upload's temporary file). */
export function inspectFile(file: string, options: InspectOptions, name: string = path.basename(file)): Submission {
  const result = readFile(file, options.maxBytes ?? DEFAULT_MAX_FILE_BYTES, name);
  return result.ok ? inspectGrid(result.grid, name, options) : unreadableSubmission(name, result.issue);
}
