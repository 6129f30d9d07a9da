/**
 * Every kind of file a township sends (issue 4): workbooks in old and other formats, CSV in UTF-8 and GBK, saved
 * web pages and text copied out of the published report — read by content, bound by labels, through `inspect`
 * and through `run`. A badly formed file of any kind is a rejected submission with a Chinese reason.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as iconv from 'iconv-lite';
import { runCli } from '../../src/cli';
import { inspectBytes, inspectFile } from '../../src/inspect';
import type { Format } from '../../src/model/canonical';
import { formLayout, formTables } from '../../src/render/form-layout';
import { makeCounty, parseCsv } from '../fixtures/county';
import { EXTENSION, KINDS, renderReport, type Kind, type PrintedReport } from '../fixtures/formats';
import { consistentValues, zeroValues } from '../fixtures/values';
import { mappings } from '../fixtures/workbook';
import { issueMessage, shownIssue } from '../../src/issues';

function printed(format: Format, values: Record<string, number | string | null>, agency = '样例镇'): PrintedReport {
  const year = format === '2019' ? 2020 : 2022;
  const l = formLayout(mappings[format], { values });
  return { title: `${agency}${year}年政府信息公开工作年度报告`, compiledBy: `${agency}党政办公室`, year, tables: formTables(l) };
}

/** Where values of each kind are said to be: the sheet (and the form of the cell) a clerk is pointed to. */
const PLACE: Record<Kind, { sheet: string; cell: RegExp }> = {
  xlsx: { sheet: '年度报告', cell: /^[A-Z]+\d+$/ },
  xls: { sheet: '年度报告', cell: /^[A-Z]+\d+$/ },
  ods: { sheet: '年度报告', cell: /^[A-Z]+\d+$/ },
  et: { sheet: '年度报告', cell: /^[A-Z]+\d+$/ },
  'csv-utf8': { sheet: '样例镇年报', cell: /^[A-Z]+\d+$/ },
  'csv-gbk': { sheet: '样例镇年报', cell: /^[A-Z]+\d+$/ },
  html: { sheet: 'table1', cell: /^[A-Z]+\d+$/ },
  'html-gbk': { sheet: 'table1', cell: /^[A-Z]+\d+$/ },
  text: { sheet: 'text', cell: /^L\d+$/ },
  'text-lines': { sheet: 'text', cell: /^L\d+$/ },
};

describe.each(['2019', '2021'] as const)('format %s', (format) => {
  const values = consistentValues(format, 5);
  test.each(KINDS)('%s reads every value, the agency, the year and the format', (kind) => {
    const s = inspectBytes(renderReport(printed(format, values), kind), `样例镇年报.${EXTENSION[kind]}`, { mappings });
    expect([s.agency, s.year, s.format, s.status]).toEqual(['样例镇', format === '2019' ? 2020 : 2022, format, 'valid']);
    expect(s.values).toEqual(values);
    expect(s.provenance['proactive.rules.total_published' in values ? 'proactive.rules.total_published' : 'proactive.rules.issued']).toMatchObject({ sheet: PLACE[kind].sheet, cell: expect.stringMatching(PLACE[kind].cell) });
  });
});

test.each([
  ['xls', '年报.xlsx'],
  ['html', '年报.xls'], // what some government systems export as "Excel"
  ['csv-gbk', '年报.txt'],
  ['text', '年报.csv'],
  ['ods', '年报'],
] as const)('%s content named %s is read by what it is, not by its name', (kind, name) => {
  const values = consistentValues('2021', 6);
  const s = inspectBytes(renderReport(printed('2021', values), kind), name, { mappings });
  expect([s.status, s.values]).toEqual(['valid', values]);
});

test('the seed text (八道壕镇 2020, copied from the published page) reads as 八道壕镇, 2020, format 2019, every value 0, valid', () => {
  const s = inspectFile(path.join(__dirname, '../fixtures/real/badaohao-2020.txt'), { mappings });
  expect([s.agency, s.year, s.format, s.status, s.issues]).toEqual(['八道壕镇', 2020, '2019', 'valid', []]);
  expect(s.values).toEqual(zeroValues('2019'));
  // each value from its own line: 规章's three values are the three lines after the label
  const lines = fs.readFileSync(path.join(__dirname, '../fixtures/real/badaohao-2020.txt'), 'utf8').split('\n');
  const rules = lines.findIndex((l) => l === '规章 |') + 1;
  expect(['new_made', 'new_published', 'total_published'].map((c) => s.provenance[`proactive.rules.${c}`]!.cell)).toEqual([`L${rules + 1}`, `L${rules + 2}`, `L${rules + 3}`]);
});

