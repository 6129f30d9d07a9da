/**
 * nianbao.config.json: the county, its roster of expected agencies (with the names they sign with), the time
 * zone and the nightly schedule. Loose input is checked with zod once, here; a bad config is an operator error.
 */
import * as fs from 'node:fs';
import * as cron from 'node-cron';
import { z } from 'zod';
import { normalizeAgency } from './identity';
import './mapping/schema'; // zod messages in Chinese

const agencySchema = z.strictObject({
  name: z.string().trim().min(1),
  aliases: z.array(z.string().trim().min(1)).default([]),
  /** the county itself (its own report), a township or street, or a county department */
  kind: z.enum(['county', 'township', 'department']).default('township'),
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
});

export type RosterAgency = z.infer<typeof agencySchema>;

export interface Config {
  county: string;
  roster: RosterAgency[];
  timezone: string;
  schedule: string;
  maxFileBytes: number;
  uploadToken?: string;
  /** a normalised agency name or alias → the roster name; undefined when the agency is not on the roster */
  rosterName(agency: string): string | undefined;
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
  const names = new Map<string, string>();
  for (const agency of c.roster) {
    for (const name of [agency.name, ...agency.aliases]) names.set(normalizeAgency(name), agency.name);
  }
  return {
    county: c.county,
    roster: c.roster,
    timezone: c.timezone,
    schedule: c.schedule,
    maxFileBytes: Math.round(c.maxFileMB * 1024 * 1024),
    uploadToken: c.uploadToken,
    rosterName: (agency) => names.get(normalizeAgency(agency)),
  };
}

/** Reads the config file; a missing default file gives a config with no roster (`required` false). */
export function loadConfig(file: string, required: boolean): Config {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    if (!required) return makeConfig({ county: '本县' });
    throw new ConfigError(`找不到配置文件 ${file}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ConfigError(`配置文件 ${file} 不是有效的 JSON：${(error as Error).message}`);
  }
  return makeConfig(json, `配置文件 ${file}`);
}
