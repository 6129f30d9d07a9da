/**
 * The nightly job (issue 5 §1–2): `schedule` runs one run at a time, survives a failing run, stops cleanly on a
 * signal (finishing the file in hand, releasing the lock, exit 0); `status` shows the runs and each agency.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../src/cli';
import { openLedger } from '../../src/ledger/ledger';
import { silentLog } from '../../src/log';
import { startSchedule } from '../../src/schedule';
import { makeCounty, ROSTER, type County } from '../fixtures/county';

/** Waits until `condition` holds (checked every 20 ms), failing after `ms`. */
async function until(condition: () => boolean, ms = 20000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > ms) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const NEVER = '0 0 1 1 *'; // 1 January, midnight: never during a test

/** A schedule that fires only when asked (runNow), running `run`. */
const onDemand = (run: (signal: AbortSignal) => Promise<void>) => startSchedule({ expression: NEVER, timezone: 'Asia/Shanghai', log: silentLog, run });

describe('startSchedule', () => {
  test('runNow runs once; a second request while it runs is skipped, not queued or overlapped', async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    let release!: () => void;
    const schedule = onDemand(async () => {
      runs++;
      most = Math.max(most, ++running);
      await new Promise<void>((r) => (release = r));
      running--;
    });
    const first = schedule.runNow();
    await until(() => runs === 1);
    await schedule.runNow(); // returns at once: skipped
    release();
    await first;
    expect([runs, most]).toEqual([1, 1]);
    await schedule.stop();
  });

  test('a run that throws is logged and the schedule lives on', async () => {
    let runs = 0;
    const schedule = onDemand(async () => {
      runs++;
      if (runs === 1) throw new Error('disk on fire');
    });
    await schedule.runNow();
    await schedule.runNow();
    expect(runs).toBe(2);
    await schedule.stop();
  });

  test('stop aborts the run in progress and waits for it; nothing runs after', async () => {
    let aborted = false;
    let runs = 0;
    const schedule = onDemand((signal) => {
      runs++;
      return new Promise<void>((resolve) => signal.addEventListener('abort', () => ((aborted = true), resolve())));
    });
    void schedule.runNow();
    await until(() => runs === 1);
    await schedule.stop();
    expect(aborted).toBe(true);
    await schedule.runNow();
    expect(runs).toBe(1);
  });

  test('the cron expression fires on its own (every second here), in the configured time zone', async () => {
    let runs = 0;
    const schedule = startSchedule({ expression: '* * * * * *', timezone: 'Asia/Shanghai', log: silentLog, run: async () => void runs++ });
    expect(schedule.nextRun()!.getTime()).toBeGreaterThan(Date.now() - 1000);
    await until(() => runs >= 2, 10000);
    await schedule.stop();
  });
});

function dropReports(c: County, n: number): void {
  const agencies = ROSTER.map((a) => a.name);
  for (let i = 0; i < n; i++) c.drop(`报表${String(i).padStart(3, '0')}.xlsx`, c.report(agencies[i % agencies.length]!, 2022, {}, i), new Date(Date.UTC(2023, 0, 5, 1, i)).toISOString());
}

describe('nianbao schedule (in-process, the signal given by the test)', () => {
  test('--now runs at once; a run that cannot start (broken ledger, another run holding the lock) is reported and the schedule goes on', async () => {
    const county = makeCounty({ county: '样例县', roster: ROSTER, schedule: '* * * * * *' });
    let stop!: (signal: string) => void;
    let stdout = '';
    let stderr = '';
    try {
      dropReports(county, 3);
      fs.mkdirSync(path.join(county.outbox, 'ledger.sqlite'), { recursive: true }); // a directory where the ledger should be
      const done = runCli(['schedule', '--now'], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: county.dir, onSignal: (h) => (stop = h) });
      await until(() => stderr.includes('无法打开登记簿'));
      expect(county.files('inbox')).toHaveLength(3); // nothing moved
      fs.rmSync(path.join(county.outbox, 'ledger.sqlite'), { recursive: true });
      await until(() => stdout.includes('本次处理文件 3 个'));
      // another process holds the lock: the scheduled run says so and skips
      const holder = spawn('sleep', ['30']);
      fs.writeFileSync(path.join(county.outbox, '.lock'), JSON.stringify({ pid: holder.pid, startedAt: '2023-01-05T00:00:00.000Z' }));
      await until(() => stderr.includes(`另一个 nianbao 运行正在进行（进程 ${holder.pid}`));
      holder.kill();
      stop('SIGTERM');
      expect(await done).toBe(0);
      expect(stdout).toMatch(/定时运行已启动：「\* \* \* \* \* \*」（时区 Asia\/Shanghai）/);
      expect(stdout).toContain('定时运行已停止。');
    } finally {
      county.cleanup();
    }
  }, 30000);
});

