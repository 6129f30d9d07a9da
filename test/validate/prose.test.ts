/**
 * A reviewer's checks beyond the arithmetic (issue 16): the report's own words against its tables
 * (plausible.prose_differs), and tables left entirely blank (values.table_blank).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inspectBytes, inspectFile } from '../../src/inspect';
import { issueMessage, issuePlace } from '../../src/issues';
import { proseDiffers } from '../../src/validate/prose-differs';
import { proseStatements } from '../../src/validate/prose-statements';
import { valuesInput } from '../../src/validate/rule';
import { makeCounty, parseCsv } from '../fixtures/county';
import { consistentValues } from '../fixtures/values';
import { renderReport } from '../fixtures/formats';
import { buildWorkbook, buildSheets, ARRANGEMENTS, mappings, workbookBytes } from '../fixtures/workbook';
import { formLayout, formTables } from '../../src/render/form-layout';

const CONTEXT = { format: '2021' as const, agency: '东风镇', year: 2022 };
const said = (text: string, context = CONTEXT) => proseStatements([{ text }], context).map((s) => [s.ids.join('+'), s.figure]);
const REFUSED = ['state_secret', 'prohibited', 'security', 'third_party', 'internal', 'process', 'enforcement_file', 'query'].map((r) => `requests.refused_${r}.total`).join('+');

describe('statements the prose makes, and the ids the tables give them by', () => {
  test.each([
    ['全年共收到政府信息公开申请99件。', [['requests.new.total', 99]]],
    ['2022年，我镇受理政府信息公开申请12件，答复12件。', [['requests.new.total', 12], ['requests.results_total.total', 12]]],
    ['共收到政府信息公开申请15件（含上年结转3件）。', [['requests.new.total+requests.carried_in.total', 15], ['requests.carried_in.total', 3]]],
    ['上年结转申请2件，结转下年度继续办理1件。', [['requests.carried_in.total', 2], ['requests.carried_out.total', 1]]],
    ['另有2件结转下年度继续办理。', [['requests.carried_out.total', 2]]],
    ['全年共办结政府信息公开申请8件。', [['requests.results_total.total', 8]]],
    ['2022年街道未收到政府信息公开申请，无上年结转申请。', [['requests.new.total', 0], ['requests.carried_in.total', 0]]],
    ['收到申请5件，其中自然人3件、法人或其他组织2件。', [['requests.new.total', 5], ['requests.new.natural', 3], ['requests.new.commercial+requests.new.research+requests.new.nonprofit+requests.new.legal+requests.new.other_org', 2]]],
    ['其中予以公开及部分公开258件，不予公开35件，无法提供265件，不予处理158件，其他处理0件。', [
      ['requests.granted.total+requests.partial.total', 258], [REFUSED, 35],
      ['requests.unavailable_not_held.total+requests.unavailable_needs_creation.total+requests.unavailable_unclear.total', 265],
      ['requests.unprocessed_petition.total+requests.unprocessed_duplicate.total+requests.unprocessed_publication.total+requests.unprocessed_excessive.total+requests.unprocessed_confirmation.total', 158],
      ['requests.other_handling.total', 0],
    ]],
    ['予以公开6件，部分公开2件。', [['requests.granted.total', 6], ['requests.partial.total', 2]]],
    ['发生行政复议案件7件、行政诉讼案件2件。', [['appeals.review.total', 7], ['appeals.litigation_direct.total+appeals.litigation_after_review.total', 2]]],
    ['信息公开类行政复议7件，诉讼9件，均获维持。', [['appeals.review.total', 7], ['appeals.litigation_direct.total+appeals.litigation_after_review.total', 9]]],
    ['全年制发行政规范性文件62件。', [['proactive.normative_docs.issued', 62]]],
    ['制发规章0件、行政规范性文件62件。', [['proactive.rules.issued', 0], ['proactive.normative_docs.issued', 62]]],
    ['行政事业性收费共计12.5万元。', [['proactive.fees.amount', 12.5]]],
    ['行政事业性收费125000元。', [['proactive.fees.amount', 12.5]]],
    ['全年收到政府信息公开申请１２件。', [['requests.new.total', 12]]], // full-width digits
    ['市政府办公厅代表市政府共受理政府信息公开申请859件。', [['requests.new.total', 859]]], // the agency itself, as the prose names it
  ])('%s', (text, expected) => {
    const context = text.startsWith('市政府办公厅') ? { ...CONTEXT, agency: '上海市人民政府办公厅' } : CONTEXT;
    expect(said(text, context)).toEqual(expected);
  });

  test.each([
    ['a percentage', '依申请公开办结率100%，共答复申请12件。'],
    ['a change on last year', '收到政府信息公开申请12件，同比增长20件。'],
    ['another change', '收到申请数较上年减少3件。'],
    ['a running total', '累计收到政府信息公开申请120件。'],
    ['a running total (截至)', '截至目前共收到政府信息公开申请120件。'],
    ['another year', '2021年收到政府信息公开申请10件。'],
    ['a sub-unit’s figure', '区政府办代表区政府受理政府信息公开申请17件。'],
    ['a department within', '其中，县教育局收到政府信息公开申请5件。'],
    ['an approximate figure', '收到政府信息公开申请约30件。'],
    ['an approximate figure (余件)', '收到政府信息公开申请30余件。'],
    ['visits, not applications', '接待群众来访120人次。'],
    ['channels, not a table figure', '其中网上申请3件、书面申请36件。'],
    ['items published, not a table figure', '2019年公开政府信息60条。'],
    ['a breakdown of applications that may include last year’s', '办理申请10件，其中自然人8件。'],
    ['fees of the information requests (section 六), not 行政事业性收费', '收取信息处理费0元。'],
    ['2019 format: 主动公开规章 may be new or in total', '主动公开规章13件、行政规范性文件60件。'],
  ])('not compared: %s', (_what, text) => {
    const statements = proseStatements([{ text }], { ...CONTEXT, agency: '淮安市洪泽区', format: _what.startsWith('2019') ? '2019' : '2021' });
    // (办理 alone is taken, to be compared only where received and handled agree: see below)
    expect(statements.filter((s) => !s.alternative)).toEqual([]);
  });

  test('办理 is compared only where received and handled are the same in the tables', () => {
    const statements = proseStatements([{ text: '全年办理政府信息公开申请12件。' }], CONTEXT);
    const report = (received: number, handled: number) => valuesInput('2021', { 'requests.new.total': received, 'requests.results_total.total': handled });
    expect(proseDiffers(report(10, 11), statements)).toEqual([]); // ambiguous: not compared
    expect(proseDiffers(report(10, 10), statements).map((f) => f.table)).toEqual([10]);
    expect(proseDiffers(report(12, 12), statements)).toEqual([]);
  });

  test('lines of report text and PDFs are read as one sentence, placed at the figure’s line', () => {
    const statements = proseStatements(
      [{ text: '2022年，我区共收到政府', ref: { sheet: 'page1', cell: 'L23' } }, { text: '信息公开申请17件，均已答复。', ref: { sheet: 'page1', cell: 'L24' } }],
      CONTEXT,
    );
    expect(statements.map((s) => [s.figure, s.ref, s.sentence])).toEqual([[17, { sheet: 'page1', cell: 'L24' }, '2022年，我区共收到政府信息公开申请17件，均已答复。']]);
  });
});

describe('the words against the tables', () => {
  const values = consistentValues('2021', 3);
  const report = valuesInput('2021', values);

  test.each([
    [`全年共收到政府信息公开申请${values['requests.new.total']}件。`, []],
    [`全年共收到政府信息公开申请${values['requests.new.total']! + 1}件。`, [values['requests.new.total']]],
    [`发生行政复议${values['appeals.review.total']}件、行政诉讼${values['appeals.litigation_direct.total']! + values['appeals.litigation_after_review.total']!}件。`, []],
    [`发生行政复议${values['appeals.review.total']! + 2}件。`, [values['appeals.review.total']]],
  ])('%s', (text, tables) => {
    expect(proseDiffers(report, proseStatements([{ text }], CONTEXT)).map((f) => f.table)).toEqual(tables);
  });

  test('a statement of ids not read is not compared', () => {
    expect(proseDiffers(valuesInput('2021', {}), proseStatements([{ text: '收到政府信息公开申请9件。' }], CONTEXT))).toEqual([]);
  });
});

describe('the documents corpus: no false alarms; the one whose words disagree is flagged', () => {
  const dir = path.join(__dirname, '../fixtures/documents');
  const files = fs.readdirSync(dir).filter((f) => !f.endsWith('.json'));
  test.each(files)('%s', (file) => {
    const s = inspectFile(path.join(dir, file), { mappings });
    const flagged = s.issues.filter((i) => i.code === 'plausible.prose_differs').map((i) => issueMessage(i).match(/」中(.+?)为 (\d+)，表格中为 (\d+)/)!.slice(1).join(' '));
    // 01: the narrative says 予以公开及部分公开258件 (table 272 + 3) and 无法提供265件 (table 337) — the INDEX notes it
    const expected = file.startsWith('01-') && !file.endsWith('.xlsx') ? ['予以公开及部分公开 258 275', '无法提供 265 337'] : [];
    expect(flagged.sort()).toEqual(expected.sort());
    expect(s.issues.filter((i) => i.code === 'values.table_blank')).toEqual([]);
  });
});

describe('a table left entirely blank', () => {
  const sheetsWith = (blank: (id: string) => boolean) => {
    const values: Record<string, number | string | null> = { ...consistentValues('2021', 4) };
    for (const id of Object.keys(values)) if (blank(id)) values[id] = null;
    return buildSheets({ format: '2021', agency: '东风镇', year: 2022, values: values as Record<string, number> }, ARRANGEMENTS.official!);
  };

  test('every value cell of 表三 blank: a warning at its title, read as 0; the other tables not', () => {
    const s = inspectBytes(workbookBytes(sheetsWith((id) => id.startsWith('requests.'))), '东风镇.xlsx', { mappings });
    const blank = s.issues.filter((i) => i.code === 'values.table_blank');
    expect(blank.map((i) => [issuePlace(i), issueMessage(i)])).toEqual([
      ['年度报告!A20', '表三「三、收到和处理政府信息公开申请情况」整张表都是空白，按 0 计入汇总；如本单位确实没有，请填写 0，否则请补填数字'],
    ]);
    expect(blank[0]!.severity).toBe('warning');
    expect(s.values['requests.new.total']).toBe(0);
    expect(s.status).toBe('valid');
  });

  test('every value cell of every table blank: an unfilled form, refused with one error at the first table\'s title', () => {
    const s = inspectBytes(workbookBytes(sheetsWith(() => true)), '东风镇.xlsx', { mappings });
    expect(s.issues.map((i) => [i.code, i.severity, issuePlace(i), issueMessage(i)])).toEqual([
      ['values.form_unfilled', 'error', '年度报告!A4', '表二、表三、表四的数值格全部空白，像是没有填写的空白模板，未计入汇总；请填好数字（没有的填 0）后重新报送'],
    ]);
    expect(s.status).toBe('invalid');
  });

  test('some blanks and some numbers, or every cell 0: no warning', () => {
    const some = inspectBytes(workbookBytes(sheetsWith((id) => id.startsWith('requests.') && !id.startsWith('requests.new.'))), 'a.xlsx', { mappings });
    expect(some.issues.map((i) => i.code)).not.toContain('values.table_blank');
    const zeros = inspectBytes(buildWorkbook({ format: '2021', agency: '东风镇', year: 2022, values: Object.fromEntries(Object.keys(consistentValues('2021', 1)).map((id) => [id, 0])) }), 'z.xlsx', { mappings });
    expect(zeros.issues.map((i) => i.code)).not.toContain('values.table_blank');
  });
});

test('end to end through run: the warnings in issues.csv, the receipt of a returned file and the web page’s data', async () => {
  const county = makeCounty();
  try {
    const values = consistentValues('2021', 2);
    const l = formLayout(mappings['2021'], { values });
    const printed = { title: '东风镇2022年政府信息公开工作年度报告', compiledBy: '东风镇党政办', year: 2022, tables: formTables(l) };
    const text = renderReport(printed, 'text').toString('utf8').replace('五、存在的主要问题及改进情况', `全年共收到政府信息公开申请${values['requests.new.total']! + 9}件。\n五、存在的主要问题及改进情况`);
    county.drop('东风镇2022年报.txt', Buffer.from(text), '2023-01-05T01:00:00Z');
    // a returned file (one arithmetic error) with a blank 表四: the warning goes with it to the receipt and the page
    const blank = { ...consistentValues('2021', 5) } as Record<string, number | null>;
    for (const id of Object.keys(blank)) if (id.startsWith('appeals.')) blank[id] = null;
    blank['requests.new.natural'] = blank['requests.new.natural']! + 1;
    county.drop('八道壕镇.xlsx', workbookBytes(buildSheets({ format: '2021', agency: '八道壕镇', year: 2022, values: blank as Record<string, number> }, ARRANGEMENTS.official!)), '2023-01-05T02:00:00Z');
    expect((await county.run()).code).toBe(0);
    const issues = parseCsv(county.read('outbox/2022/issues.csv'));
    const prose = issues.find((i) => i.code === 'plausible.prose_differs')!;
    expect(prose).toMatchObject({ file: '东风镇2022年报.txt', agency: '东风镇', sheet: 'text', severity: 'warning' });
    expect(prose.cell).toMatch(/^L\d+$/);
    expect(prose.message).toBe(`正文「全年共收到政府信息公开申请${values['requests.new.total']! + 9}件。」中本年新收的申请为 ${values['requests.new.total']! + 9}，表格中为 ${values['requests.new.total']}（表三「一、本年新收政府信息公开申请数量」行「总计」列），两者不一致，请核对正文或表格`);
    expect(issues.find((i) => i.code === 'values.table_blank')).toMatchObject({ file: '八道壕镇.xlsx', severity: 'warning', message: expect.stringContaining('表四') });
    const receipt = county.read('inbox/退回/八道壕镇.xlsx.问题清单.txt');
    expect(receipt).toContain('表四「四、政府信息公开行政复议、行政诉讼情况」整张表都是空白');
    const { yearHtml } = await import('../../src/serve/views');
    const { loadConfig } = await import('../../src/config');
    const page = yearHtml(county.outbox, loadConfig(path.join(county.dir, 'nianbao.config.json'), true), mappings, '2022');
    expect(page).toContain('整张表都是空白，按 0 计入汇总');
  } finally {
    county.cleanup();
  }
});
