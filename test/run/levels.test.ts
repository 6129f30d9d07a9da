/**
 * Levels above the county (issue 29 §3): the config's level decides 全县/全区/全市 and how the kinds of unit are
 * named. A city consolidating its counties' county-report.xlsx says 全市 and lists counties, not townships.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as XLSX from 'xlsx';
import { makeCounty, parseCsv } from '../fixtures/county';
import { runCli } from '../../src/cli';
import { levelWords } from '../../src/level-words';

/** A county's county-report.xlsx, from a run over two of its townships. */
async function countyReport(county: string, seeds: [number, number]): Promise<Buffer> {
  const c = makeCounty({ county, roster: [{ name: '东风镇' }, { name: '南山乡' }] });
  try {
    c.drop('东风镇.xlsx', c.report('东风镇', 2022, {}, seeds[0]), '2023-01-05T01:00:00Z');
    c.drop('南山乡.xlsx', c.report('南山乡', 2022, {}, seeds[1]), '2023-01-05T02:00:00Z');
    expect((await c.run()).code).toBe(0);
    return fs.readFileSync(path.join(c.outbox, '2022/county-report.xlsx'));
  } finally {
    c.cleanup();
  }
}

/** The draft's paragraphs, as text. */
function draftText(file: string): string {
  const zip = XLSX.CFB.read(fs.readFileSync(file), { type: 'buffer' });
  const xml = Buffer.from(zip.FileIndex[zip.FullPaths.findIndex((p: string) => p.endsWith('word/document.xml'))]!.content as Uint8Array).toString('utf8');
  return [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('');
}

test('a city run over its counties’ county-report.xlsx says 全市 and lists counties', async () => {
  const reports = { 甲县: await countyReport('甲县', [1, 2]), 乙县: await countyReport('乙县', [3, 4]) };
  const city = makeCounty({ county: '某某市', roster: [{ name: '甲县' }, { name: '乙县' }, { name: '丙县' }, { name: '市教育局', kind: 'department' }] });
  try {
    city.drop('甲县汇总.xlsx', reports.甲县, '2023-01-10T01:00:00Z');
    city.drop('乙县汇总.xlsx', reports.乙县, '2023-01-10T02:00:00Z');
    const run = await city.run();
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('未报送 2 个：丙县、市教育局');
    expect(run.stdout).toContain('全市合计 county-report.xlsx、全市年报草稿 county-report-draft.docx');
    expect(parseCsv(city.read('outbox/2022/submissions.csv')).map((r) => [r.agency, r.status])).toEqual([['甲县', 'accepted'], ['乙县', 'accepted']]);

    const draft = draftText(path.join(city.outbox, '2022/county-report-draft.docx'));
    expect(draft).toContain('在某某市各县（市、区）、市政府各部门政府信息公开工作年度报告基础上汇总编制');
    expect(draft).toContain('纳入汇总的单位（2个）：乙县、甲县。尚未报送的单位（2个）：丙县、市教育局。');
    expect(draft).toContain('不是全市的全部数字');
    expect(draft).not.toMatch(/全县|乡（镇|县政府/);

    const states = XLSX.utils.sheet_to_json<unknown[]>(XLSX.read(fs.readFileSync(path.join(city.outbox, '2022/county-report.xlsx'))).Sheets['报送情况']!, { header: 1, defval: null });
    expect(Object.fromEntries(states.filter((r) => typeof r[0] === 'string' && /县|局/.test(r[0] as string) && r[1]).map((r) => [r[0], r[1]]))).toEqual({ 甲县: '县（市、区）', 乙县: '县（市、区）', 丙县: '县（市、区）', 市教育局: '市直部门' });

    let out = '';
    await runCli(['status', '--outbox', 'outbox', '--config', 'nianbao.config.json'], { stdout: (t) => (out += t), stderr: () => undefined, cwd: city.dir });
    expect(out).toMatch(/丙县\s+县（市、区）\s+未报送/);
  } finally {
    city.cleanup();
  }
});

test.each([
  // a 区 by its name; a 县 that says it is a 区 in the config; a 区 whose sum covers every unit says 全区
  [{ county: '某某区' }, '全区', '区直部门'],
  [{ county: '样例县', level: '区' }, '全区', '区直部门'],
  [{ county: '样例县' }, '全县', '县直部门'],
])('%j: the whole is %s, its departments %s', async (config, whole, departments) => {
  const county = makeCounty({ ...config, roster: [{ name: '东风镇' }, { name: '教育局', kind: 'department' }] });
  try {
    county.drop('东风镇.xlsx', county.report('东风镇', 2022, {}, 1), '2023-01-05T01:00:00Z');
    county.drop('教育局.xlsx', county.report('教育局', 2022, {}, 2), '2023-01-05T02:00:00Z');
    expect((await county.run()).code).toBe(0);
    const draft = draftText(path.join(county.outbox, '2022/county-report-draft.docx'));
    expect(draft).toContain(`${whole}共收到政府信息公开申请`);
    expect(draft).toContain(`${whole}发生政府信息公开行政复议`);
    const states = XLSX.utils.sheet_to_json<unknown[]>(XLSX.read(fs.readFileSync(path.join(county.outbox, '2022/county-report.xlsx'))).Sheets['报送情况']!, { header: 1, defval: null });
    expect(states.find((r) => r[0] === '教育局')?.[1]).toBe(departments);
  } finally {
    county.cleanup();
  }
});

test.each([
  ['县', '全县', '本县', '乡镇（街道）', '县直部门', '各乡（镇、街道办事处）、县政府各部门'],
  ['区', '全区', '本区', '乡镇（街道）', '区直部门', '各乡（镇、街道办事处）、区政府各部门'],
  ['市', '全市', '本市', '县（市、区）', '市直部门', '各县（市、区）、市政府各部门'],
  ['州', '全州', '本州', '县（市）', '州直部门', '各县（市）、州政府各部门'],
  ['省', '全省', '本省', '市（州）', '省直部门', '各市（州）、省政府各部门'],
] as const)('level %s: %s, %s名册, units %s and %s, filed by %s', (level, whole, own, lower, departments, filers) => {
  const words = levelWords(level);
  expect([words.whole, words.own, words.kind('township'), words.kind('department'), words.filers]).toEqual([whole, own, lower, departments, filers]);
  expect([words.kind('county'), words.kind('unknown')]).toEqual(['本级', '不在名册']);
});
