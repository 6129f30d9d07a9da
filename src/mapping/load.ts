/**
 * Reads mappings/*.yaml: parses the YAML, checks it with zod (schema.ts) and compiles it (mapping.ts). A broken mapping
 * file is an operator error (MappingError) naming the file, the line and the key path.
 *
 * The mapping files as shipped are parsed and checked once, when the package is built (scripts/check-mappings.js
 * writes dist/mapping/checked-mappings.json): a file whose text is byte for byte the one checked then is compiled
 * from that record, without loading the YAML parser and zod (~60 ms at every start). Any other text (an office that
 * added an alias) is parsed and checked as always.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FORMATS, type Format } from '../model/canonical';
import { compileMapping, failMapping, MappingError, type Mapping } from './mapping';
import type { MappingFile } from './schema';

export const DEFAULT_MAPPINGS_DIR = path.resolve(__dirname, '../../mappings');
/** Written by the build beside the compiled module; absent when running from src/ (everything is then parsed). */
export const CHECKED_MAPPINGS_FILE = path.join(__dirname, 'checked-mappings.json');

/** Mapping files parsed and checked before: by file name, the SHA-256 of the text checked and its checked contents. */
export type CheckedMappings = Record<string, { sha256: string; source: MappingFile }>;

/** Parses, checks and compiles one mapping file's text. `file` names it in messages and records. */
export function readMapping(file: string, text: string): Mapping {
  const { LineCounter, parseDocument } = require('yaml') as typeof import('yaml');
  const { mappingFileSchema } = require('./schema') as typeof import('./schema');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    failMapping(file, `第 ${e.linePos?.[0]?.line ?? '?'} 行`, `YAML 语法错误：${e.message.split('\n')[0]}`);
  }
  const parsed = mappingFileSchema.safeParse(doc.toJS({ maxAliasCount: 1000 }));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const keyPath = issue.path.map(String);
    let node: unknown;
    for (let n = keyPath.length; n >= 0 && !node; n--) node = doc.getIn(issue.path.slice(0, n) as never[], true);
    const offset = (node as { range?: [number] } | undefined)?.range?.[0];
    const line = offset === undefined ? '?' : lineCounter.linePos(offset).line;
    failMapping(file, `第 ${line} 行，${keyPath.join('.') || '（根）'}`, issue.message);
  }
  return compileMapping(file, parsed.data);
}

const textHash = (text: string) => createHash('sha256').update(text).digest('hex');

/** The record of mapping files checked at build time, or none (a missing or unreadable record is no error). */
function readChecked(file: string): CheckedMappings {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as CheckedMappings;
  } catch {
    return {};
  }
}

/** What the build records of the mapping files of `dir`: each one's text hash and checked contents. */
export function checkMappings(dir: string = DEFAULT_MAPPINGS_DIR): CheckedMappings {
  const mappings = loadMappings(dir, {});
  return Object.fromEntries(Object.values(mappings).map((m) => [m.file, { sha256: textHash(fs.readFileSync(path.join(dir, m.file), 'utf8')), source: m.source }]));
}

/**
 * Loads format-2019.yaml and format-2021.yaml from a directory (default: the project's mappings/). A file checked at
 * build time (`checked`, default the build's record) is compiled from its record when its text is unchanged.
 */
export function loadMappings(dir: string = DEFAULT_MAPPINGS_DIR, checked: CheckedMappings = readChecked(CHECKED_MAPPINGS_FILE)): Record<Format, Mapping> {
  const out = {} as Record<Format, Mapping>;
  for (const format of FORMATS) {
    const file = `format-${format}.yaml`;
    let text: string;
    try {
      text = fs.readFileSync(path.join(dir, file), 'utf8');
    } catch {
      throw new MappingError(`找不到映射文件 ${path.join(dir, file)}`);
    }
    const record = checked[file];
    const mapping = record && record.sha256 === textHash(text) ? compileMapping(file, record.source) : readMapping(file, text);
    if (mapping.format !== format) failMapping(file, 'format', `文件名是 ${format} 格式，内容却写 format: "${mapping.format}"`);
    out[format] = mapping;
  }
  return out;
}
