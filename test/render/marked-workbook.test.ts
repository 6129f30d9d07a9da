/**
 * The marked-up return workbook (issue 8 §2): a rejected township gets its own workbook back with a comment on each
 * cell that has an issue and a first sheet 问题清单 linking to them; everything else of its workbook as it was.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import * as XLSX from 'xlsx';
import { inspectBytes } from '../../src/inspect';
import { makeCounty } from '../fixtures/county';
import { renderReport } from '../fixtures/formats';
import { consistentValues } from '../fixtures/values';
import { buildSheets, ARRANGEMENTS, mappings, workbookBytes } from '../fixtures/workbook';
import { formLayout, formTables } from '../../src/render/form-layout';
import { issueMessage } from '../../src/issues';

test('a rejected workbook comes back marked: comments on the wrong cells, 问题清单 first with links, values and merges untouched', async () => {
  const county = makeCounty();
  try {
    const values = { ...consistentValues('2021', 5), 'requests.new.total': 999, 'appeals.review.total': 77 };
    const sheets = buildSheets({ format: '2021', agency: '东风镇', year: 2022, values }, ARRANGEMENTS.official!);
    sheets[0]!.widths = [30, 12, 12, 14, 10, 10, 10, 10, 10, 10];
    const original = workbookBytes(sheets);
    county.drop('东风镇-2022.xlsx', original, '2023-01-05T01:00:00Z');
    expect((await county.run()).code).toBe(0);
    const markedFile = path.join(county.inbox, '退回/东风镇-2022（问题批注）.xlsx');
    expect(county.files('inbox/退回')).toEqual(['东风镇-2022.xlsx', '东风镇-2022.xlsx.问题清单.txt', '东风镇-2022（问题批注）.xlsx']);
    const expectedIssues = inspectBytes(original, '东风镇-2022.xlsx', { mappings }).issues;

    const marked = XLSX.read(fs.readFileSync(markedFile), { type: 'buffer', cellStyles: true });
    const before = XLSX.read(original, { type: 'buffer', cellStyles: true });
    expect(marked.SheetNames).toEqual(['问题清单', ...before.SheetNames]);
    const list = XLSX.utils.sheet_to_json<string[]>(marked.Sheets['问题清单']!, { header: 1, blankrows: true });
    // titled, with what to do, then the issues under their header
    expect(list.slice(0, 2)).toEqual([['东风镇2022年度政府信息公开工作年度报告问题清单'], ['文件：东风镇-2022.xlsx。错误 3 项、提醒 0 项；有错误的格已标为浅红色并加了批注（提醒为浅黄色）。请改正后重新报送。']]);
    expect(list[3]).toEqual(['序号', '级别', '位置', '问题']);
    expect(list.slice(4)).toEqual(expectedIssues.map((i, n) => [n + 1, i.severity === 'error' ? '错误' : '提醒', i.cell ? `${i.sheet}!${i.cell}` : '全文件', issueMessage(i)]));
    expect(marked.Sheets['问题清单']!['C5']!.f).toBe(`HYPERLINK("#年度报告!${expectedIssues[0]!.cell}","年度报告!${expectedIssues[0]!.cell}")`);
    const styled = new ExcelJS.Workbook();
    await styled.xlsx.load(fs.readFileSync(markedFile) as unknown as ExcelJS.Buffer);
    for (const issue of expectedIssues.filter((i) => i.cell)) {
      const cell = marked.Sheets['年度报告']![issue.cell!]!;
      // commented by the county's office, and filled light red so that it shows on paper
      // (SheetJS 0.20.3 reads an author's UTF-8 bytes as Latin-1; the file holds <author>县政务公开办</author>)
      expect([issue.cell, cell.c?.map((c: XLSX.Comment) => [Buffer.from(c.a ?? '', 'latin1').toString('utf8'), c.t])]).toEqual([issue.cell, [['县政务公开办', `错误：${issueMessage(issue)}`]]]);
      expect([issue.cell, styled.getWorksheet('年度报告')!.getCell(issue.cell!).fill]).toMatchObject([issue.cell, { pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } }]);
    }
    expect(styled.getWorksheet('年度报告')!.getCell('A1').fill).toBeUndefined(); // a cell without an issue is not
    // the township's own sheet otherwise as it was: every value, the merges, the column widths
    const ws = marked.Sheets['年度报告']!;
    const was = before.Sheets['年度报告']!;
    for (const address of Object.keys(was).filter((k) => !k.startsWith('!'))) expect([address, ws[address]?.v]).toEqual([address, was[address]!.v]);
    const sorted = (merges: XLSX.Range[] | undefined) => (merges ?? []).map((m) => XLSX.utils.encode_range(m)).sort();
    expect(sorted(ws['!merges'])).toEqual(sorted(was['!merges']));
    expect(ws['!cols']?.slice(0, 4).map((c) => Math.round(c.wch ?? 0))).toEqual([30, 12, 12, 14]);
  } finally {
    county.cleanup();
  }
});

test('a returned CSV, web page or text gets the receipt only (it has no cells to mark)', async () => {
  const county = makeCounty();
  try {
    const l = formLayout(mappings['2021'], { values: { ...consistentValues('2021', 2), 'requests.new.total': 999 } });
    const printed = { title: '东风镇2022年政府信息公开工作年度报告', compiledBy: '东风镇党政办', year: 2022, tables: formTables(l) };
    county.drop('东风镇.csv', renderReport(printed, 'csv-gbk'), '2023-01-05T01:00:00Z');
    expect((await county.run()).code).toBe(0);
    expect(county.files('inbox/退回')).toEqual(['东风镇.csv', '东风镇.csv.问题清单.txt']);
  } finally {
    county.cleanup();
  }
});

test('a returned .xlsx keeps the township’s own formatting: fonts, fills, borders, widths, print set-up', async () => {
  const county = makeCounty();
  try {
    // the township's workbook, formatted in its own way (as Excel or WPS would save it)
    const values = { ...consistentValues('2021', 5), 'requests.new.total': 999 };
    const sheets = buildSheets({ format: '2021', agency: '东风镇', year: 2022, values }, ARRANGEMENTS.official!);
    const own = new ExcelJS.Workbook();
    const ws = own.addWorksheet('年度报告', { pageSetup: { orientation: 'landscape', paperSize: 9 } });
    sheets[0]!.rows.forEach((row, r) => row.forEach((v, c) => v !== null && (ws.getCell(r + 1, c + 1).value = v)));
    for (const m of sheets[0]!.merges) ws.mergeCells(m.s.r + 1, m.s.c + 1, m.e.r + 1, m.e.c + 1);
    ws.getCell('A1').font = { name: '方正小标宋简体', size: 18, bold: true };
    ws.getCell('A5').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
    ws.getCell('A5').border = { bottom: { style: 'double' } };
    ws.getColumn(1).width = 33;
    county.drop('东风镇-2022.xlsx', Buffer.from(await own.xlsx.writeBuffer()), '2023-01-05T01:00:00Z');
    expect((await county.run()).code).toBe(0);

    const marked = new ExcelJS.Workbook();
    await marked.xlsx.load(fs.readFileSync(path.join(county.inbox, '退回/东风镇-2022（问题批注）.xlsx')) as unknown as ExcelJS.Buffer);
    expect(marked.worksheets.map((w) => w.name)).toEqual(['问题清单', '年度报告']);
    const back = marked.getWorksheet('年度报告')!;
    expect(back.getCell('A1').font).toMatchObject({ name: '方正小标宋简体', size: 18, bold: true });
    expect(back.getCell('A5').fill).toMatchObject({ fgColor: { argb: 'FFFFFF00' } });
    expect(back.getCell('A5').border).toMatchObject({ bottom: { style: 'double' } });
    expect(back.getColumn(1).width).toBe(33);
    expect(back.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9 });
    const commented = inspectBytes(Buffer.from(await own.xlsx.writeBuffer()), 'x.xlsx', { mappings }).issues.find((i) => i.cell)!;
    expect(back.getCell(commented.cell!).note).toMatchObject({ texts: [{ text: `错误：${issueMessage(commented)}` }] });
    // the list itself is a printed table: bordered, its header bold, repeated on each page
    const list = marked.getWorksheet('问题清单')!;
    expect(list.getCell('A1').font).toMatchObject({ name: '宋体', bold: true });
    expect(list.getCell('D5').border).toMatchObject({ top: { style: 'thin' }, bottom: { style: 'thin' } });
    expect(list.pageSetup.printTitlesRow).toBe('4:4');
  } finally {
    county.cleanup();
  }
});
