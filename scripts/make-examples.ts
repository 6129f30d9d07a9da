/**
 * Regenerates examples/: the 2022 workbooks of a sample county (样例县), as townships send them — eight files in
 * several arrangements, two of them with mistakes. Run deliberately: npm run examples.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { consistentValues } from '../test/fixtures/values';
import { ARRANGEMENTS, buildWorkbook } from '../test/fixtures/workbook';

const dir = path.join(__dirname, '../examples');
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir);

const files: [string, string, string, Record<string, number | string>][] = [
  ['八道壕镇2022年政务公开年报.xlsx', '八道壕镇人民政府', 'official', {}],
  ['东风镇-2022.xlsx', '东风镇人民政府', 'sheetPerTable', { 'requests.new.total': 7 }], // 总计 does not add up
  ['西湖街道2022年度报告数据.xlsx', '西湖街道办事处', 'annotated', { 'proactive.licensing.decisions': '约30件', 'appeals.review.total': 1 }],
  ['南山乡.xlsx', '南山乡人民政府', 'offset', {}],
  ['北河镇2022.xlsx', '北河镇人民政府', 'asciiLineBreaks', {}],
  ['青石镇2022年报（终稿）.xlsx', '青石镇人民政府', 'remarksAndNotes', {}],
  ['白云街道2022.xlsx', '白云街道办事处', 'noMerges', {}],
  ['县教育局2022年政府信息公开工作年度报告.xlsx', '样例县教育局', 'labelsInOneColumn', {}],
];

files.forEach(([name, agency, arrangement, change], n) => {
  const values = { ...consistentValues('2021', 100 + n), ...change };
  fs.writeFileSync(path.join(dir, name), buildWorkbook({ format: '2021', agency, year: 2022, values }, ARRANGEMENTS[arrangement]!));
});
console.log(`examples/: ${files.length} workbooks`);
