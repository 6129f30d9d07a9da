/**
 * Faults end with a Chinese reason and nothing lost (issue 13 §6): a full disk or a read-only outbox while the ledger
 * is written, a damaged ledger, a backup folder that cannot be made, a pipe named like a report, a file written to
 * while it is read, a zip that is no workbook. The disk faults use a small tmpfs (mounting needs root: without it
 * those two tests are skipped, said so by name).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pino from 'pino';
import { runCli } from '../../src/cli';
import { loadConfig } from '../../src/config';
import { inspectBytes } from '../../src/inspect';
import { runInbox } from '../../src/run/run';
import { makeCounty, parseCsv, type County } from '../fixtures/county';
import { storedZip } from '../fixtures/hostile';
import { mappings } from '../fixtures/workbook';
import { issueMessage } from '../../src/issues';

async function cli(county: County, ...args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (out += t), cwd: county.dir });
  return { code, out };
}

/** The installed command as a child process (it holds no file open once it has ended). */
function cliProcess(county: County, ...args: string[]): { code: number; out: string } {
  const r = spawnSync(process.execPath, [path.join(__dirname, '../../bin/nianbao.js'), ...args], { cwd: county.dir, encoding: 'utf8' });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

/** A tmpfs of `kb` KB at a new folder, or null where this process may not mount. */
function tmpfs(kb: number): string | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${kb}k`, 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    fs.rmdirSync(dir);
    return null;
  }
}
const canMount = (() => {
  const dir = tmpfs(64);
  if (dir) execFileSync('umount', [dir]);
  return dir !== null;
})();
const withMount = canMount ? test : test.skip;

withMount('the disk fills while the ledger is written: exit 2, 「磁盘空间已满」, no stack trace, nothing lost, the next run goes on', async () => {
  const county = makeCounty({ county: '样例县', roster: [] });
  const disk = tmpfs(96)!;
  try {
    for (let i = 0; i < 40; i++) county.drop(`${String(i).padStart(2, '0')}.xlsx`, county.report(`第${i}镇`, 2022, {}, i), '2023-01-05T01:00:00Z');
    const full = cliProcess(county, 'run', '--outbox', path.join(disk, 'outbox'));
    expect(full.code).toBe(2);
    expect(full.out).toContain('磁盘空间已满');
    expect(full.out).not.toMatch(/^\s+at /m);
    // every file is either still in the inbox or archived as recorded: none lost, none half-moved
    const inbox = county.files('inbox');
    expect(inbox.length + county.files('archive').length).toBe(40);
    expect(inbox.length).toBeGreaterThan(0);
    // space made: the next run records the rest
    execFileSync('mount', ['-o', 'remount,size=16m', disk]);
    expect(cliProcess(county, 'run', '--outbox', path.join(disk, 'outbox')).code).toBe(0);
    expect(county.files('inbox')).toEqual([]);
    expect(parseCsv(fs.readFileSync(path.join(disk, 'outbox/2022/submissions.csv'), 'utf8'))).toHaveLength(40);
  } finally {
    execFileSync('umount', ['-l', disk]); // lazily: the in-process CLI's log file stays open
    fs.rmdirSync(disk);
    county.cleanup();
  }
});

withMount('a disk too full even for the log: the run still says 「磁盘空间已满」 (exit 2), never an internal error', () => {
  const county = makeCounty({ county: '样例县', roster: [] });
  const disk = tmpfs(96)!;
  try {
    county.drop('a.xlsx', county.report('八道壕镇', 2022, {}, 1), '2023-01-05T01:00:00Z');
    const full = cliProcess(county, 'run', '--outbox', path.join(disk, 'outbox'));
    expect([full.code, full.out]).toEqual([2, expect.stringContaining('磁盘空间已满')]);
    expect(full.out).not.toContain('内部错误');
    expect(county.files('inbox')).toEqual(['a.xlsx']);
  } finally {
    execFileSync('umount', ['-l', disk]);
    county.cleanup();
  }
});

withMount('an outbox that becomes read-only: the real reason, not 「database connection is busy」', async () => {
  const county = makeCounty({ county: '样例县', roster: [] });
  const disk = tmpfs(8192)!;
  try {
    county.drop('a.xlsx', county.report('八道壕镇', 2022), '2023-01-05T01:00:00Z');
    expect(cliProcess(county, 'run', '--outbox', path.join(disk, 'outbox')).code).toBe(0);
    execFileSync('mount', ['-o', 'remount,ro', disk]);
    county.drop('b.xlsx', county.report('东风镇', 2022), '2023-01-05T02:00:00Z');
    const readOnly = cliProcess(county, 'run', '--outbox', path.join(disk, 'outbox'));
    expect(readOnly.code).toBe(2);
    expect(readOnly.out).toMatch(/只读/);
    expect(readOnly.out).not.toMatch(/busy|^\s+at /m);
    expect(county.files('inbox')).toEqual(['b.xlsx']);
  } finally {
    execFileSync('umount', ['-l', disk]); // lazily: the in-process CLI's log file stays open
    fs.rmdirSync(disk);
    county.cleanup();
  }
});

test('a damaged ledger: exit 2 with how to restore it from a backup; the inbox is left as it is', async () => {
  const county = makeCounty();
  try {
    fs.mkdirSync(path.join(county.dir, 'outbox'));
    fs.writeFileSync(path.join(county.dir, 'outbox/ledger.sqlite'), Buffer.alloc(8192, 0x5a));
    county.drop('a.xlsx', county.report('八道壕镇', 2022), '2023-01-05T01:00:00Z');
    const { code, out } = await cli(county, 'run');
    expect(code).toBe(2);
    expect(out).toContain('登记簿已损坏');
    expect(out).toContain('nianbao backup 备份中的 ledger.sqlite');
    expect(out).not.toMatch(/^\s+at /m);
    expect(county.files('inbox')).toEqual(['a.xlsx']);
  } finally {
    county.cleanup();
  }
});

test('backup --to a folder that cannot be made: a Chinese error at once', async () => {
  const county = makeCounty();
  try {
    county.drop('a.xlsx', county.report('八道壕镇', 2022), '2023-01-05T01:00:00Z');
    expect((await cli(county, 'run')).code).toBe(0);
    const { code, out } = await cli(county, 'backup', '--to', '/proc/nianbao-nonexistent/x');
    expect(code).toBe(2);
    expect(out).toMatch(/无法创建备份目录 \/proc\/nianbao-nonexistent\/x\/nianbao-备份-.+：该位置不允许新建文件夹/);
  } finally {
    county.cleanup();
  }
});

test('a pipe named like a report: inspect refuses it at once, run lists it as not read', async () => {
  const county = makeCounty();
  try {
    execFileSync('mkfifo', [path.join(county.inbox, '东风镇.xlsx')]);
    const inspected = await cli(county, 'inspect', 'inbox/东风镇.xlsx');
    expect([inspected.code, inspected.out]).toEqual([2, expect.stringContaining('不是普通文件（是管道、套接字或设备），不读取')]);
    const run = await cli(county, 'run');
    expect([run.code, run.out]).toEqual([0, expect.stringContaining('暂缓：东风镇.xlsx（不是普通文件（是管道、套接字或设备），不读取）')]);
  } finally {
    county.cleanup();
  }
});

test('a file written to while it is read is not recorded (its hash could differ from the bytes archived); the next run takes it', async () => {
  const county = makeCounty({ county: '样例县', roster: [] });
  try {
    const file = county.drop('a.xlsx', county.report('八道壕镇', 2022), '2023-01-05T01:00:00Z');
    county.drop('b.xlsx', county.report('东风镇', 2022), '2023-01-05T02:00:00Z');
    const options = { inbox: county.inbox, outbox: county.outbox, config: loadConfig(path.join(county.dir, 'nianbao.config.json'), true), mappings, log: pino({ level: 'silent' }), settleMs: 0, workers: 0 };
    const first = await runInbox({ ...options, onProgress: (n) => n === 1 && fs.appendFileSync(file, Buffer.alloc(10)) });
    expect(first.recorded.map((r) => r.fileName)).toEqual(['b.xlsx']);
    expect(first.waiting).toEqual([{ name: 'a.xlsx', reason: '读取期间文件仍在变化（可能仍在写入），下次运行再处理' }]);
    expect(county.files('inbox')).toEqual(['a.xlsx']);
    const second = await runInbox(options);
    expect(second.recorded.map((r) => r.fileName)).toEqual(['a.xlsx']);
    const recorded = parseCsv(county.read('outbox/2022/submissions.csv')).find((s) => s.file === 'a.xlsx')!;
    const archived = fs.readFileSync(path.join(county.dir, 'archive/2022/八道壕镇/a.xlsx'));
    expect(recorded.sha256).toBe(require('node:crypto').createHash('sha256').update(archived).digest('hex'));
  } finally {
    county.cleanup();
  }
});

test('a zip that is no workbook is called a zip, never 「设置了打开密码」, also when its entries are encrypted', () => {
  // a zip of one entry, its "encrypted" flag set (as an archive with a password has)
  const zip = storedZip([{ name: '报表.xlsx', content: Buffer.from('x'.repeat(100)) }], 0x0801);
  const s = inspectBytes(zip, '报表.zip', { mappings });
  expect(s.issues.map((i) => [i.code, issueMessage(i)])).toEqual([['file.unreadable', '无法读取文件：这是一个压缩包（zip），不是电子表格或 Word 文件；请解压后直接报送其中的报表']]);
});
