/**
 * consolidate: a pure function of the accepted submissions of a year → the county totals, per format (a year has
 * one format in practice; a mixed year keeps its formats apart, since table 二 means different things in each).
 * Table 三 and 四 rules are linear, so the sums of valid inputs are valid. Amounts keep 6 decimals (万元).
 */
import type { Config } from './config';
import type { RecordedSubmission } from './ledger/ledger';
import { positionsOf, type ValueList } from './ledger/value-list';
import { CANONICAL, type Format } from './model/canonical';

export interface CountyTotals {
  format: Format;
  /** id → sum over the included agencies; null where not every one of them gave it (a subtotal's parts where one
   * printed only the subtotal): a partial sum is never passed off as the county's */
  values: Record<string, number | null>;
  /** id → number of agencies summed */
  agencies: Record<string, number>;
  /** the agencies included, sorted */
  included: string[];
}

/**
 * County totals built one accepted report at a time, so that a year's values need never be all in memory at once
 * (the outputs read them from the ledger a batch at a time). `totals()` gives them per format, formats in order.
 */
export function totalsAccumulator(): { add(format: Format, agency: string | null, values: ValueList): void; totals(): CountyTotals[] } {
  const byFormat = new Map<Format, { sums: number[]; counts: number[]; agencies: string[] }>();
  return {
    add(format, agency, values) {
      let sum = byFormat.get(format);
      if (!sum) byFormat.set(format, (sum = { sums: CANONICAL[format].map(() => 0), counts: CANONICAL[format].map(() => 0), agencies: [] }));
      // cell by cell in the order of the format (each list's positions worked out once)
      const at = positionsOf(values, format);
      for (let i = 0; i < sum.sums.length; i++) {
        const v = at[i]! < 0 ? null : values.numbers[at[i]!];
        if (typeof v === 'number') {
          sum.sums[i]! += v;
          sum.counts[i]!++;
        }
      }
      sum.agencies.push(agency ?? '');
    },
    totals: () =>
      [...byFormat.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([format, { sums, counts, agencies: included }]) => {
          const values: Record<string, number | null> = {};
          const agencies: Record<string, number> = {};
          CANONICAL[format].forEach((cell, i) => {
            values[cell.id] = counts[i]! < included.length ? null : cell.kind === 'amount' ? Math.round(sums[i]! * 1e6) / 1e6 : sums[i]!;
            agencies[cell.id] = counts[i]!;
          });
          return { format, values, agencies, included: included.sort(compareText) };
        }),
  };
}

export function consolidate(accepted: readonly RecordedSubmission[]): CountyTotals[] {
  const totals = totalsAccumulator();
  for (const s of accepted) if (s.format !== null && s.status === 'accepted') totals.add(s.format, s.agency, s.values);
  return totals.totals();
}

/** Stable ordering of Chinese names (code point order, the same on every machine). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The county totals of a year's submissions: the sums of the accepted reports of its townships and departments (on
 * the roster, when there is one).
 * The county's own report (roster kind "county") is their parent, not one of them: it is returned apart (to be
 * compared with the sums), never summed with them.
 */
export function countyTotals(subs: readonly RecordedSubmission[], config: Pick<Config, 'roster'>): { parent: RecordedSubmission | undefined; totals: CountyTotals[] } {
  const parent = parentOf(subs, config);
  return { parent, totals: consolidate(subs.filter((s) => s.status === 'accepted' && s !== parent && counted(s, config))) };
}

/** The county's own accepted report (its roster entry has kind "county"), if any. */
export function parentOf<S extends Pick<RecordedSubmission, 'status' | 'agency'>>(subs: readonly S[], config: Pick<Config, 'roster'>): S | undefined {
  const parentName = config.roster.find((a) => a.kind === 'county')?.name;
  return subs.find((s) => s.status === 'accepted' && s.agency !== null && s.agency === parentName);
}

/**
 * Whether a report counts into the county totals: with a roster, only a roster unit's (a unit not on it is shown, never
 * summed, until the coordinator adds it or an alias: a name written differently must not count a township twice);
 * without one, every unit's.
 */
export function counted(s: Pick<RecordedSubmission, 'agency'>, config: Pick<Config, 'roster'>): boolean {
  if (config.roster.length === 0) return true;
  // the names of a roster, as a set made once (a province's roster of thousands is asked for each of its reports)
  let names = rosterNames.get(config.roster);
  if (!names) rosterNames.set(config.roster, (names = new Set(config.roster.map((a) => a.name))));
  return s.agency !== null && names.has(s.agency);
}

const rosterNames = new WeakMap<Config['roster'], Set<string>>();
