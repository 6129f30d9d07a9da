/** nianbao run end to end over temp directories: real files, real SQLite, no mocks. */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import * as XLSX from 'xlsx';
import { inspectFile } from '../../src/inspect';
import { readingThreads } from '../../src/run/run';
import { makeCounty, parseCsv, ROSTER, type County } from '../fixtures/county';
import { consistentValues } from '../fixtures/values';
import { mappings } from '../fixtures/workbook';

let county: County;
beforeEach(() => (county = makeCounty()));
afterEach(() => county.cleanup());

const CSVS = ['values.csv', 'county-summary.csv', 'proactive-by-agency.csv', 'requests-by-agency.csv', 'appeals-by-agency.csv', 'submissions.csv', 'issues.csv'];

function dropFirstBatch(c: County): void {
  c.drop('八道壕镇2022年报.xlsx', c.report('八道壕镇人民政府', 2022, {}, 1), '2023-01-05T01:00:00Z');
  c.drop('东风镇-2022.xlsx', c.report('东风镇人民政府', 2022, { 'requests.new.total': 7 }, 2), '2023-01-05T02:00:00Z');
  c.drop('南山乡.xlsx', c.report('南山乡', 2022, {}, 3), '2023-01-05T03:00:00Z');
  c.drop('县教育局.xlsx', c.report('样例县教育局', 2022, {}, 4), '2023-01-06T01:00:00Z');
}

test('a first run files every submission, writes the outputs and summarises in Chinese', async () => {
  dropFirstBatch(county);
  fs.writeFileSync(path.join(county.inbox, '~$八道壕镇2022年报.xlsx'), 'lock');
  fs.writeFileSync(path.join(county.inbox, '.~lock.南山乡.xlsx#'), 'lock');
  // still being written: modified "now" (an hour ahead, so a slow test machine cannot age it past the settle time)
  county.drop('正在保存.xlsx', county.report('南山乡', 2022), new Date(Date.now() + 3600_000).toISOString());

  const r = await county.run();
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('本次处理文件 4 个：采用 3，退回 1，被替代 0，重复 0。');
  expect(r.stdout).toContain('退回：东风镇-2022.xlsx（东风镇，错误 2 项）');
  expect(r.stdout).toContain('暂缓：正在保存.xlsx（文件刚被修改');
  expect(r.stdout).toContain('2022 年度：已采用 3 个单位，已退回 1 个单位，未报送 1 个：西湖街道');

  expect(county.files('inbox')).toEqual(['.~lock.南山乡.xlsx#', '~$八道壕镇2022年报.xlsx', '正在保存.xlsx', '退回/东风镇-2022.xlsx', '退回/东风镇-2022.xlsx.问题清单.txt', '退回/东风镇-2022（问题批注）.xlsx']);
  expect(county.files('archive')).toEqual(['2022/八道壕镇/八道壕镇2022年报.xlsx', '2022/南山乡/南山乡.xlsx', '2022/县教育局/县教育局.xlsx']);
  expect(county.files('outbox/2022')).toEqual([...CSVS, 'county-report.xlsx', 'county-report-draft.docx', 'county-report-draft.html'].sort());

  const receipt = county.read('inbox/退回/东风镇-2022.xlsx.问题清单.txt');
  expect(receipt.startsWith('\uFEFF')).toBe(true);
  expect(receipt).toContain('\r\n填报单位：东风镇    报告年度：2022    格式：2021年版格式（国办公开办函〔2021〕30号）\r\n');
  expect(receipt).toContain('\r\n');
  expect(receipt).toMatch(/错误（2 项）：\r\n1\. 年度报告!J24  表三「一、本年新收政府信息公开申请数量」行「总计」应为 \d+（前六列之和），实为 7/);

  const submissions = parseCsv(county.read('outbox/2022/submissions.csv'));
  expect(submissions.map((s) => [s.file, s.agency, s.status, s.errors, s.received_at])).toEqual([
    ['八道壕镇2022年报.xlsx', '八道壕镇', 'accepted', '0', '2023-01-05 09:00:00'],
    ['东风镇-2022.xlsx', '东风镇', 'rejected', '2', '2023-01-05 10:00:00'],
    ['南山乡.xlsx', '南山乡', 'accepted', '0', '2023-01-05 11:00:00'],
    ['县教育局.xlsx', '县教育局', 'accepted', '0', '2023-01-06 09:00:00'],
  ]);
});

