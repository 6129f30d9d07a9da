/**
 * The county's roster as a lookup: which roster agency a name read from a report denotes. A name matches after
 * dropping what it may carry around the agency itself — 人民政府, 政府, 办事处, 党政办, 管委会 after it, a county or city
 * before it (样例县八道壕镇人民政府 → 八道壕镇) — and nothing else: a name that still matches no entry is a unit not on
 * the roster (never counted into the county until the coordinator adds it or an alias). A roster in which two entries
 * would claim one name is refused (RosterConflict), since a report could be filed under the wrong one.
 */
import { normalizeAgency } from './identity';
import { editDistance } from './edit-distance';

export interface RosterEntry {
  name: string;
  aliases: readonly string[];
}

/** What an agency of the roster is: the county itself (its own report), a township or street, a county department. */
export const AGENCY_KINDS = ['county', 'township', 'department'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

/** The roster's kind of the agency a name read from a report denotes (undefined: on no entry). */
export function kindLookup(roster: Roster, entries: readonly (RosterEntry & { kind?: AgencyKind })[]): (name: string) => AgencyKind | undefined {
  const kinds = new Map(entries.map((e) => [e.name, e.kind]));
  return (name) => {
    const entry = roster.resolve(name);
    return entry === undefined ? undefined : kinds.get(entry);
  };
}

/** A name two roster entries claim (`first`, `second`: their names), or an alias one entry lists twice (`twice`). */
export interface RosterConflict {
  key: string;
  first: string;
  second: string;
  twice?: boolean;
}

export interface Roster {
  /** the roster name a name read from a report denotes; undefined when it is on no entry */
  resolve(name: string): string | undefined;
  /** up to three roster names a name not on the roster may have meant, closest first */
  suggest(name: string): string[];
  conflicts: RosterConflict[];
}

/**
 * Which names denote which agency, as this release decides it (agencyKey, resolve): raised whenever a change there
 * could file a recorded report under another agency, so that the next run files every report again (Ledger.refile).
 */
export const NAME_MATCHING_VERSION = 1;

/** What a signature adds after the agency's own name (longest first; stripped repeatedly). */
const SIGNATURE_SUFFIXES = /(人民政府办公室|人民政府|党政办公室|党政办|政府办公室|政府办|政府|办事处|管理委员会|管委会)$/;
/** A name before the agency that names the county or city it belongs to: 样例县, 淮安市洪泽区, 某某自治县. */
const DIVISION_PREFIX = /^.*?(省|自治区|市|地区|自治州|州|盟|县|区|旗)$/;

/** 八道壕镇人民政府 → 八道壕镇; 南山乡政府 → 南山乡; 西湖街道党政办 → 西湖街道 (full-width and spaces folded). */
export function agencyKey(name: string): string {
  let key = normalizeAgency(name);
  for (let previous = ''; previous !== key; ) {
    previous = key;
    const stripped = key.replace(SIGNATURE_SUFFIXES, '');
    if (stripped) key = stripped;
  }
  return key;
}

export function makeRoster(entries: readonly RosterEntry[]): Roster {
  const byKey = new Map<string, string>();
  /** which entry (by position) claimed each key: two entries of one name conflict too */
  const claimedBy = new Map<string, number>();
  const conflicts: RosterConflict[] = [];
  entries.forEach((entry, n) => {
    const listed = new Set<string>();
    for (const name of [entry.name, ...entry.aliases]) {
      const key = agencyKey(name);
      const claimer = claimedBy.get(key);
      if (claimer !== undefined && claimer !== n) conflicts.push({ key: name, first: entries[claimer]!.name, second: entry.name });
      else if (listed.has(name)) conflicts.push({ key: name, first: entry.name, second: entry.name, twice: true });
      listed.add(name);
      if (claimer === undefined) {
        claimedBy.set(key, n);
        byKey.set(key, entry.name);
      }
    }
  });
  // longest keys first: 样例县八道壕镇 is 八道壕镇 of 样例县 before it is any shorter name's
  const keys = [...byKey.keys()].sort((a, b) => b.length - a.length);
  const resolve = (name: string): string | undefined => {
    const key = agencyKey(name);
    const exact = byKey.get(key);
    if (exact !== undefined) return exact;
    const within = keys.find((k) => key.length > k.length && key.endsWith(k) && DIVISION_PREFIX.test(key.slice(0, -k.length)));
    return within === undefined ? undefined : byKey.get(within);
  };
  const suggest = (name: string): string[] => {
    const key = agencyKey(name);
    const scored = [...byKey].map(([k, rosterName]) => {
      const near = key.includes(k) || k.includes(key) ? 0 : editDistance(key, k);
      return { rosterName, near };
    });
    const limit = Math.max(1, Math.floor([...key].length / 2));
    const names: string[] = [];
    for (const s of scored.filter((x) => x.near <= limit).sort((a, b) => a.near - b.near)) if (!names.includes(s.rosterName)) names.push(s.rosterName);
    return names.slice(0, 3);
  };
  return { resolve, suggest, conflicts };
}
