/**
 * Faults (issue 5 §5): a run killed with SIGKILL at random moments, twenty times in a row, then one clean run —
 * every input accounted for exactly once and the outputs byte-identical to an uninterrupted run's; an outbox that
 * cannot take the outputs (disk full) is a clear error that leaves the previous outputs as they were.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openLedger } from '../../src/ledger/ledger';
import { makeCounty, parseCsv, ROSTER, type County } from '../fixtures/county';
import { random } from '../fixtures/values';

const NIANBAO = path.join(__dirname, '../../bin/nianbao.js');
const AGENCIES = ROSTER.map((a) => a.name);

/** The i-th of n files: every agency reports several times (supersessions), some are wrong, the last is the first again. */
function dropOne(c: County, i: number, n: number): void {
  const k = i === n - 1 && n > 1 ? 0 : i;
  const bytes = c.report(AGENCIES[k % AGENCIES.length]!, 2022, k % 7 === 3 ? { 'appeals.review.total': 77 } : {}, k);
  c.drop(`报表${String(i).padStart(3, '0')}.xlsx`, bytes, new Date(Date.UTC(2023, 0, 5, 1, i)).toISOString());
}

function dropMany(c: County, n: number): void {
  for (let i = 0; i < n; i++) dropOne(c, i, n);
}

/** When a run is killed: after a delay, once it has moved a file, or once it is writing the outputs. */
type Moment = { after: number } | { when: () => boolean };

/** Runs `nianbao run` as a child process and kills it with SIGKILL at `moment`; resolves true if it was killed. */
function runAndKill(c: County, moment: Moment): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [NIANBAO, 'run'], { cwd: c.dir, stdio: 'ignore' });
    const timer = 'after' in moment ? setTimeout(() => child.kill('SIGKILL'), moment.after) : setInterval(() => moment.when() && child.kill('SIGKILL'), 1);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      clearInterval(timer);
      resolve(signal === 'SIGKILL');
    });
  });
}

const OUTPUTS = ['values.csv', 'county-summary.csv', 'submissions.csv', 'issues.csv', 'requests-by-agency.csv', 'proactive-by-agency.csv', 'appeals-by-agency.csv'];

test('200 files arriving in 20 waves, a run killed at a random moment after each, then one clean run: each file once, outputs as if never killed', async () => {
  const killed = makeCounty();
  const clean = makeCounty();
  try {
    dropMany(clean, 200);
    expect((await clean.run()).code).toBe(0);
    const next = random(20261126);
    const moved = () => killed.files('archive').length + killed.files('inbox/退回').length;
    const writingOutputs = () => fs.existsSync(killed.outbox) && fs.readdirSync(killed.outbox).some((f) => f === '.staging' || f.startsWith('.previous-'));
    let kills = 0;
    for (let wave = 0; wave < 20; wave++) {
      for (let i = wave * 10; i < wave * 10 + 10; i++) dropOne(killed, i, 200);
      const before = moved();
      const left = killed.files('inbox').filter((f) => !f.startsWith('退回/')).length;
      // in turn: at a random time while starting up or reading; as soon as files start to move; while writing outputs
      const moment: Moment = [
        { after: 50 + next(500 + 15 * left) },
        { when: () => moved() > before + next(3) },
        { when: writingOutputs },
      ][wave % 3]!;
      if (await runAndKill(killed, moment)) kills++;
    }
    expect(kills).toBeGreaterThanOrEqual(10); // most runs really were killed
    expect((await killed.run()).code).toBe(0);

    const ledger = openLedger(path.join(killed.outbox, 'ledger.sqlite'));
    const recorded = ledger.submissionsOf(2022, 'brief');
    const runs = ledger.recentRuns(100);
    ledger.close();
    expect(runs.filter((r) => r.outcome === null).length).toBeGreaterThanOrEqual(5); // killed after they began
    expect(runs[0]!.outcome).toBe('completed');
    expect(recorded).toHaveLength(199); // the resent copy is the same submission
    expect(new Set(recorded.map((s) => s.sha256)).size).toBe(199);
    expect(killed.files('inbox').filter((f) => !f.startsWith('退回/'))).toEqual([]);
    expect(killed.files('archive')).toEqual(clean.files('archive'));
    expect(killed.files('inbox')).toEqual(clean.files('inbox'));
    for (const name of OUTPUTS) expect([name, killed.read(`outbox/2022/${name}`)]).toEqual([name, clean.read(`outbox/2022/${name}`)]);
    expect(parseCsv(killed.read('outbox/2022/submissions.csv'))).toHaveLength(199);
    expect(fs.readdirSync(killed.outbox).filter((f) => f.startsWith('.staging') || f.startsWith('.previous-'))).toEqual([]);
  } finally {
    killed.cleanup();
    clean.cleanup();
  }
}, 240000);

test('a full disk while writing the outputs: exit 2 with a clear message, the previous outputs untouched, the next run fine', async () => {
  const county = makeCounty();
  try {
    dropMany(county, 8);
    expect((await county.run()).code).toBe(0);
    const before = new Map(OUTPUTS.map((name) => [name, county.read(`outbox/2022/${name}`)]));
    const report = () => fs.readFileSync(path.join(county.outbox, '2022/county-report.xlsx'));
    const reportBefore = report();
    // a new county name: the outputs must be rebuilt (the county report names it), and the disk "fills up" (file size limit)
    const config = JSON.parse(fs.readFileSync(path.join(county.dir, 'nianbao.config.json'), 'utf8'));
    fs.writeFileSync(path.join(county.dir, 'nianbao.config.json'), JSON.stringify({ ...config, county: '新样例县' }));
    const child = spawn('bash', ['-c', `trap '' XFSZ; ulimit -f 48; exec "${process.execPath}" "${NIANBAO}" run`], { cwd: county.dir });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/^无法写入输出目录 .*outbox：超出了磁盘配额或系统允许的文件大小（之前的输出保持不变；腾出空间或改正权限后再运行即可）\n$/);
    for (const [name, text] of before) expect([name, county.read(`outbox/2022/${name}`)]).toEqual([name, text]);
    expect(report().equals(reportBefore)).toBe(true);
    expect(fs.readdirSync(county.outbox).filter((f) => f.startsWith('.staging') || f.startsWith('.previous-'))).toEqual([]);
    expect((await county.run()).code).toBe(0);
    expect(report().equals(reportBefore)).toBe(false); // rebuilt for 新样例县 once there is room
  } finally {
    county.cleanup();
  }
}, 60000);