test('the outputs match the golden files (regenerate deliberately with UPDATE_GOLDEN=1)', async () => {
  dropFirstBatch(county);
  expect((await county.run()).code).toBe(0);
  const golden = path.join(__dirname, '../golden/run-2022');
  for (const name of CSVS) {
    const actual = fs.readFileSync(path.join(county.outbox, '2022', name));
    if (process.env.UPDATE_GOLDEN) {
      fs.mkdirSync(golden, { recursive: true });
      fs.writeFileSync(path.join(golden, name), actual);
    }
    expect([name, actual.toString('utf8')]).toEqual([name, fs.readFileSync(path.join(golden, name), 'utf8')]);
  }
});

test('CSVs are UTF-8 with BOM and CRLF; the county summary is the sum of the accepted reports', async () => {
  dropFirstBatch(county);
  await county.run();
  const raw = fs.readFileSync(path.join(county.outbox, '2022/county-summary.csv'));
  expect(raw.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  expect(raw.toString('utf8').split('\r\n')).toHaveLength(209); // header + 207 ids + final CRLF
  const summary = parseCsv(raw.toString('utf8'));
  const accepted = [consistentValues('2021', 1), consistentValues('2021', 3), consistentValues('2021', 4)];
  for (const row of summary) {
    const expected = accepted.reduce((sum, v) => sum + v[row.id!]!, 0);
    expect([row.id, Number(row.value), row.agencies]).toEqual([row.id, Math.round(expected * 1e6) / 1e6, '3']);
  }
});

test('county-report.xlsx reads back through inspect as the county’s own valid report, with 报送情况 and 问题清单', async () => {
  dropFirstBatch(county);
  await county.run();
  const file = path.join(county.outbox, '2022/county-report.xlsx');
  const s = inspectFile(file, { mappings });
  expect([s.agency, s.year, s.format, s.status, s.issues]).toEqual(['样例县', 2022, '2021', 'valid', []]);
  const summary = parseCsv(county.read('outbox/2022/county-summary.csv'));
  for (const row of summary) expect([row.id, s.values[row.id!]]).toEqual([row.id, Number(row.value)]);
  const wb = XLSX.readFile(file);
  expect(wb.SheetNames).toEqual(['年度报告', '各单位明细', '报送情况', '问题清单']);
  const status = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['报送情况']!, { header: 1 }).slice(2).map((r) => [r[0], r[2]]);
  expect(status).toEqual([['八道壕镇', '已采用'], ['东风镇', '已退回'], ['西湖街道', '未报送'], ['南山乡', '已采用'], ['县教育局', '已采用']]);
  const issues = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['问题清单']!, { header: 1 });
  expect(issues.slice(1).map((r) => [r[1], r[3], r[4]])).toEqual([['东风镇', 'J24', 'requests.row_total'], ['东风镇', 'J48', 'requests.balance']]);

  // 各单位明细: one row per agency counted, its key figures as values.csv has them, and a 合计 row of the county totals
  const detail = XLSX.utils.sheet_to_json<(string | number)[]>(wb.Sheets['各单位明细']!, { header: 1 });
  expect(detail[0]).toEqual(['样例县2022年度各单位政府信息公开主要数据']);
  expect(detail[1]!.slice(0, 3)).toEqual(['单位', '本年新收申请', '上年结转申请']);
  const values = parseCsv(county.read('outbox/2022/values.csv'));
  const figure = (agency: string, id: string) => Number(values.find((v) => v.agency === agency && v.id === id)!.value);
  expect(detail.slice(2, -1).map((r) => [r[0], r[1], r[6]])).toEqual(
    ['八道壕镇', '南山乡', '县教育局'].map((a) => [a, figure(a, 'requests.new.total'), figure(a, 'appeals.review.total')]),
  );
  expect(detail.at(-1)!.slice(0, 2)).toEqual(['合计', s.values['requests.new.total']]);
  expect(detail.at(-1)![6]).toBe(s.values['appeals.review.total']);
});

