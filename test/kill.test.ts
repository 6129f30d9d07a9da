/** A run killed with SIGKILL mid-way loses nothing: the next run finishes the work, outputs as if never killed. */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeCounty, parseCsv, type County } from './fixtures/county';

const AGENCIES = ['八道壕镇', '东风镇', '西湖街道', '南山乡', '县教育局'];

function dropMany(c: County, n: number): void {
  for (let i = 0; i < n; i++) {
    const arrived = new Date(Date.UTC(2023, 0, 5, 1, i)).toISOString();
    c.drop(`报表${String(i).padStart(2, '0')}.xlsx`, c.report(AGENCIES[i % AGENCIES.length]!, 2022, i % 7 === 3 ? { 'appeals.review.total': 77 } : {}, i), arrived);
  }
}

/** Starts `nianbao run` as a child process and kills it with SIGKILL once it has filed its first file. */
function runAndKill(c: County): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(__dirname, '../bin/nianbao.js'), 'run', '--workers', '0'], { cwd: c.dir, stdio: 'ignore' });
    const timer = setInterval(() => {
      if (c.files('archive').length + c.files('inbox/退回').length > 0) child.kill('SIGKILL');
    }, 5);
    child.on('exit', () => {
      clearInterval(timer);
      resolve();
    });
  });
}

test('killed twice mid-way, then run again: every input accounted for once, outputs equal to an uninterrupted run', async () => {
  const killed = makeCounty();
  const clean = makeCounty();
  try {
    dropMany(killed, 40);
    dropMany(clean, 40);
    await runAndKill(killed);
    const afterFirstKill = killed.files('inbox').filter((f) => !f.startsWith('退回/')).length;
    expect(afterFirstKill).toBeGreaterThan(0); // it really was killed mid-way
    expect(afterFirstKill).toBeLessThan(40);
    await runAndKill(killed);
    expect((await killed.run()).code).toBe(0);
    expect((await clean.run()).code).toBe(0);

    const submissions = parseCsv(killed.read('outbox/2022/submissions.csv'));
    expect(submissions).toHaveLength(40);
    expect(new Set(submissions.map((s) => s.sha256)).size).toBe(40);
    expect(killed.files('inbox').filter((f) => !f.startsWith('退回/'))).toEqual([]);
    expect(killed.files('archive').length + killed.files('inbox/退回').filter((f) => f.endsWith('.xlsx')).length).toBe(40);
    for (const name of ['values.csv', 'county-summary.csv', 'submissions.csv', 'issues.csv', 'requests-by-agency.csv']) {
      expect([name, killed.read(`outbox/2022/${name}`)]).toEqual([name, clean.read(`outbox/2022/${name}`)]);
    }
    expect(killed.files('archive')).toEqual(clean.files('archive'));
    expect(killed.files('inbox')).toEqual(clean.files('inbox'));
    expect(fs.existsSync(path.join(killed.outbox, '.staging'))).toBe(false);
  } finally {
    killed.cleanup();
    clean.cleanup();
  }
}, 60000);
