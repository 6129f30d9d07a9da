/**
 * Which agencies cannot make 规章 (rules): under the Legislation Law only the State Council's departments and the
 * governments of provinces and of cities with districts can. An agency that cannot often prints 表二's block without
 * its 规章 row, and nothing is missing from its report then.
 *
 * Decided by the roster's kind when the agency is on it (a township, a street or a county department cannot), and
 * otherwise by its name: 乡, 镇, 街道, 片区, 苏木 and offices (…局, …办, …委, …中心, …) cannot; any other name — a
 * government named after its 省, 市, 区 or 县, or a name not recognised — may, and must print the row.
 */
import type { AgencyKind } from './roster';
import { agencyKey } from './roster';

/** The end of a name of a township, a street, an area or an office, as a report names its agency (人民政府 removed). */
const CANNOT_MAKE_RULES = /(乡|镇|街道|片区|苏木|局|办|办公室|委|委员会|中心|署|所|站|队|院|馆|社|会)$/;

export function cannotMakeRules(agency: string | null, kind: AgencyKind | undefined): boolean {
  if (kind !== undefined) return kind !== 'county';
  return agency !== null && CANNOT_MAKE_RULES.test(agencyKey(agency));
}