test('county-report.xlsx prints like the form: 宋体, bold merged headings, bordered tables, widths that fit, A4 set-up', async () => {
  dropFirstBatch(county);
  await county.run();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync(path.join(county.outbox, '2022/county-report.xlsx')) as unknown as ExcelJS.Buffer);
  const form = wb.getWorksheet('年度报告')!;
  expect(form.getCell('A1')).toMatchObject({ value: '样例县2022年政府信息公开工作年度报告', isMerged: true });
  expect(form.getCell('A1').font).toMatchObject({ name: '宋体', size: 16, bold: true });
  expect(form.getCell('A1').alignment).toMatchObject({ horizontal: 'center' });
  // what the totals cover: the units summed, the roster's units due, the day the last summed report arrived
  expect(form.getCell('A3').value).toBe('汇总范围：已采用 3 个单位（应报 5 个），截至 2023-01-06');
  const heading = form.getCell('A5');
  expect([heading.value, heading.font?.bold, heading.border?.top]).toEqual(['二、主动公开政府信息情况', true, undefined]); // a heading, not a table cell
  const label = form.getCell('A8'); // 规章: a table cell
  expect(label.value).toBe('规章');
  expect(label.border).toMatchObject({ top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } });
  expect(form.getCell('B7').font).toMatchObject({ name: '宋体', bold: true }); // 本年制发件数: a column heading
  expect(form.getCell('B8').alignment).toMatchObject({ horizontal: 'center' });
  // 表三's item labels wrap in a column of their own; the number columns are narrow (表四 has fifteen)
  expect([form.getColumn(3).width, form.getColumn(4).width]).toEqual([28, 7]);
  expect(form.getCell('C45').alignment).toMatchObject({ wrapText: true });
  // A4 landscape at one scale, 表三 and 表四 each beginning a page (print-layout.test.ts prints it)
  expect(form.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: false });
  expect(form.pageSetup.scale).toBeGreaterThanOrEqual(70);
  for (const name of ['各单位明细', '报送情况', '问题清单']) {
    const ws = wb.getWorksheet(name)!;
    const header = name === '问题清单' ? 1 : 2;
    expect([name, ws.getRow(header).getCell(1).font?.bold, ws.pageSetup.printTitlesRow]).toEqual([name, true, `1:${header}`]);
    expect(ws.getRow(header + 1).getCell(1).border).toMatchObject({ top: { style: 'thin' } });
  }
  const detail = wb.getWorksheet('各单位明细')!;
  expect(detail.getRow(detail.rowCount).getCell(1)).toMatchObject({ value: '合计' });
  expect(detail.getRow(detail.rowCount).getCell(1).font?.bold).toBe(true);
});

test('a new report rebuilds only its year; a roster change rebuilds every year', async () => {
  county.drop('2021.xlsx', county.report('八道壕镇', 2021, {}, 1), '2022-01-05T01:00:00Z');
  county.drop('2022.xlsx', county.report('八道壕镇', 2022, {}, 2), '2023-01-05T01:00:00Z');
  await county.run();
  const mtime = (year: number) => fs.statSync(path.join(county.outbox, String(year), 'values.csv')).mtimeMs;
  const [y2021, y2022] = [mtime(2021), mtime(2022)];
  county.drop('东风镇.xlsx', county.report('东风镇', 2022, {}, 3), '2023-01-06T01:00:00Z');
  const rebuilt = (await county.run()).stdout;
  expect(rebuilt).toContain('汇总结果已更新');
  expect(rebuilt).not.toContain('<年度>'); // the year folders themselves, not a placeholder
  expect(rebuilt).toContain(`${path.sep}2022${path.sep}`);
  expect([mtime(2021) === y2021, mtime(2022) === y2022]).toEqual([true, false]);
  const again = mtime(2022);
  fs.writeFileSync(path.join(county.dir, 'nianbao.config.json'), JSON.stringify({ county: '样例县', roster: [...ROSTER, { name: '北河镇' }] }));
  await county.run();
  expect([mtime(2021) === y2021, mtime(2022) === again]).toEqual([false, false]);
});

