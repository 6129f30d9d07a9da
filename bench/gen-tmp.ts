import * as fs from 'node:fs';
import * as path from 'node:path';
import { consistentValues } from '../test/fixtures/values';
import { ARRANGEMENTS, buildWorkbook } from '../test/fixtures/workbook';
const arrangements = Object.values(ARRANGEMENTS);
const dir = process.argv[3]!; const n = Number(process.argv[4]);
fs.mkdirSync(dir, { recursive: true });
for (let i = 0; i < n; i++) {
  const bytes = buildWorkbook({ format: '2021', agency: `第${i}镇人民政府`, year: 2022, values: consistentValues('2021', i) }, arrangements[i % arrangements.length]!);
  fs.writeFileSync(path.join(dir, `${String(i).padStart(5, '0')}.xlsx`), bytes);
}
