/**
 * The words for the level of government that consolidates (the config's `level`): a county says 全县 and its
 * units are 乡镇（街道） and 县直部门; a city says 全市 and its units are 县（市、区） and 市直部门; a province's are
 * 市（州） and 省直部门. Every output that names the whole or the kinds of unit takes its words from here.
 */
import type { Level } from './config';

export interface LevelWords {
  /** 全县, 全区, 全市, 全州, 全省 */
  whole: string;
  /** 本县, 本区, … (the roster is 本县名册) */
  own: string;
  /** who files to it, as the draft's opening sentence names them: 各乡（镇、街道办事处）、县政府各部门 */
  filers: string;
  /** a roster kind as a clerk reads it (报送情况, status, the web page): 乡镇（街道） or 县（市、区）, 县直部门 or 市直部门 */
  kind(kind: string): string;
}

/** The units below a level, as they are listed: a county's townships and streets, a city's counties, a province's cities. */
const LOWER: Record<Level, { lower: string; filers: string }> = {
  县: { lower: '乡镇（街道）', filers: '各乡（镇、街道办事处）' },
  区: { lower: '乡镇（街道）', filers: '各乡（镇、街道办事处）' },
  市: { lower: '县（市、区）', filers: '各县（市、区）' },
  州: { lower: '县（市）', filers: '各县（市）' },
  省: { lower: '市（州）', filers: '各市（州）' },
};

export function levelWords(level: Level): LevelWords {
  const { lower, filers } = LOWER[level];
  const departments = `${level}直部门`;
  const kinds: Record<string, string> = { county: '本级', township: lower, department: departments, unknown: '不在名册' };
  return {
    whole: `全${level}`,
    own: `本${level}`,
    filers: `${filers}、${level}政府各部门`,
    kind: (kind) => kinds[kind] ?? kind,
  };
}