test('a second run with nothing new leaves every CSV byte-identical and does not rebuild', async () => {
  dropFirstBatch(county);
  await county.run();
  const before = CSVS.map((n) => fs.readFileSync(path.join(county.outbox, '2022', n)));
  const mtimes = CSVS.map((n) => fs.statSync(path.join(county.outbox, '2022', n)).mtimeMs);
  const r = await county.run();
  expect(r.stdout).toContain('本次处理文件 0 个');
  expect(r.stdout).toContain('没有新的报表，汇总结果未变');
  CSVS.forEach((n, i) => {
    expect(fs.readFileSync(path.join(county.outbox, '2022', n)).equals(before[i]!)).toBe(true);
    expect(fs.statSync(path.join(county.outbox, '2022', n)).mtimeMs).toBe(mtimes[i]);
  });
});

test('resubmissions: a corrected file is accepted; a later valid one supersedes; a later rejected one displaces nothing', async () => {
  dropFirstBatch(county);
  await county.run();
  // 东风镇 sends a corrected file; 八道壕镇 sends a new version; 南山乡 sends a broken one
  county.drop('东风镇-2022（修改）.xlsx', county.report('东风镇', 2022, {}, 2), '2023-01-08T01:00:00Z');
  county.drop('八道壕镇2022年报.xlsx', county.report('八道壕镇', 2022, {}, 9), '2023-01-08T02:00:00Z');
  county.drop('南山乡.xlsx', county.report('南山乡', 2022, { 'appeals.review.total': 99 }, 3), '2023-01-08T03:00:00Z');
  const r = await county.run();
  expect(r.stdout).toContain('本次处理文件 3 个：采用 2，退回 1，被替代 0，重复 0。');

  const submissions = parseCsv(county.read('outbox/2022/submissions.csv')).map((s) => [s.file, s.agency, s.status]);
  expect(submissions).toEqual([
    ['八道壕镇2022年报.xlsx', '八道壕镇', 'superseded'],
    ['东风镇-2022.xlsx', '东风镇', 'rejected'],
    ['南山乡.xlsx', '南山乡', 'accepted'],
    ['县教育局.xlsx', '县教育局', 'accepted'],
    ['东风镇-2022（修改）.xlsx', '东风镇', 'accepted'],
    ['八道壕镇2022年报.xlsx', '八道壕镇', 'accepted'],
    ['南山乡.xlsx', '南山乡', 'rejected'],
  ]);
  // both 八道壕镇 files are kept; nothing was overwritten
  expect(county.files('archive/2022/八道壕镇')).toEqual(['八道壕镇2022年报(2).xlsx', '八道壕镇2022年报.xlsx']);
  expect(county.files('inbox/退回')).toEqual(['东风镇-2022.xlsx', '东风镇-2022.xlsx.问题清单.txt', '东风镇-2022（问题批注）.xlsx', '南山乡.xlsx', '南山乡.xlsx.问题清单.txt', '南山乡（问题批注）.xlsx']);
  // values.csv carries the newest accepted 八道壕镇 report only
  const values = parseCsv(county.read('outbox/2022/values.csv'));
  const badaohao = values.filter((v) => v.agency === '八道壕镇');
  expect(badaohao).toHaveLength(207);
  expect(Number(badaohao.find((v) => v.id === 'requests.new.total')!.value)).toBe(consistentValues('2021', 9)['requests.new.total']);
  expect(new Set(values.map((v) => v.agency))).toEqual(new Set(['八道壕镇', '东风镇', '南山乡', '县教育局']));
  const wb = XLSX.readFile(path.join(county.outbox, '2022/county-report.xlsx'));
  const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['报送情况']!, { header: 1 });
  expect(rows.find((r) => r[0] === '南山乡')).toEqual(expect.arrayContaining(['已采用', expect.stringContaining('之后报送的 南山乡.xlsx 被退回，仍采用此前的报表')]));
});

test('an older file arriving after a newer one is superseded at once', async () => {
  county.drop('新.xlsx', county.report('八道壕镇', 2022, {}, 1), '2023-01-09T01:00:00Z');
  await county.run();
  county.drop('旧.xlsx', county.report('八道壕镇', 2022, {}, 2), '2023-01-02T01:00:00Z');
  await county.run();
  expect(parseCsv(county.read('outbox/2022/submissions.csv')).map((s) => [s.file, s.status])).toEqual([['旧.xlsx', 'superseded'], ['新.xlsx', 'accepted']]);
});