test('SIGTERM to the installed command mid-run: the files in hand are finished, the lock released, exit 0; the next run does the rest', async () => {
  const county = makeCounty({ county: '样例县', roster: ROSTER, schedule: '0 2 * * *' });
  try {
    dropReports(county, 120);
    const child = spawn(process.execPath, [path.join(__dirname, '../../bin/nianbao.js'), 'schedule', '--now'], { cwd: county.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const logDir = path.join(county.outbox, 'logs');
    await until(() => fs.existsSync(logDir) && fs.readdirSync(logDir).some((f) => fs.readFileSync(path.join(logDir, f), 'utf8').includes('inbox listed')));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('定时运行已停止。');
    expect(fs.existsSync(path.join(county.outbox, '.lock'))).toBe(false);
    const ledger = openLedger(path.join(county.outbox, 'ledger.sqlite'));
    const [run] = ledger.recentRuns(1);
    const recorded = ledger.submissionsOf(2022, 'brief').length;
    ledger.close();
    expect(run!.outcome).toBe('interrupted'); // the signal came while the files were being read
    const left = county.files('inbox').filter((f) => !f.startsWith('退回/')).length;
    expect(left).toBeGreaterThan(0);
    expect(recorded + left).toBe(120); // every file either recorded (and moved) or still waiting
    expect((await county.run()).code).toBe(0);
    const again = openLedger(path.join(county.outbox, 'ledger.sqlite'));
    expect(again.submissionsOf(2022, 'brief')).toHaveLength(120);
    again.close();
  } finally {
    county.cleanup();
  }
}, 60000);

describe('nianbao status', () => {
  async function status(county: County, ...args: string[]): Promise<string> {
    let out = '';
    expect(await runCli(['status', '--config', 'nianbao.config.json', ...args], { stdout: (t) => (out += t), stderr: (t) => (out += t), cwd: county.dir })).toBe(0);
    return out;
  }

  test('before any run it says so', async () => {
    const county = makeCounty();
    try {
      expect(await status(county)).toMatch(/^还没有登记簿（.*ledger\.sqlite）：尚未运行过 nianbao run。\n$/);
    } finally {
      county.cleanup();
    }
  });

  test('the runs, newest first, and every roster agency with its state and newest submission', async () => {
    const county = makeCounty();
    try {
      county.drop('八道壕镇.xlsx', county.report('八道壕镇人民政府', 2022), '2023-01-05T01:00:00Z');
      county.drop('东风镇.xlsx', county.report('东风镇', 2022, { 'requests.new.total': 999 }), '2023-01-05T02:00:00Z');
      county.drop('外县镇.xlsx', county.report('外县镇', 2022), '2023-01-05T03:00:00Z');
      county.drop('八道壕镇2021.xlsx', county.report('八道壕镇', 2021), '2023-01-05T04:00:00Z');
      await county.run();
      await county.run();
      const text = await status(county);
      expect(text).toMatch(/最近 2 次运行（最新在前）：\n  第 2 次 .* 完成  处理 0 个.*\n  第 1 次 .* 完成  处理 4 个：采用 3，退回 1，被替代 0，重复 0/);
      expect(text).toContain('2022 年度报送情况（名册 5 个单位）：已采用 1，已退回 1，未报送 3');
      expect(text).toMatch(/  八道壕镇 +乡镇（街道） +已采用 +最新报送 2023-01-05 09:00:00  八道壕镇\.xlsx/);
      expect(text).toMatch(/  东风镇 +乡镇（街道） +已退回 +最新报送 2023-01-05 10:00:00  东风镇\.xlsx/);
      expect(text).toMatch(/  南山乡 +乡镇（街道） +未报送\n/);
      expect(text).toMatch(/  外县镇 +不在名册 +已采用/);
      const json = JSON.parse(await status(county, '--json', '--year', '2021'));
      expect(json.year).toBe(2021);
      expect(json.runs.map((r: { id: number; outcome: string }) => [r.id, r.outcome])).toEqual([[2, 'completed'], [1, 'completed']]);
      expect(json.agencies.find((a: { agency: string }) => a.agency === '八道壕镇')).toEqual({
        agency: '八道壕镇', onRoster: true, kind: 'township', state: 'accepted', newestReceivedAt: '2023-01-05T04:00:00.000Z', newestFile: '八道壕镇2021.xlsx', newestStatus: 'accepted',
      });
      expect(json.agencies.filter((a: { state: string }) => a.state === 'missing')).toHaveLength(4);
    } finally {
      county.cleanup();
    }
  });
});
