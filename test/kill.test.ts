/**
 * Faults (issue 5 §5): a run killed with SIGKILL at random moments, twenty times in a row, then one clean run —
 * every input accounted for exactly once and the outputs byte-identical to an uninterrupted run's; an outbox that
 * cannot take the outputs (disk full) is a clear error that leaves the previous outputs as they were.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openLedger } from '../src/ledger/ledger';
import { makeCounty, parseCsv, ROSTER, type County } from './fixtures/county';
import { random } from './fixtures/values';

const NIANBAO = path.join(__dirname, '../bin/nianbao.js');
const AGENCIES = ROSTER.map((a) => a.name);

function dropMany(c: County, n: number): void {
  for (let i = 0; i < n; i++) {
    const arrived = new Date(Date.UTC(2023, 0, 5, 1, i)).toISOString();
    // every agency reports several times (supersessions), some files are wrong (rejections), one is sent twice
    const k = i === n - 1 && n > 1 ? 0 : i; // the last file is the first one sent again
    const bytes = c.report(AGENCIES[k % AGENCIES.length]!, 2022, k % 7 === 3 ? { 'appeals.review.total': 77 } : {}, k);
    c.drop(`报表${String(i).padStart(3, '0')}.xlsx`, bytes, arrived);
  }
}

/** Runs `nianbao run` as a child process and kills it with SIGKILL after `delayMs` (if it has not finished). */
function runAndKill(c: County, delayMs: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [NIANBAO, 'run'], { cwd: c.dir, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

const OUTPUTS = ['values.csv', 'county-summary.csv', 'submissions.csv', 'issues.csv', 'requests-by-agency.csv', 'proactive-by-agency.csv', 'appeals-by-agency.csv'];

test('200 files, killed at 20 random moments in a row, then one clean run: each file once, outputs as if never killed', async () => {
  const killed = makeCounty();
  const clean = makeCounty();
  try {
    dropMany(killed, 200);
    dropMany(clean, 200);
    // the uninterrupted run, timed: the kills are spread over the time the work left would take (never asserted)
    const started = Date.now();
    expect((await clean.run()).code).toBe(0);
    const whole = Date.now() - started;
    const next = random(20261126);
    for (let k = 0; k < 20; k++) {
      const left = killed.files('inbox').filter((f) => !f.startsWith('退回/')).length;
      // process start-up (~0.4 s), then reading, recording, moving, writing outputs
      await runAndKill(killed, 50 + next(400 + Math.round((whole * left) / 200)));
    }
    expect((await killed.run()).code).toBe(0);

    const ledger = openLedger(path.join(killed.outbox, 'ledger.sqlite'));
    const recorded = ledger.submissionsOf(2022, 'brief');
    const runs = ledger.recentRuns(100);
    ledger.close();
    // the kills really landed mid-run: most runs never got to record their end
    expect(runs.filter((r) => r.outcome === null).length).toBeGreaterThanOrEqual(5);
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
