/**
 * Regenerates examples/: the 2022 reports of a sample county (样例县), as townships send them — eight files in
 * several arrangements and kinds (xlsx, an old .xls, a GBK CSV, a saved web page), two of them with mistakes.
 * Run deliberately: npm run examples.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { consistentValues } from '../test/fixtures/values';
import { formLayout, formTables } from '../src/render/form-layout';
import { renderReport, type Kind } from '../test/fixtures/formats';
import { ARRANGEMENTS, buildWorkbook, mappings } from '../test/fixtures/workbook';

const dir = path.join(__dirname, '../examples');
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir);

const files: [string, string, string, Record<string, number | string>][] = [
  ['八道壕镇2022年政务公开年报.xlsx', '八道壕镇人民政府', 'official', {}],
  ['东风镇-2022.xlsx', '东风镇人民政府', 'sheetPerTable', { 'requests.new.total': 7 }], // 总计 does not add up
  ['西湖街道2022年度报告数据.xlsx', '西湖街道办事处', 'annotated', { 'proactive.licensing.decisions': '约30件', 'appeals.review.total': 1 }],
  ['南山乡.xls', '南山乡人民政府', 'xls', {}],
  ['北河镇2022.csv', '北河镇人民政府', 'csv-gbk', {}],
  ['青石镇2022年报（终稿）.xlsx', '青石镇人民政府', 'remarksAndNotes', {}],
  ['白云街道2022年政府信息公开工作年度报告.html', '白云街道办事处', 'html', {}],
  ['县教育局2022年政府信息公开工作年度报告.xlsx', '样例县教育局', 'labelsInOneColumn', {}],
];

files.forEach(([name, agency, arrangement, change], n) => {
  const values = { ...consistentValues('2021', 100 + n), ...change };
  const arranged = ARRANGEMENTS[arrangement];
  if (arranged) fs.writeFileSync(path.join(dir, name), buildWorkbook({ format: '2021', agency, year: 2022, values }, arranged));
  else {
    // another kind of file: the official tables as a township's office saved or published them
    const l = formLayout(mappings['2021'], { values });
    const printed = { title: `${agency}2022年政府信息公开工作年度报告`, compiledBy: `${agency}办公室`, year: 2022, tables: formTables(l) };
    fs.writeFileSync(path.join(dir, name), renderReport(printed, arrangement as Kind));
  }
});
console.log(`examples/: ${files.length} reports`);
