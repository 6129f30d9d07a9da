/** `nianbao template`: a blank form of either format. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadMappings } from '../mapping/load';
import { FORMATS, type Format } from '../model/canonical';
import { templateBytes } from '../render/template';
import { UsageError, type CliIo } from './io';
import { parseCommandArgs } from './args';

export async function command(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('template', args);
  const format = values.format as Format | undefined;
  if (!format || !FORMATS.includes(format)) throw new UsageError('--format 应为 2019 或 2021');
  if (!values.out || path.extname(values.out).toLowerCase() !== '.xlsx') {
    throw new UsageError(`--out 应为 .xlsx 文件（空白统计表只生成 Excel 工作簿），实为「${values.out ?? ''}」`);
  }
  const year = values.year === undefined ? null : Number(values.year);
  if (year !== null && !(Number.isInteger(year) && year >= 2008 && year <= 2100)) throw new UsageError(`--year 应为四位年份，实为「${values.year}」`);
  const mappings = loadMappings();
  const out = path.resolve(io.cwd, values.out);
  if (fs.existsSync(out)) throw new UsageError(`${out} 已存在，不会覆盖；请换一个文件名`);
  fs.writeFileSync(out, await templateBytes(mappings[format], values.agency?.trim() || null, year), { flag: 'wx' });
  io.stdout(`已生成 ${format} 年版空白统计表：${out}\n`);
  return 0;
}