test('the same bytes again are not a new submission, and leave the inbox all the same', async () => {
  const bytes = county.report('八道壕镇', 2022);
  county.drop('a.xlsx', bytes, '2023-01-05T01:00:00Z');
  await county.run();
  county.drop('a-副本.xlsx', bytes, '2023-01-07T01:00:00Z');
  const r = await county.run();
  expect(r.stdout).toContain('采用 0，退回 0，被替代 0，重复 1');
  expect(parseCsv(county.read('outbox/2022/submissions.csv'))).toHaveLength(1);
  expect(county.files('inbox')).toEqual([]);
  expect(county.files('archive/2022/八道壕镇')).toEqual(['a-副本.xlsx', 'a.xlsx'].sort());
});

test('two identical files in one run count once', async () => {
  const bytes = county.report('八道壕镇', 2022);
  county.drop('a.xlsx', bytes, '2023-01-05T01:00:00Z');
  county.drop('b.xlsx', bytes, '2023-01-05T02:00:00Z');
  expect((await county.run()).stdout).toContain('本次处理文件 2 个：采用 1，退回 0，被替代 0，重复 1。');
  expect(county.files('archive/2022/八道壕镇')).toEqual(['a.xlsx', 'b.xlsx']);
});

test('agencies off the roster are recorded and flagged roster.unknown, not summed', async () => {
  county.drop('x.xlsx', county.report('北河镇人民政府', 2022), '2023-01-05T01:00:00Z');
  await county.run();
  const issues = parseCsv(county.read('outbox/2022/issues.csv'));
  expect(issues.map((i) => [i.agency, i.code, i.severity])).toEqual([['北河镇', 'roster.unknown', 'warning']]);
  expect(issues[0]!.message).toBe('「北河镇」不在样例县的报送名册中，未计入汇总；如确应报送，请把它（或它的别名）加入 nianbao.config.json 的名册，下次运行即计入');
  expect(parseCsv(county.read('outbox/2022/submissions.csv'))[0]!.status).toBe('accepted');
  expect(parseCsv(county.read('outbox/2022/county-summary.csv'))).toEqual([]); // nothing counted yet
});

test('carry-over across two years: 上年结转 is checked against last year’s 结转下年度继续办理', async () => {
  const last = consistentValues('2021', 1);
  county.drop('2021.xlsx', county.report('八道壕镇', 2021, {}, 1), '2022-01-05T01:00:00Z');
  // this year's 上年结转 matches except 自然人 (and its 总计), which a clerk mistyped; the form still balances
  const good = consistentValues('2021', 2);
  const carried = { ...Object.fromEntries(['natural', 'commercial', 'research', 'nonprofit', 'legal', 'other_org', 'total'].map((c) => [`requests.carried_in.${c}`, last[`requests.carried_out.${c}`]!])) };
  const fixNew = (c: string) => good[`requests.results_total.${c}`]! + good[`requests.carried_out.${c}`]! - carried[`requests.carried_in.${c}`]!;
  const change: Record<string, number> = { ...carried };
  for (const c of ['natural', 'commercial', 'research', 'nonprofit', 'legal', 'other_org', 'total']) change[`requests.new.${c}`] = fixNew(c);
  change['requests.carried_in.natural'] = carried['requests.carried_in.natural']! + 1;
  change['requests.carried_in.total'] = carried['requests.carried_in.total']! + 1;
  change['requests.new.natural'] = change['requests.new.natural']! - 1;
  change['requests.new.total'] = change['requests.new.total']! - 1;
  county.drop('2022.xlsx', county.report('八道壕镇', 2022, change, 2), '2023-01-05T01:00:00Z');
  expect((await county.run()).stdout).toContain('采用 2');
  const issues = parseCsv(county.read('outbox/2022/issues.csv'));
  expect(issues.map((i) => [i.code, i.cell])).toEqual([['requests.carry_over', 'D25'], ['requests.carry_over', 'J25']]);
  expect(issues[0]!.message).toBe(`表三「二、上年结转政府信息公开申请数量」行「自然人」列应为 ${last['requests.carried_out.natural']}（2021年度报表「四、结转下年度继续办理」的同列数字），实为 ${last['requests.carried_out.natural']! + 1}`);
  expect(county.files('outbox')).toEqual(expect.arrayContaining(['2021/county-report.xlsx', '2022/county-report.xlsx']));
});

