/**
 * The roster decides what is counted (issue 13 §1–2): names match after what a signature adds around the agency;
 * a unit not on the roster is shown, never summed, until the coordinator adds it — then the next run counts it; a
 * roster in which two entries claim one name is refused; a config file that is not UTF-8 or not JSON says why.
 */
import * as fs from 'node:fs';
import * as iconv from 'iconv-lite';
import * as path from 'node:path';
import * as XLSX from 'xlsx';
import { runCli } from '../src/cli';
import { ConfigError, loadConfig, makeConfig } from '../src/config';
import { createHash } from 'node:crypto';
import { agencyKey, makeRoster, NAME_MATCHING_VERSION } from '../src/roster';
import { makeCounty, parseCsv } from './fixtures/county';
import { consistentValues } from './fixtures/values';

/** The fingerprint of name matching at NAME_MATCHING_VERSION 1 (see the test that uses it). */
const PINNED = 'f12b5baf3e43';

const roster = makeRoster([
  { name: '八道壕镇', aliases: [] },
  { name: '西湖街道', aliases: [] },
  { name: '县教育局', aliases: ['样例县教育局'] },
  { name: '南山乡', aliases: ['南山乡政府办'] },
]);

test.each([
  ['八道壕镇', '八道壕镇'],
  ['八道壕镇政府', '八道壕镇'],
  ['八道壕镇人民政府', '八道壕镇'],
  ['八道壕镇 人民政府', '八道壕镇'],
  ['样例县八道壕镇人民政府', '八道壕镇'],
  ['某市样例县八道壕镇', '八道壕镇'],
  ['西湖街道办事处', '西湖街道'],
  ['西湖街道党政办', '西湖街道'],
  ['南山乡政府办', '南山乡'],
  ['县教育局', '县教育局'],
  ['样例县教育局', '县教育局'],
  ['八道壕', undefined],
  ['新八道壕镇', undefined], // what stands before it is no county or city
  ['八道壕镇卫生院', undefined],
  ['北河镇', undefined],
])('「%s」 is filed under 「%s」', (name, expected) => {
  expect(roster.resolve(name)).toBe(expected);
});

test('a change to how names match is noticed: NAME_MATCHING_VERSION goes up with it (runs then file every report again)', () => {
  // how a spread of names, signatures and near misses match this roster, as a fingerprint; when this fails because
  // agencyKey or resolve changed on purpose, raise NAME_MATCHING_VERSION in src/roster.ts and pin the new fingerprint
  const names = ['八道壕镇', '八道壕镇人民政府', '八道壕镇 人民政府', '样例县八道壕镇人民政府', '某市样例县八道壕镇', '八道壕镇党政办公室', '八道壕镇政府办公室',
    '西湖街道办事处', '西湖街道党政办', '西湖街道管委会', '南山乡政府办', '南山乡人民政府', '县教育局', '样例县教育局', 'Ｘ县教育局', '八道壕', '新八道壕镇',
    '八道壕镇卫生院', '北河镇', '（八道壕镇）', '八道壕镇（盖章）', '淮安市洪泽区八道壕镇', '某某自治县八道壕镇人民政府'];
  const fingerprint = createHash('sha256').update(JSON.stringify(names.map((n) => [agencyKey(n), roster.resolve(n) ?? null]))).digest('hex').slice(0, 12);
  expect([NAME_MATCHING_VERSION, fingerprint]).toEqual([1, PINNED]);
});

test.each([
  ['八道豪镇', ['八道壕镇']],
  ['西湖街道社区', ['西湖街道']],
  ['北河镇', []],
])('「%s」 off the roster: the names it may have meant are %j', (name, near) => {
  expect(roster.suggest(name)).toEqual(near);
});

test.each([
  ['two entries of one name', [{ name: '八道壕镇' }, { name: '八道壕镇' }], /名册中有两个「八道壕镇」/],
  ['two entries of one name as signed', [{ name: '八道壕镇' }, { name: '八道壕镇人民政府' }], /「八道壕镇人民政府」既指名册中的「八道壕镇」，又指「八道壕镇人民政府」/],
  ['an alias that is another entry’s name', [{ name: '八道壕镇' }, { name: '东风镇', aliases: ['八道壕镇'] }], /「八道壕镇」既指名册中的「八道壕镇」，又指「东风镇」/],
  ['an alias that is another entry’s name as signed', [{ name: '八道壕镇' }, { name: '东风镇', aliases: ['八道壕镇人民政府'] }], /「八道壕镇人民政府」既指名册中的「八道壕镇」，又指「东风镇」/],
  ['one alias on two entries', [{ name: '八道壕镇', aliases: ['镇政府'] }, { name: '东风镇', aliases: ['镇政府'] }], /「镇政府」既指名册中的「八道壕镇」，又指「东风镇」/],
  ['an alias written twice', [{ name: '八道壕镇', aliases: ['八道壕', '八道壕'] }], /「八道壕镇」的别名「八道壕」写了两次/],
])('a roster with %s is refused, naming the entries', (_d, entries, message) => {
  expect(() => makeConfig({ county: '样例县', roster: entries })).toThrow(ConfigError);
  expect(() => makeConfig({ county: '样例县', roster: entries })).toThrow(message);
});

