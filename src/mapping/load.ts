/**
 * Reads mappings/*.yaml: parses the YAML, checks it with zod (schema.ts) and compiles it (mapping.ts). A broken mapping
 * file is an operator error (MappingError) naming the file, the line and the key path.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { FORMATS, type Format } from '../model/canonical';
import { compileMapping, failMapping, MappingError, type Mapping } from './mapping';
import { mappingFileSchema } from './schema';

export const DEFAULT_MAPPINGS_DIR = path.resolve(__dirname, '../../mappings');

/** Parses, checks and compiles one mapping file's text. `file` names it in messages and records. */
export function readMapping(file: string, text: string): Mapping {
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

/** Loads format-2019.yaml and format-2021.yaml from a directory (default: the project's mappings/). */
export function loadMappings(dir: string = DEFAULT_MAPPINGS_DIR): Record<Format, Mapping> {
  const out = {} as Record<Format, Mapping>;
  for (const format of FORMATS) {
    const file = `format-${format}.yaml`;
    let text: string;
    try {
      text = fs.readFileSync(path.join(dir, file), 'utf8');
    } catch {
      throw new MappingError(`找不到映射文件 ${path.join(dir, file)}`);
    }
    const mapping = readMapping(file, text);
    if (mapping.format !== format) failMapping(file, 'format', `文件名是 ${format} 格式，内容却写 format: "${mapping.format}"`);
    out[format] = mapping;
  }
  return out;
}