test('unreadable files are rejected with a receipt and listed under 未识别年度', async () => {
  county.drop('空文件.xlsx', Buffer.alloc(0), '2023-01-05T01:00:00Z');
  county.drop('说明.txt', Buffer.from('请查收'), '2023-01-05T02:00:00Z');
  const r = await county.run();
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('退回 2');
  expect(county.files('inbox/退回')).toEqual(['空文件.xlsx', '空文件.xlsx.问题清单.txt', '说明.txt', '说明.txt.问题清单.txt']);
  expect(county.read('inbox/退回/空文件.xlsx.问题清单.txt')).toContain('无法读取文件：文件是空的');
  expect(parseCsv(county.read('outbox/未识别年度/submissions.csv')).map((s) => s.status)).toEqual(['rejected', 'rejected']);
});

test('worker threads give the same outputs as reading in one thread', async () => {
  const other = makeCounty();
  try {
    for (const c of [county, other]) {
      for (let n = 0; n < 10; n++) c.drop(`f${n}.xlsx`, c.report(['八道壕镇', '东风镇', '西湖街道', '南山乡', '县教育局'][n % 5]!, 2022, n === 3 ? { 'appeals.review.total': 50 } : {}, n), `2023-01-05T0${n}:00:00Z`);
    }
    await county.run('--workers', '2');
    await other.run('--workers', '0');
    for (const name of CSVS) expect([name, county.read(`outbox/2022/${name}`)]).toEqual([name, other.read(`outbox/2022/${name}`)]);
  } finally {
    other.cleanup();
  }
});

describe('operator errors', () => {
  test('a broken config is exit 2 with a Chinese message', async () => {
    fs.writeFileSync(path.join(county.dir, 'nianbao.config.json'), '{"county": 3}');
    const r = await county.run();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/配置文件 .*nianbao\.config\.json 有误（county）/);
  });

  test('a missing explicit config is exit 2', async () => {
    const r = await county.run('--config', 'nope.json');
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('找不到配置文件')]);
  });

  test('an outbox that cannot be created is exit 2 and leaves the inbox untouched', async () => {
    county.drop('a.xlsx', county.report('八道壕镇', 2022), '2023-01-05T01:00:00Z');
    fs.writeFileSync(path.join(county.dir, 'outbox'), 'a file where the outbox should be');
    const r = await county.run();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('无法使用输出目录');
    expect(county.files('inbox')).toEqual(['a.xlsx']);
  });

  test('a run while another holds the lock stops with a message (exit 3); a dead holder’s lock is taken over', async () => {
    fs.mkdirSync(county.outbox);
    fs.writeFileSync(path.join(county.outbox, '.lock'), JSON.stringify({ pid: process.pid === 1 ? 2 : 1, startedAt: '2023-01-05T01:00:00Z' }));
    const busy = await county.run();
    expect([busy.code, busy.stderr]).toEqual([3, expect.stringContaining('另一个 nianbao 运行正在进行')]);
    fs.writeFileSync(path.join(county.outbox, '.lock'), JSON.stringify({ pid: 2147483646, startedAt: '2023-01-05T01:00:00Z' }));
    expect((await county.run()).code).toBe(0);
    expect(fs.existsSync(path.join(county.outbox, '.lock'))).toBe(false);
  });
});

test('a swap interrupted between its two renames is put back by the next run', async () => {
  county.drop('a.xlsx', county.report('八道壕镇', 2022), '2023-01-05T01:00:00Z');
  await county.run();
  const before = county.read('outbox/2022/values.csv');
  // as if killed after moving the old folder aside and before moving the new one in
  fs.renameSync(path.join(county.outbox, '2022'), path.join(county.outbox, '.previous-2022'));
  fs.mkdirSync(path.join(county.outbox, '.staging/2022'), { recursive: true });
  await county.run();
  expect(county.read('outbox/2022/values.csv')).toBe(before);
  expect(county.files('outbox').filter((f) => f.startsWith('.previous') || f.startsWith('.staging'))).toEqual([]);
});