test('an entry may list its own name as signed (八道壕镇人民政府 for 八道壕镇)', () => {
  expect(makeConfig({ county: '样例县', roster: [{ name: '八道壕镇', aliases: ['八道壕镇人民政府'] }] }).rosterName('八道壕镇政府')).toBe('八道壕镇');
});

describe('a config file', () => {
  const county = makeCounty();
  afterAll(() => county.cleanup());
  const file = path.join(county.dir, 'c.json');
  const refusal = (bytes: Buffer) => {
    fs.writeFileSync(file, bytes);
    try {
      loadConfig(file, true);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('accepted');
  };
  const json = JSON.stringify({ county: '样例县', roster: [{ name: '八道壕镇' }] });

  test.each([
    ['saved as ANSI (GBK) by Notepad', iconv.encode(json, 'gbk'), /不是 UTF-8 编码（看来是 ANSI\/GBK）.*另存为.*UTF-8/],
    ['saved as Unicode (UTF-16)', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(json, 'utf16le')]), /不是 UTF-8 编码（看来是 UTF-16（Unicode））/],
    ['with a comma missing', Buffer.from('{\n  "county": "样例县"\n  "roster": []\n}'), /第 3 行第 3 列附近有误/],
    ['cut short', Buffer.from('{\n  "county": "样例县",\n'), /第 3 行第 1 列附近有误/],
  ])('%s is refused with the reason', (_d, bytes, message) => {
    expect(refusal(bytes)).toMatch(message);
  });

  test('saved as UTF-8 with a BOM is read', () => {
    fs.writeFileSync(file, `\uFEFF${json}`);
    expect(loadConfig(file, true).rosterName('八道壕镇人民政府')).toBe('八道壕镇');
  });
});

test('run: the roster decides what is counted; an alias added later counts the unit at the next run, with no resubmission', async () => {
  const county = makeCounty({ county: '样例县', roster: [{ name: '八道壕镇' }, { name: '东风镇' }] });
  try {
    county.drop('a.xlsx', county.report('八道壕镇', 2022, {}, 1), '2023-01-05T01:00:00Z');
    // the same township signing differently, later: it replaces its earlier report, it is not a second township
    county.drop('b.xlsx', county.report('样例县八道壕镇政府', 2022, {}, 2), '2023-01-05T02:00:00Z');
    county.drop('c.xlsx', county.report('东风镇', 2022, {}, 3), '2023-01-05T03:00:00Z');
    county.drop('d.xlsx', county.report('北河镇', 2022, {}, 4), '2023-01-05T04:00:00Z');
    const first = await county.run();
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('  北河镇：不在本县名册中，未计入汇总；如应计入，请把它加入名册');
    const statuses = () => Object.fromEntries(parseCsv(county.read('outbox/2022/submissions.csv')).map((r) => [r.file, [r.agency, r.status]]));
    expect(statuses()).toEqual({ 'a.xlsx': ['八道壕镇', 'superseded'], 'b.xlsx': ['八道壕镇', 'accepted'], 'c.xlsx': ['东风镇', 'accepted'], 'd.xlsx': ['北河镇', 'accepted'] });
    const total = (seeds: number[]) => String(seeds.reduce((sum, seed) => sum + consistentValues('2021', seed)['requests.new.total']!, 0));
    const summaryOf = () => Object.fromEntries(parseCsv(county.read('outbox/2022/county-summary.csv')).map((r) => [r.id, [r.value, r.agencies]]));
    expect(summaryOf()['requests.new.total']).toEqual([total([2, 3]), '2']);
    expect(new Set(parseCsv(county.read('outbox/2022/values.csv')).map((r) => r.agency))).toEqual(new Set(['八道壕镇', '东风镇']));
    const issues = parseCsv(county.read('outbox/2022/issues.csv')).filter((i) => i.code === 'roster.unknown');
    expect(issues.map((i) => [i.agency, i.severity])).toEqual([['北河镇', 'warning']]);
    expect(issues[0]!.message).toContain('未计入汇总');
    const report = XLSX.read(fs.readFileSync(path.join(county.outbox, '2022/county-report.xlsx')));
    const states = XLSX.utils.sheet_to_json<unknown[]>(report.Sheets['报送情况']!, { header: 1, defval: null });
    expect(states.find((r) => r[0] === '北河镇')?.[7]).toBe('不在本县名册中，未计入汇总；如应计入，请把它加入名册');

    // the coordinator adds 北河镇: the next run counts it, with nothing resubmitted
    fs.writeFileSync(path.join(county.dir, 'nianbao.config.json'), JSON.stringify({ county: '样例县', roster: [{ name: '八道壕镇' }, { name: '东风镇' }, { name: '北河镇' }] }));
    const second = await county.run();
    expect(second.stdout).not.toContain('不在名册');
    expect(summaryOf()['requests.new.total']).toEqual([total([2, 3, 4]), '3']);
    expect(parseCsv(county.read('outbox/2022/issues.csv')).filter((i) => i.code === 'roster.unknown')).toEqual([]);
  } finally {
    county.cleanup();
  }
});

