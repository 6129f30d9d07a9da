import { fromFileName, identify, normalizeAgency } from '../src/identity';
import type { Grid, RawCell } from '../src/read/grid';
import { issueMessage } from '../src/issues';

/** A one-sheet grid from rows of strings and numbers. */
function grid(rows: (string | number | null)[][]): Grid {
  return { sheets: [{ name: '年报', merges: [], rows: rows.map((row) => row.map((v): RawCell | undefined => (v === null ? undefined : { value: v }))) }] };
}

const now = new Date('2026-11-26');

test.each([
  ['八道壕镇人民政府', '八道壕镇'],
  ['南源街道办事处', '南源街道'],
  ['某县人民政府办公室', '某县人民政府办公室'],
  ['上海市人民政府办公厅', '上海市人民政府办公厅'],
  ['某县经济开发区管委会', '某县经济开发区'],
  ['广州市荔湾区人民政府南源街道办事处', '广州市荔湾区人民政府南源街道'],
  [' 胡市镇 人民政府 ', '胡市镇'],
  ['八道壕镇', '八道壕镇'],
])('normalizeAgency(%s) = %s', (name, expected) => expect(normalizeAgency(name)).toBe(expected));

test.each([
  ['八道壕镇-2020.xlsx', '八道壕镇', 2020],
  ['某镇2021年报.xlsx', '某镇', 2021],
  ['2022年胡市镇人民政府政府信息公开工作年度报告(1).xlsx', '胡市镇', 2022],
  ['report.xlsx', null, null],
  ['南源街道_年报_终稿.xlsx', '南源街道', null],
  // a returned workbook's marked copy, fixed and sent back; a draft named as such
  ['东风镇-2022（问题批注）.xlsx', '东风镇', 2022],
  ['东风镇-2022（问题批注）(1).xlsx', '东风镇', 2022],
  ['东风镇2022年报修改稿.xlsx', '东风镇', 2022],
  ['县发展和改革局2022年报（更正）.xlsx', '县发展和改革局', 2022],
])('fromFileName(%s)', (file, agency, year) => expect(fromFileName(file)).toEqual({ agency, year }));

// [description, rows, file name, expected agency, year, [code, cell] of issues]
const table: [string, (string | number | null)[][], string, string | null, number | null, [string, string | null][]][] = [
  ['labelled cells with the value to the right', [['填报单位：', '八道壕镇人民政府', null, '报告年度：', 2020]], 'x.xlsx', '八道壕镇', 2020, []],
  ['labelled cells with the value inside', [['填报单位:八道壕镇'], ['报告年度：2020年']], 'x.xlsx', '八道壕镇', 2020, []],
  ['单位名称 and 年度', [['单位名称', '胡市镇'], ['年度', '2019']], 'x.xlsx', '胡市镇', 2019, []],
  ['年度 written with the compatibility ideograph U+F98E (NFKC: 年)', [['单位名称', '胡市镇'], ['\uF98E度', '2019']], 'x.xlsx', '胡市镇', 2019, []],
  ['title only', [['八道壕镇2020年政府信息公开工作年度报告']], 'x.xlsx', '八道壕镇', 2020, []],
  ['title with the year first', [['2022年八道壕镇人民政府政府信息公开工作年度报告']], 'x.xlsx', '八道壕镇', 2022, []],
  ['title with a note', [['八道壕镇2022年度政府信息公开工作年度报告（草稿）']], 'x.xlsx', '八道壕镇', 2022, []],
  ['a label with （盖章）', [['填报单位（盖章）：八道壕镇人民政府'], ['报告年度：2022年度']], 'x.xlsx', '八道壕镇', 2022, []],
  ['a file name inside a cell is not a title', [['见附件 八道壕镇2020年政府信息公开工作年度报告.xlsx'], ['填报单位：', '胡市镇']], 'x.xlsx', '胡市镇', null, [['identity.missing', null]]],
  ['title with 人民政府 and a short form', [['会仪镇人民政府2021年信息公开年度报告']], 'x.xlsx', '会仪镇', 2021, []],
  ['labels and title agree', [['八道壕镇2020年政府信息公开工作年度报告'], ['填报单位：', '八道壕镇人民政府', '报告年度：', 2020]], '八道壕镇-2020.xlsx', '八道壕镇', 2020, []],
  ['an empty 填报单位 does not take the next label as its value', [['填报单位：', null, null, '报告年度：', 2020]], '八道壕镇-2020.xlsx', '八道壕镇', 2020, []],
  ['file name only', [['规章', 0]], '八道壕镇-2020.xlsx', '八道壕镇', 2020, []],
  ['nothing anywhere', [['规章', 0]], 'report.xlsx', null, null, [['identity.missing', null], ['identity.missing', null]]],
  ['label and title disagree on the agency', [['胡市镇2020年政府信息公开工作年度报告'], ['填报单位：', '八道壕镇']], 'x.xlsx', '八道壕镇', 2020, [['identity.conflict', 'A1']]],
  ['label and title disagree on the year', [['八道壕镇2019年政府信息公开工作年度报告'], ['报告年度：', 2020]], 'x.xlsx', '八道壕镇', 2020, [['identity.conflict', 'A1']]],
  ['file name names another agency', [['填报单位：', '八道壕镇', '报告年度：', 2020]], '胡市镇-2020.xlsx', '八道壕镇', 2020, [['identity.file_name', null]]],
  ['file name names another year', [['填报单位：', '八道壕镇', '报告年度：', 2020]], '八道壕镇-2019.xlsx', '八道壕镇', 2020, [['identity.file_name', null]]],
  ['an implausible year is not a year', [['填报单位：', '八道壕镇', '报告年度：', 2035]], 'x.xlsx', '八道壕镇', null, [['identity.missing', 'D1']]],
];