test('CSV rows joined from pre-quoted fields are byte-identical to csv-stringify of the whole file', async () => {
  const { stringify } = await import('csv-stringify/sync');
  const { csvBytes, CSV_OPTIONS } = await import('../../src/render/csv');
  const rows = [[2022, '八道壕镇', '2021', 'a,b', '"q"', '=HYPERLINK("x")', -11, 25.1, null, '+3', '@x', '\t', 'line\nbreak', '-']];
  const header = ['year', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm'];
  for (const body of [rows, []]) {
    expect(csvBytes(header, body).toString('utf8')).toBe(stringify([header, ...body], { ...CSV_OPTIONS, bom: true }));
  }
  expect(csvBytes(header, rows).toString('utf8')).toContain(',"\'=HYPERLINK(""x"")",-11,25.1,,\'+3,\'@x,');
});

test('a file linked into the archive but not yet unlinked from the inbox (killed mid-move) ends up once', async () => {
  county.drop('a.xlsx', county.report('八道壕镇', 2022), '2023-01-05T01:00:00Z');
  await county.run();
  // as if the kill came between link and unlink: the archived file is in the inbox again, as the same file
  fs.linkSync(path.join(county.dir, 'archive/2022/八道壕镇/a.xlsx'), path.join(county.inbox, 'a.xlsx'));
  const r = await county.run();
  expect(r.code).toBe(0);
  expect(county.files('inbox')).toEqual([]);
  expect(county.files('archive')).toEqual(['2022/八道壕镇/a.xlsx']);
});

test('text that Excel would run as a formula is escaped in the CSVs; logs are JSON lines in outbox/logs', async () => {
  county.drop('=HYPERLINK("x")+1.xlsx', county.report('八道壕镇', 2022), '2023-01-05T01:00:00Z');
  county.drop("@cmd' C calc.xlsx", Buffer.from('not a workbook'), '2023-01-05T02:00:00Z');
  await county.run();
  const submissions = county.read('outbox/2022/submissions.csv');
  expect(submissions).toContain(`"'=HYPERLINK(""x"")+1.xlsx"`);
  expect(county.read('outbox/未识别年度/submissions.csv')).toContain("'@cmd' C calc.xlsx");
  const [log] = county.files('outbox/logs');
  const lines = county.read(`outbox/logs/${log}`).trim().split('\n').map((l) => JSON.parse(l));
  expect(lines.map((l) => l.msg)).toEqual(['inbox listed', 'recorded', 'recorded', 'run finished']);
  expect(lines.at(-1)).toMatchObject({ seen: 2, accepted: 1, rejected: 1, outputsRebuilt: true });
});

test('the ledger keeps where every value was read and the labels as printed where they differ', async () => {
  const { ARRANGEMENTS } = await import('../fixtures/workbook');
  const { CANONICAL } = await import('../../src/model/canonical');
  const { openLedger } = await import('../../src/ledger/ledger');
  const { valueOf } = await import('../../src/ledger/value-list');
  const bytes = county.report('八道壕镇', 2022, {}, 1, ARRANGEMENTS.annotated);
  county.drop('a.xlsx', bytes, '2023-01-05T01:00:00Z');
  await county.run();
  const ledger = openLedger(path.join(county.outbox, 'ledger.sqlite'));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const row = ledger.findBySha(sha256)!;
  const lineage = ledger.lineage(sha256)!;
  ledger.close();
  expect(row.values.ids).toEqual(CANONICAL['2021'].map((c) => c.id));
  expect(Object.keys(lineage.places)).toEqual(CANONICAL['2021'].map((c) => c.id));
  expect(lineage.places['proactive.rules.issued']).toEqual(['统计表', 'B7']);
  expect(valueOf(row.values, 'proactive.rules.issued')).toBe(consistentValues('2021', 1)['proactive.rules.issued']);
  expect(lineage.printed['proactive.rules.issued']).toEqual(['规章 (全区机关均无制定规章的权限)', '本年(2023)制发件数']);
  expect([row.mappingFile, row.mappingVersion]).toEqual(['format-2021.yaml', 2]);
});

test('--verbose shows readable logs on the terminal (the installed command, as a child process)', async () => {
  const { spawnSync } = await import('node:child_process');
  county.drop('a.xlsx', county.report('八道壕镇', 2022), '2023-01-05T01:00:00Z');
  const r = spawnSync(process.execPath, [path.join(__dirname, '../../bin/nianbao.js'), 'run', '--verbose'], { cwd: county.dir, encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] 已登记 a\.xlsx：八道壕镇 2022 年度，已采用/m);
  expect(r.stderr).toMatch(/^\[.*\] 运行完成：处理文件 1 个，采用 1/m);
  expect(r.stdout).toContain('本次处理文件 1 个：采用 1');
});

describe('values.csv on a night that only adds reports', () => {
  /** the same ledger's outputs built from nothing, in a county of its own */
  async function fromScratch(): Promise<string> {
    const again = makeCounty();
    try {
      fs.mkdirSync(again.outbox);
      fs.copyFileSync(path.join(county.outbox, 'ledger.sqlite'), path.join(again.outbox, 'ledger.sqlite'));
      expect((await again.run()).code).toBe(0);
      return again.read('outbox/2022/values.csv');
    } finally {
      again.cleanup();
    }
  }
  /** changes a figure in values.csv as it stands, keeping its size: still there after a run means the file was extended */
  function mark(): void {
    const file = path.join(county.outbox, '2022/values.csv');
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.replace('2022,八道壕镇,', '2022,八道壕XYZ,')); // 镇 and XYZ: three bytes each
  }

  test('a new report: its rows are added at the end, the rows before are not rendered again, the file is what a full rebuild gives', async () => {
    county.drop('八道壕镇.xlsx', county.report('八道壕镇', 2022, {}, 1), '2023-01-05T01:00:00Z');
    await county.run();
    county.drop('南山乡.xlsx', county.report('南山乡', 2022, {}, 2), '2023-01-06T01:00:00Z');
    await county.run();
    const full = county.read('outbox/2022/values.csv');
    expect(full).toBe(await fromScratch());
    expect(full.split('\r\n').filter((l) => l.startsWith('2022,')).map((l) => l.split(',')[1])).toEqual([...Array(207).fill('八道壕镇'), ...Array(207).fill('南山乡')]);

    mark();
    county.drop('县教育局.xlsx', county.report('县教育局', 2022, {}, 3), '2023-01-07T01:00:00Z');
    await county.run();
    const extended = county.read('outbox/2022/values.csv');
    expect(extended).toContain('2022,八道壕XYZ,');
    expect(extended.replace('八道壕XYZ', '八道壕镇')).toBe(await fromScratch());
  });

  test('a report that supersedes one, or a values.csv changed since it was written: it is rendered again', async () => {
    county.drop('八道壕镇.xlsx', county.report('八道壕镇', 2022, {}, 1), '2023-01-05T01:00:00Z');
    county.drop('南山乡.xlsx', county.report('南山乡', 2022, {}, 2), '2023-01-05T02:00:00Z');
    await county.run();
    mark();
    county.drop('八道壕镇-改.xlsx', county.report('八道壕镇', 2022, {}, 4), '2023-01-06T01:00:00Z');
    await county.run();
    expect(county.read('outbox/2022/values.csv')).not.toContain('八道壕XYZ');
    expect(county.read('outbox/2022/values.csv')).toBe(await fromScratch());

    // edited by hand (another size): not extended
    fs.appendFileSync(path.join(county.outbox, '2022/values.csv'), 'x\r\n');
    county.drop('县教育局.xlsx', county.report('县教育局', 2022, {}, 3), '2023-01-07T01:00:00Z');
    await county.run();
    expect(county.read('outbox/2022/values.csv')).toBe(await fromScratch());
  });
});

test.each([
  ['a county’s night: 40 workbooks of 30 KB', Array(40).fill(30_000), undefined, 0],
  ['1,000 workbooks of 8 KB (even either way)', Array(1000).fill(8_000), undefined, 0],
  ['8 MB of new files and more', Array(1000).fill(8_400), undefined, undefined],
  ['one large PDF', [9 * 1024 * 1024], undefined, undefined],
  ['--workers 2 for a few files', [10_000, 10_000], 2, 2],
  ['--workers 0 for many', Array(3000).fill(8_000), 0, 0],
] as [string, number[], number | undefined, number | undefined][])('reading threads: %s', (_d, sizes, asked, threads) => {
  const fresh = sizes.map((size, n) => ({ file: { path: `/x/${n}.xlsx`, name: `${n}.xlsx`, size, mtimeMs: 0 } }));
  expect(readingThreads(fresh, asked)).toBe(threads); // undefined: one per core
});
