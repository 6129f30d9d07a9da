/** `nianbao template`: a blank form of either format. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { loadMappings } from '../mapping/load';
import { FORMATS, type Format } from '../model/canonical';
import { templateBytes } from '../render/template';
import { UsageError, type CliIo } from './io';

export function command(args: string[], io: CliIo): number {
  const { values } = parseArgs({
    args,
    options: { format: { type: 'string' }, agency: { type: 'string' }, year: { type: 'string' }, out: { type: 'string' } },
  });
  const format = values.format as Format | undefined;
  if (!format || !FORMATS.includes(format)) throw new UsageError('--format 应为 2019 或 2021');
  if (!values.out) throw new UsageError('需要 --out 文件.xlsx');
  const year = values.year === undefined ? null : Number(values.year);
  if (year !== null && !(Number.isInteger(year) && year >= 2008 && year <= 2100)) throw new UsageError(`--year 应为四位年份，实为「${values.year}」`);
  const mappings = loadMappings();
  const out = path.resolve(io.cwd, values.out);
  if (fs.existsSync(out)) throw new UsageError(`${out} 已存在，不会覆盖；请换一个文件名`);
  fs.writeFileSync(out, templateBytes(mappings[format], values.agency?.trim() || null, year), { flag: 'wx' });
  io.stdout(`已生成 ${format} 年版空白统计表：${out}\n`);
  return 0;
}
