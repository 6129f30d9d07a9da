/**
 * What townships really send: a folder per township, zips (names in GBK, junk from macOS, passwords, zips within
 * zips, bombs), RAR files, and files still being copied in when the run starts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as iconv from 'iconv-lite';
import { openLedger } from '../../src/ledger/ledger';
import { memberName, shownMemberPath, unzipInto, type UnzipLimits } from '../../src/run/unzip';
import { runInbox } from '../../src/run/run';
import { loadMappings } from '../../src/mapping/load';
import { makeConfig } from '../../src/config';
import { silentLog } from '../../src/log';
import { fromFileName } from '../../src/identity';
import { makeCounty, type County } from '../fixtures/county';
import { buildZip } from '../fixtures/zip';

const ARRIVED = '2023-01-10T08:00:00Z';

describe('member names', () => {
  test.each([
    ['flagged UTF-8', Buffer.from('东风镇/年报.xlsx'), 0x800, '东风镇/年报.xlsx'],
    ['GBK, unflagged (Windows)', iconv.encode('北河镇2022年报.xlsx', 'gbk'), 0, '北河镇2022年报.xlsx'],
    ['UTF-8, unflagged (macOS, Linux)', Buffer.from('南山乡.xlsx'), 0, '南山乡.xlsx'],
    ['ASCII', Buffer.from('report.xlsx'), 0, 'report.xlsx'],
  ])('%s', (_what, raw, flags, expected) => expect(memberName(raw, flags)).toBe(expected));

  test('the Unicode Path extra field wins over a name in the local code page', () => {
    const field = Buffer.concat([Buffer.from([1, 0, 0, 0, 0]), Buffer.from('东风镇.xlsx')]);
    expect(memberName(Buffer.from('???.xlsx'), 0, [{ id: 0x7075, data: field }])).toBe('东风镇.xlsx');
  });

  test.each([
    ['../../etc/passwd', 'etc/passwd'],
    ['/abs/东风镇.xlsx', 'abs/东风镇.xlsx'],
    ['C:\\报表\\东风镇.xlsx', '报表/东风镇.xlsx'],
    ['a/./b//c.xlsx', 'a/b/c.xlsx'],
  ])('shown path of %j: %j (never a way out of the staging folder)', (name, shown) => expect(shownMemberPath(name)).toBe(shown));
});

describe('a zip is taken apart, within bounds', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-zip-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const LIMITS: UnzipLimits = { maxMemberBytes: 1000, maxMembers: 3, maxTotalBytes: 2000 };
  const unzip = (bytes: Buffer, limits = LIMITS) => {
    fs.writeFileSync(path.join(dir, 'in.zip'), bytes);
    return unzipInto(path.join(dir, 'in.zip'), path.join(dir, 'staging'), limits);
  };
  const data = (n: number) => Buffer.alloc(n, 0x41);

  test('members out, junk left, names decoded, every file inside the staging folder', async () => {
    const result = await unzip(
      buildZip([
        { name: '乡镇/', data: Buffer.alloc(0) },
        { name: '乡镇/东风镇.xlsx', data: data(10), encoding: 'gbk', deflate: true },
        { name: '../../逃出.csv', data: data(5) },
        { name: '__MACOSX/乡镇/._东风镇.xlsx', data: data(3) },
        { name: '乡镇/.DS_Store', data: data(3) },
        { name: '乡镇/~$东风镇.xlsx', data: data(3) },
      ]),
    );
    expect('members' in result && result.members.map((m) => m.name)).toEqual(['乡镇/东风镇.xlsx', '逃出.csv']);
    if (!('members' in result)) return;
    for (const m of result.members) {
      expect(path.relative(path.join(dir, 'staging'), m.path).startsWith('..')).toBe(false);
      expect(fs.readFileSync(m.path).length).toBeGreaterThan(0);
    }
    expect(fs.readFileSync(result.members[0]!.path)).toEqual(data(10));
  });

  test.each([
    ['a password', () => buildZip([{ name: 'a.xlsx', data: data(10), encrypted: true }]), '压缩包设有密码（a.xlsx）'],
    ['a zip within the zip', () => buildZip([{ name: 'a.xlsx', data: data(10) }, { name: '乡镇/b.zip', data: data(10) }]), '压缩包中又有压缩包（乡镇/b.zip）'],
    ['a RAR within the zip', () => buildZip([{ name: 'b.rar', data: data(10) }]), '压缩包中又有压缩包（b.rar）'],
    ['a member over the size limit', () => buildZip([{ name: 'big.xlsx', data: data(1001) }]), '压缩包中的 big.xlsx 解开后有'],
    ['too many members', () => buildZip([1, 2, 3, 4].map((n) => ({ name: `${n}.xlsx`, data: data(1) }))), '压缩包中有 4 个文件，超过一次 3 个的上限'],
    ['too many bytes in all', () => buildZip([1, 2, 3].map((n) => ({ name: `${n}.xlsx`, data: data(900) }))), '压缩包解开后共有'],
    ['a bomb: a member larger than it says', () => buildZip([{ name: 'a.xlsx', data: data(5000), deflate: true, declaredSize: 100 }]), '压缩包中的 a.xlsx 已损坏'],
    ['nothing but junk', () => buildZip([{ name: '__MACOSX/x', data: data(1) }]), '压缩包中没有文件'],
    ['not a zip at all', () => Buffer.from('PK\u0003\u0004 but then nothing'), '压缩包已损坏或不是 zip 格式'],
  ])('refused whole: %s', async (_what, bytes, reason) => {
    const result = await unzip(bytes());
    expect('refused' in result && result.refused).toContain(reason);
    expect('refused' in result && result.refused).toMatch(/请|上限|没有文件/);
  });
});

describe('nianbao run on what townships send', () => {
  let county: County;
  beforeEach(() => (county = makeCounty()));
  afterEach(() => county.cleanup());

  test('a folder per township, a zip with GBK names, a RAR: each report read, filed and summarised', async () => {
    county.drop('东风镇/年报数据.xlsx', county.report('', 2022), ARRIVED); // no agency in the workbook: the folder names it
    const zip = buildZip([
      { name: '乡镇报表/', data: Buffer.alloc(0), encoding: 'gbk' },
      { name: '乡镇报表/八道壕镇2022年报.xlsx', data: county.report('八道壕镇人民政府', 2022), encoding: 'gbk', deflate: true },
      { name: '乡镇报表/南山乡.xlsx', data: county.report('南山乡', 2022, {}, 2), encoding: 'gbk', deflate: true },
      { name: '__MACOSX/乡镇报表/._南山乡.xlsx', data: Buffer.from('junk') },
    ]);
    county.drop('乡镇报表.zip', zip, ARRIVED);
    county.drop('西湖街道.rar', Buffer.concat([Buffer.from('Rar!\x1a\x07\x00', 'latin1'), Buffer.alloc(100)]), ARRIVED);

    const r = await county.run();
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('本次处理文件 4 个：采用 3，退回 1');
    expect(r.stdout).toContain('压缩包：乡镇报表.zip，解开 2 个文件，原包已整包归档到 archive/压缩包/乡镇报表.zip');
    expect(r.stdout).toContain('退回：西湖街道.rar');
    expect(county.files('archive').sort()).toEqual(['2022/东风镇/年报数据.xlsx', '2022/八道壕镇/八道壕镇2022年报.xlsx', '2022/南山乡/南山乡.xlsx', '压缩包/乡镇报表.zip'].sort());
    expect(fs.readFileSync(path.join(county.dir, 'archive/压缩包/乡镇报表.zip'))).toEqual(zip);
    // the inbox keeps only what was returned: the township's emptied folder and the staging folder are gone
    expect(fs.readdirSync(county.inbox).sort()).toEqual(['退回']);
    expect(county.read('inbox/退回/西湖街道.rar.问题清单.txt')).toContain('这是 RAR 压缩包，nianbao 只解开 zip：请解压后放入收件箱');

    const ledger = openLedger(path.join(county.outbox, 'ledger.sqlite'));
    try {
      const names = ledger.submissionsOf(2022).map((s) => [s.fileName, s.agency, s.status]);
      expect(names).toEqual(
        expect.arrayContaining([
          ['东风镇/年报数据.xlsx', '东风镇', 'accepted'],
          ['乡镇报表.zip/乡镇报表/八道壕镇2022年报.xlsx', '八道壕镇', 'accepted'],
          ['乡镇报表.zip/乡镇报表/南山乡.xlsx', '南山乡', 'accepted'],
        ]),
      );
    } finally {
      ledger.close();
    }
  });

  test('the same zip sent again: its reports are duplicates, not filed twice; the zip is archived beside the first', async () => {
    const zip = buildZip([{ name: '南山乡.xlsx', data: county.report('南山乡', 2022), encoding: 'gbk' }]);
    county.drop('乡镇.zip', zip, ARRIVED);
    await county.run();
    county.drop('乡镇.zip', zip, ARRIVED);
    const again = await county.run();
    expect(again.stdout).toContain('重复 1');
    expect(county.files('archive')).toEqual(['2022/南山乡/南山乡.xlsx', '压缩包/乡镇(2).zip', '压缩包/乡镇.zip']);
  });

  test('a zip that cannot be taken apart is returned whole with its reason', async () => {
    county.drop('乡镇.zip', buildZip([{ name: '南山乡.xlsx', data: county.report('南山乡', 2022), encrypted: true }]), ARRIVED);
    const r = await county.run();
    expect(r.stdout).toContain('退回：乡镇.zip');
    expect(county.read('inbox/退回/乡镇.zip.问题清单.txt')).toContain('压缩包设有密码（南山乡.xlsx），无法解开：请解压后把其中的报表放入收件箱');
    expect(county.files('archive')).toEqual([]);
  });
});

describe('files still being copied when the run starts', () => {
  let county: County;
  beforeEach(() => (county = makeCounty({ county: '样例县' })));
  afterEach(() => county.cleanup());
  const run = (waitMs: number, onWait: (files: number, seconds: number) => void) =>
    runInbox({ inbox: county.inbox, outbox: county.outbox, config: makeConfig({ county: '样例县' }), mappings: loadMappings(), log: silentLog, settleMs: 400, waitMs, onWait, workers: 0 });

  test('are waited for, with a message, and read in this run', async () => {
    fs.writeFileSync(path.join(county.inbox, '南山乡.xlsx'), county.report('南山乡', 2022)); // just now
    const told: number[] = [];
    const summary = await run(5000, (files) => told.push(files));
    expect(told).toEqual([1]);
    expect([summary.seen, summary.accepted, summary.waiting]).toEqual([1, 1, []]);
  });

  test('through the command line: the clerk is told the run waits, and the file is read in this run', async () => {
    fs.writeFileSync(path.join(county.inbox, '南山乡.xlsx'), county.report('南山乡', 2022)); // just now
    const r = await county.run();
    expect(r.stderr).toContain('收件箱中有 1 个文件刚放入，可能仍在复制：等待复制完成（最多 20 秒）……');
    expect(r.stdout).toContain('本次处理文件 1 个：采用 1');
  }, 30000);

  test('one still changing when the wait is over is left for the next run, and the summary says so', async () => {
    const file = path.join(county.inbox, '南山乡.xlsx');
    fs.writeFileSync(file, county.report('南山乡', 2022));
    const copying = setInterval(() => fs.appendFileSync(file, ' '), 100); // a copy that goes on
    try {
      const summary = await run(600, () => undefined);
      expect([summary.seen, summary.waiting]).toEqual([0, [{ name: '南山乡.xlsx', reason: '文件刚被修改，可能仍在写入，下次运行再处理' }]]);
      const { renderRunSummary } = await import('../../src/run/summary-text');
      const text = renderRunSummary(summary, county.dir);
      expect(text).toContain('暂缓：南山乡.xlsx');
      expect(text).toContain('还没有登记任何报表：收件箱中暂缓的 1 个文件下次运行时再处理。');
      expect(text).not.toContain('把各单位的报表放进收件箱后再运行');
    } finally {
      clearInterval(copying);
    }
  });
});

test.each([
  ['东风镇/年报数据.xlsx', '东风镇', null],
  ['2022年报/东风镇.xlsx', '东风镇', 2022],
  ['东风镇.zip/年报.xlsx', '东风镇', null],
  ['材料/年报.xlsx', null, null], // a folder that does not look like an agency names none
  ['县教育局/2021/报表.xlsx', '县教育局', 2021],
  ['西湖街道/东风镇.xlsx', '东风镇', null], // the file's own name first
])('identity from a file in a folder: %s', (name, agency, year) => {
  expect(fromFileName(name)).toEqual({ agency, year });
});
