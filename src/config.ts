/**
 * nianbao.config.json: the county, its roster of expected agencies (with the names they sign with), the time
 * zone and the nightly schedule. Loose input is checked with zod once, here; a bad config is an operator error.
 */
import * as fs from 'node:fs';
import { systemErrorText } from './system-error';
import * as cron from 'node-cron';
import { z } from 'zod';
import { AGENCY_KINDS, kindLookup, makeRoster, type AgencyKind } from './roster';
import './mapping/schema'; // zod messages in Chinese

/** The levels of government that consolidate their units' reports. */
export const LEVELS = ['县', '区', '市', '州', '省'] as const;
export type Level = (typeof LEVELS)[number];

/** A county name's level, by its last character (样例县, 某某区, 某某市; 旗 and anything else count as 县). */
export function levelOf(county: string): Level {
  const last = county.replace(/(人民政府|政府)$/, '').slice(-1);
  return (LEVELS as readonly string[]).includes(last) ? (last as Level) : '县';
}

const agencySchema = z.strictObject({
  name: z.string().trim().min(1),
  aliases: z.array(z.string().trim().min(1)).default([]),
  /** the county itself (its own report), a township or street, or a county department */
  kind: z.enum(AGENCY_KINDS).default('township'),
});

const configSchema = z.strictObject({
  county: z.string().trim().min(1),
  roster: z.array(agencySchema).default([]),
  timezone: z.string().default('Asia/Shanghai'),
  schedule: z.string().default('0 2 * * *'),
  /** largest file read, in MB */
  maxFileMB: z.number().positive().default(20),
  /** the password of `nianbao serve`'s upload form; without it the server is read-only */
  uploadToken: z.string().min(8).optional(),
  /** the level of government consolidating: 全县/全区/全市/全州/全省 in every output; by default the county name's last character */
  level: z.enum(LEVELS).optional(),
  /** who returns the marked workbooks (the comments' author); by default 县政务公开办 (at the level) */
  office: z.string().trim().min(1).optional(),
});

export type RosterAgency = z.infer<typeof agencySchema>;

export interface Config {
  county: string;
  /** 县, 区, 市, 州 or 省: the outputs say 全县, 全区, … */
  level: Level;
  /** the consolidating office, as it signs (the comments on returned workbooks) */
  office: string;
  roster: RosterAgency[];
  timezone: string;
  schedule: string;
  maxFileBytes: number;
  uploadToken?: string;
  /** the roster name an agency name read from a report denotes (src/roster.ts); undefined when not on the roster */
  rosterName(agency: string): string | undefined;
  /** for a name not on the roster: up to three roster names it may have meant */
  nearRosterNames(agency: string): string[];
  /** the roster's kind of the agency a name denotes; undefined when not on the roster */
  rosterKind(agency: string): AgencyKind | undefined;
}

export class ConfigError extends Error {
  readonly code = 'config.invalid';
}

export function makeConfig(input: unknown, source = '配置'): Config {
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${source} 有误（${issue.path.join('.') || '（根）'}）：${issue.message}`);
  }
  const c = parsed.data;
  try {
    new Intl.DateTimeFormat('zh-CN', { timeZone: c.timezone });
  } catch {
    throw new ConfigError(`${source} 有误（timezone）：「${c.timezone}」不是有效的时区，例如 Asia/Shanghai`);
  }
  if (!cron.validate(c.schedule)) {
    throw new ConfigError(`${source} 有误（schedule）：「${c.schedule}」不是有效的 cron 表达式，例如每天凌晨 2 点为 "0 2 * * *"`);
  }
  const roster = makeRoster(c.roster);
  const conflict = roster.conflicts[0];
  if (conflict) {
    throw new ConfigError(conflict.twice
      ? `${source} 有误（roster）：「${conflict.first}」的别名「${conflict.key}」写了两次，请删去一处`
      : conflict.first === conflict.second
        ? `${source} 有误（roster）：名册中有两个「${conflict.first}」，请合并为一条`
        : `${source} 有误（roster）：「${conflict.key}」既指名册中的「${conflict.first}」，又指「${conflict.second}」；报表会被归到错误的单位，请删去其中一处或改用能区分的名称`);
  }
  const level = c.level ?? levelOf(c.county);
  return {
    county: c.county,
    level,
    office: c.office ?? `${level}政务公开办`,
    roster: c.roster,
    timezone: c.timezone,
    schedule: c.schedule,
    maxFileBytes: Math.round(c.maxFileMB * 1024 * 1024),
    uploadToken: c.uploadToken,
    rosterName: roster.resolve,
    nearRosterNames: roster.suggest,
    rosterKind: kindLookup(roster, c.roster),
  };
}

/** JSON.parse's "… at position N" as 第 L 行第 C 列 of the text. */
function jsonErrorPlace(text: string, error: Error): string {
  const at = /position (\d+)/.exec(error.message)?.[1];
  const offset = at === undefined ? text.length : Number(at);
  const before = text.slice(0, offset).split('\n');
  return `第 ${before.length} 行第 ${before[before.length - 1]!.length + 1} 列`;
}

/** The config file's text; a file not saved as UTF-8 (Notepad's ANSI/GBK, or UTF-16) is refused with how to save it. */
function configText(file: string, bytes: Buffer): string {
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || bytes.subarray(0, 64).includes(0);
  let text: string | undefined;
  if (!utf16) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = undefined;
    }
  }
  if (text === undefined) {
    throw new ConfigError(`配置文件 ${file} 不是 UTF-8 编码（看来是${utf16 ? ' UTF-16（Unicode）' : ' ANSI/GBK'}）。请用记事本打开，选“另存为”，在“编码”中选 UTF-8 后保存，再运行`);
  }
  return text.replace(/^\uFEFF/, '');
}

/** Reads the config file; a missing default file gives a config with no roster (`required` false). */
export function loadConfig(file: string, required: boolean): Config {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    if (missing && !required) return makeConfig({ county: '本县' });
    // a folder, or a file it may not read, is not a missing one: said as it is
    const reason = systemErrorText(error)?.split('：').slice(1).join('：') ?? (error as Error).message;
    throw new ConfigError(missing ? `找不到配置文件 ${file}` : `无法读取配置文件 ${file}：${reason}`);
  }
  const text = configText(file, bytes);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`配置文件 ${file} 不是有效的 JSON：${jsonErrorPlace(text, error as Error)}附近有误（常见原因：少了或多了逗号、引号或括号，或用了中文标点）`);
  }
  return makeConfig(json, `配置文件 ${file}`);
}