describe('report text never shifts a value into another id', () => {
  const values = consistentValues('2021', 9);
  const text = renderReport(printed('2021', values), 'text').toString('utf8');
  const lines = text.split('\n');
  const row = lines.findIndex((l) => l.startsWith('（一）予以公开'));

  test('a blank cell kept as " |" is a blank (zero), and the row stays in place', () => {
    const blanked = [...lines];
    blanked[row + 3] = ' |';
    const s = inspectBytes(Buffer.from(blanked.join('\n')), 'x.txt', { mappings });
    expect(s.values['requests.granted.research']).toBe(0);
    expect(s.values['requests.granted.nonprofit']).toBe(values['requests.granted.nonprofit']);
    expect(s.issues.find((i) => i.code === 'requests.row_total')?.cell).toBe(`L${row + 8}`);
  });

  test('a one-line header printed in another order binds the values in the printed order', () => {
    const text19 = renderReport(printed('2019', consistentValues('2019', 2)), 'text').toString('utf8').split('\n');
    const a = text19.indexOf('本年新制作数量 |');
    const b = text19.indexOf('本年新公开数量 |');
    [text19[a], text19[b]] = [text19[b]!, text19[a]!];
    const s = inspectBytes(Buffer.from(text19.join('\n')), 'x.txt', { mappings });
    const v = consistentValues('2019', 2);
    expect([s.values['proactive.rules.new_made'], s.values['proactive.rules.new_published']]).toEqual([v['proactive.rules.new_published'], v['proactive.rules.new_made']]);
    expect(s.values['proactive.licensing.decisions']).toBe(v['proactive.licensing.decisions']);
  });

  test('a blank cell lost in copying: the row is refused at its label, later rows and tables are read as printed', () => {
    const lost = lines.filter((_, i) => i !== row + 3);
    const s = inspectBytes(Buffer.from(lost.join('\n')), 'x.txt', { mappings });
    const issue = s.issues.find((i) => i.code === 'layout.row_values')!;
    expect(shownIssue(issue)).toMatchObject({ severity: 'error', sheet: 'text', cell: `L${row + 1}`, expected: 7, found: 6 });
    expect(issueMessage(issue)).toBe('表三「（一）予以公开」一行应有 7 个数，实有 6 个；无法确定各数属于哪一列，这一行没有读取（复制时可能丢了空白格），请核对原表');
    expect(s.values['requests.granted.natural']).toBeNull();
    expect(s.values['requests.granted.total']).toBeNull();
    for (const id of Object.keys(values).filter((id) => !id.startsWith('requests.granted.'))) expect([id, s.values[id]]).toEqual([id, values[id]]);
    expect(s.status).toBe('invalid');
  });
});

test('a web page: rowspan/colspan laid out as a browser does, GBK declared in <meta>, identity from <title> and prose', () => {
  const values = consistentValues('2019', 2);
  const bytes = renderReport(printed('2019', values, '东风镇'), 'html-gbk');
  expect(bytes.includes(Buffer.from('东风镇', 'utf8'))).toBe(false); // really GBK on disk
  const s = inspectBytes(bytes, 'index.htm', { mappings });
  expect([s.agency, s.year, s.status, s.values]).toEqual(['东风镇', 2020, 'valid', values]);
  // table 三 is the page's second table; 自然人 is its second column after the three label columns
  expect(s.provenance['requests.new.natural']).toMatchObject({ sheet: 'table2', cell: 'D5' });
});

test('CSV: UTF-8 without BOM, with BOM, GB18030 all read the same; GBK bytes that are not UTF-8 are not guessed at', () => {
  const values = consistentValues('2021', 4);
  const gbk = renderReport(printed('2021', values), 'csv-gbk');
  const utf8 = Buffer.from(iconv.decode(gbk, 'gb18030'), 'utf8');
  for (const bytes of [gbk, utf8, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8])]) {
    const s = inspectBytes(bytes, '样例镇.csv', { mappings });
    expect([s.agency, s.status, s.values]).toEqual(['样例镇', 'valid', values]);
  }
});