test('run: a wrong alias that filed one township’s report under another is undone when the roster is fixed', async () => {
  const county = makeCounty({ county: '样例县', roster: [{ name: '东风镇', aliases: ['北河镇'] }] });
  try {
    county.drop('东风.xlsx', county.report('东风镇', 2022, {}, 1), '2023-01-05T01:00:00Z');
    county.drop('北河.xlsx', county.report('北河镇', 2022, {}, 2), '2023-01-05T02:00:00Z');
    await county.run();
    const statuses = () => Object.fromEntries(parseCsv(county.read('outbox/2022/submissions.csv')).map((r) => [r.file, [r.agency, r.status]]));
    expect(statuses()).toEqual({ '东风.xlsx': ['东风镇', 'superseded'], '北河.xlsx': ['东风镇', 'accepted'] });
    fs.writeFileSync(path.join(county.dir, 'nianbao.config.json'), JSON.stringify({ county: '样例县', roster: [{ name: '东风镇' }, { name: '北河镇' }] }));
    await county.run();
    expect(statuses()).toEqual({ '东风.xlsx': ['东风镇', 'accepted'], '北河.xlsx': ['北河镇', 'accepted'] });
    const values = parseCsv(county.read('outbox/2022/values.csv')).filter((r) => r.id === 'requests.new.total');
    expect(values.map((r) => [r.agency, r.value])).toEqual([['东风镇', String(consistentValues('2021', 1)['requests.new.total'])], ['北河镇', String(consistentValues('2021', 2)['requests.new.total'])]].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)));
  } finally {
    county.cleanup();
  }
});

test('run without a config says which file it looked for and that there is no roster; --inbox must exist', async () => {
  const county = makeCounty();
  try {
    fs.rmSync(path.join(county.dir, 'nianbao.config.json'));
    let out = '';
    const io = { stdout: (t: string) => (out += t), stderr: (t: string) => (out += t), cwd: county.dir };
    expect(await runCli(['run'], io)).toBe(0);
    expect(out).toContain(`未找到配置文件 ${path.join(county.dir, 'nianbao.config.json')}：按没有报送名册运行（所有单位都计入汇总）`);
    out = '';
    expect(await runCli(['run', '--inbox', 'inbx'], io)).toBe(2);
    expect(out).toContain(`收件箱 ${path.join(county.dir, 'inbx')} 不存在或不是文件夹`);
    expect(fs.existsSync(path.join(county.dir, 'inbx'))).toBe(false);
  } finally {
    county.cleanup();
  }
});

// the level decides 全县/全区/全市 in the outputs and who signs the returned workbooks
test.each([
  [{ county: '样例县' }, '县', '县政务公开办'],
  [{ county: '某某区人民政府' }, '区', '区政务公开办'],
  [{ county: '某某市' }, '市', '市政务公开办'],
  [{ county: '某某旗' }, '县', '县政务公开办'],
  [{ county: '某某市', level: '区', office: '某某市某某区政务服务数据管理局' }, '区', '某某市某某区政务服务数据管理局'],
])('config %j: level %s, office %s', (input, level, office) => {
  const config = makeConfig(input);
  expect([config.level, config.office]).toEqual([level, office]);
});