test.each(table)('%s', (_d, rows, file, agency, year, issues) => {
  const id = identify(grid(rows), file, now);
  expect({ agency: id.agency, year: id.year, issues: id.issues.map((i) => [i.code, i.cell]) }).toEqual({ agency, year, issues });
});

test('a conflict message names both values and where the second came from', () => {
  const id = identify(grid([['胡市镇2020年政府信息公开工作年度报告'], ['填报单位：', '八道壕镇']]), 'x.xlsx', now);
  expect(issueMessage(id.issues[0]!)).toBe('填报单位前后不一致：一处写「八道壕镇」，标题（年报!A1）写「胡市镇」');
});

/** A document's running text: a paragraph per line, as a PDF or Word file gives it. */
function prose(...lines: string[]): Grid {
  return { sheets: [], prose: lines.map((text, n) => ({ text, ref: { sheet: 'page1', cell: `L${n + 1}` } })) };
}

// [description, lines, expected agency, year]
const proseTable: [string, string[], string, number][] = [
  ['a title broken after 信息', ['广州市海珠区江南中街道2020年政府信息', '公开年度报告', '本报告由江南中街道办事处根据《条例》要求编制。'], '广州市海珠区江南中街道', 2020],
  ['a title broken before its last character', ['东湖街道2023年政府信息公开工作年度报', '告', '本报告由绍兴市越城区东湖街道办事处根据《条例》要求编制。'], '东湖街道', 2023],
  ['a title over three lines', ['重庆市九龙坡区二郎街道', '办事处2022年政府信息公开', '工作年度报告'], '重庆市九龙坡区二郎街道', 2022],
  ['the year first, an office that is an agency', ['2019年上海市人民政府办公厅政府信息公开', '工作年度报告', '本年度报告由上海市人民政府办公厅根据《条例》的要求编制'], '上海市人民政府办公厅', 2019],
  ['the agency on the line above', ['淮安市洪泽区人民政府', '2024年政府信息公开工作年度报告', '本报告由淮安市洪泽区人民政府办公室根据《条例》要求编制此报告。'], '淮安市洪泽区', 2024],
  ['only the prose names the agency', ['政府信息公开工作年度报告', '本报告由胡市镇人民政府办公室根据《条例》要求编制。本报告所列数据统计期限自2019年1月1日起'], '胡市镇', 2019],
];

test.each(proseTable)('prose: %s', (_d, lines, agency, year) => {
  const id = identify(prose(...lines), 'x.pdf', now);
  expect({ agency: id.agency, year: id.year, issues: id.issues.map((i) => i.code) }).toEqual({ agency, year, issues: [] });
});

test('a sentence after a short line is not joined into a title', () => {
  const id = identify(prose('某某镇', '2020年以来，本镇政府信息公开工作年度报告如下。'), 'x.pdf', now);
  expect(id.agency).toBeNull();
});

// [description, lines, expected agency, year] — what people make of a report (issue 28 §4)
const madeTable: [string, string[], string | null, number | null][] = [
  ['a page pasted into Word keeps the breadcrumbs on the title line', ['首页 > 政府信息公开 > 政府信息公开年报 > 平潭综合实验区2020年政府信息公开工作年度报告', '根据《条例》规定，现公布本报告。'], '平潭综合实验区', 2020],
  ['…and its section names run into the title', ['政府信息公开政府信息公开年报平潭综合实验区2020年政府信息公开工作年度报告'], '平潭综合实验区', 2020],
  ['…or a line above ending in the agency, the title under it (not read as one title: the name twice)', ['首页 > 政府信息公开 > 政府信息公开年报 > 江南街道', '江南街道办事处2021年政府信息公开工作年度报告'], '江南街道', 2021],
  ['…or on the line above, with the year-first title under it', ['政府信息公开 > 政府信息公开年报 >', '2020年平潭综合实验区政府信息公开工作年度报告'], '平潭综合实验区', 2020],
  ['a cover letter: the year from its title, the sender from its signature', ['关于报送2020年度政府信息公开工作年度报告的函', '区办公室：', '现将我局2020年度政府信息公开工作年度报告报送你们，请审阅。', '附件：政府信息公开工作年度报告', '样例区交通运输局', '2021年1月20日'], '样例区交通运输局', 2020],
  ['a signature with the date above the name', ['关于报送2021年度政府信息公开工作年度报告的函', '县政府办公室：', '现报送如下。', '2022年1月15日', '东风镇人民政府'], '东风镇', 2021],
  ['the signature never overrides the title (an office may sign)', ['东风镇2022年政府信息公开工作年度报告', '正文。', '东风镇党政办', '2023年1月10日'], '东风镇', 2022],
  ['a name line without a date next to it is no signature', ['关于报送2020年度政府信息公开工作年度报告的函', '现报送如下。', '样例区交通运输局'], null, 2020],
];

test.each(madeTable)('identity from what people make: %s', (_d, lines, agency, year) => {
  const id = identify(prose(...lines), 'x.docx', now);
  expect({ agency: id.agency, year: id.year, conflicts: id.issues.filter((i) => i.code === 'identity.conflict') }).toEqual({ agency, year, conflicts: [] });
});