test('explain: every id with its sheet!cell (or line) and the labels it was bound to', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-explain-'));
  try {
    const file = path.join(dir, '样例镇.txt');
    fs.writeFileSync(file, renderReport(printed('2021', consistentValues('2021', 1)), 'text'));
    let out = '';
    const code = await runCli(['inspect', file, '--explain'], { stdout: (t) => (out += t), stderr: () => {}, cwd: dir });
    expect(code).toBe(0);
    const explained = out.slice(out.indexOf('数值来源'));
    expect(explained.split('\n').filter((l) => l.startsWith('  ')).length).toBe(Object.keys(consistentValues('2021')).length);
    const line = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.startsWith('（一）予以公开')) + 2;
    expect(explained).toContain(`  requests.granted.natural　第 ${line} 行　${consistentValues('2021', 1)['requests.granted.natural']}　「（一）予以公开」/「自然人」`);
    let json = '';
    await runCli(['inspect', path.join(__dirname, '../fixtures/real/badaohao-2020.txt'), '--explain', '--json'], { stdout: (t) => (json += t), stderr: () => {}, cwd: dir });
    expect(JSON.parse(json).provenance['appeals.review.total']).toEqual({ sheet: 'text', cell: expect.stringMatching(/^L\d+$/), rowLabel: '行政复议', columnLabel: '总计' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const good = renderReport(printed('2021', consistentValues('2021')), 'xls');
test.each([
  ['a truncated .xls', good.subarray(0, 4000), 'x.xls', 'unreadable', '已损坏或不完整'],
  ['a truncated .ods', renderReport(printed('2021', consistentValues('2021')), 'ods').subarray(0, 3000), 'x.ods', 'unreadable', '已损坏或不完整'],
  ['a CSV with an unclosed quote', Buffer.from('"规章,1,2\n规范性文件,1,2\n行政许可,1,2\n行政处罚,1,2\n行政强制,1,2\n'), 'x.csv', 'unreadable', '引号没有配对'],
  ['a web page without tables', Buffer.from('<html><head><title>通知</title></head><body><p>无</p></body></html>'), 'x.html', 'invalid', '未找到'],
  ['report text without tables', Buffer.from('关于做好2022年政务公开工作的通知\n各镇：\n请按时报送。\n'), 'x.txt', 'invalid', '未找到'],
  ['UTF-16 text of nothing', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('无', 'utf-16le')]), 'x.txt', 'invalid', '未找到'],
] as const)('%s is rejected with a reason in Chinese', (_d, bytes, name, status, reason) => {
  const s = inspectBytes(Buffer.from(bytes), name, { mappings });
  expect(s.status).toBe(status);
  expect(s.issues.some((i) => i.severity === 'error' && issueMessage(i).includes(reason))).toBe(true);
});

test('run: a county whose townships send every kind of file consolidates them all', async () => {
  const county = makeCounty({ county: '样例县', roster: [] });
  try {
    KINDS.forEach((kind, n) => {
      const agency = `第${n + 1}镇`;
      county.drop(`${agency}.${EXTENSION[kind]}`, renderReport(printed('2021', consistentValues('2021', n), agency), kind), `2023-01-0${1 + (n % 9)}T08:00:00Z`);
    });
    const broken = renderReport(printed('2021', consistentValues('2021'), '坏镇'), 'text').toString('utf8').replace(/^（一）予以公开 \|\n.*\n/m, '（一）予以公开 |\n');
    county.drop('坏镇.txt', Buffer.from(broken), '2023-01-09T09:00:00Z');
    const { code } = await county.run();
    expect(code).toBe(0);
    const submissions = parseCsv(county.read('outbox/2022/submissions.csv'));
    expect(submissions.map((s) => [s.agency, s.status]).sort()).toEqual([...KINDS.map((_, n) => [`第${n + 1}镇`, 'accepted']), ['坏镇', 'rejected']].sort());
    const values = parseCsv(county.read('outbox/2022/values.csv'));
    expect(values.filter((v) => v.id === 'requests.new.total').length).toBe(KINDS.length);
    expect(values.find((v) => v.agency === '第9镇' && v.id === 'requests.new.total')).toMatchObject({ sheet: 'text', cell: expect.stringMatching(/^L\d+$/) });
    expect(county.read('inbox/退回/坏镇.txt.问题清单.txt')).toContain('一行应有 7 个数，实有 6 个');
  } finally {
    county.cleanup();
  }
});

test.each([
  // nested deeper than any page (each level makes parsing slower): refused by its nesting
  ['nested 100,000 deep', 100_000, '无法读取文件：网页的标签嵌套超过 2000 层，不像是年报网页，未读取'],
  // more elements than any report page: refused by their count, before its nesting is even looked at
  ['nested 200,000 deep', 200_000, '文件有 200005 个网页元素，一份年报远不到 200000 个网页元素，不像是年报；为免占用过多内存，未读取'],
])('a web page %s (minutes of parsing) is refused before parsing, with a reason', (_d, depth, message) => {
  const deep = `<html><body>${'<div>'.repeat(depth)}<table><tr><td>规章</td></tr></table></body></html>`;
  const s = inspectBytes(Buffer.from(deep), 'deep.html', { mappings });
  expect([s.status, s.issues.map((i) => issueMessage(i))]).toEqual(['unreadable', [message]]);
});

test('sloppy markup a browser accepts (unclosed <p>, <td>, <tr>, thousands of them) is not taken for deep nesting', () => {
  const rows = Array.from({ length: 3000 }, () => '<tr><td>备注<td>0').join('');
  const page = `<html><title>样例镇2022年政府信息公开工作年度报告</title><body>${'<p>说明'.repeat(3000)}<table>${rows}</table></body></html>`;
  const s = inspectBytes(Buffer.from(page), 'sloppy.html', { mappings });
  expect([s.status, s.agency, s.year]).toEqual(['invalid', '样例镇', 2022]); // read; it just holds no report tables
});
