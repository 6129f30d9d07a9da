/** Backup and restore (issue 5 §3): the ledger, the archive and the config; the outputs come back from the ledger. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../src/cli';
import { openLedger } from '../../src/ledger/ledger';
import { makeCounty } from '../fixtures/county';

test('backup copies what cannot be rebuilt; restoring it into an empty outbox and running gives the same outputs', async () => {
  const county = makeCounty();
  try {
    county.drop('八道壕镇.xlsx', county.report('八道壕镇', 2022), '2023-01-05T01:00:00Z');
    county.drop('东风镇.xlsx', county.report('东风镇', 2022, { 'requests.new.total': 999 }), '2023-01-05T02:00:00Z');
    await county.run();
    const outputs = ['values.csv', 'submissions.csv', 'issues.csv'].map((f) => county.read(`outbox/2022/${f}`));
    let out = '';
    const code = await runCli(['backup', '--to', 'backups'], { stdout: (t) => (out += t), stderr: (t) => (out += t), cwd: county.dir });
    if (code !== 0) throw new Error(out);
    const [taken] = fs.readdirSync(path.join(county.dir, 'backups'));
    expect(taken).toMatch(/^nianbao-备份-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}$/);
    const backup = path.join(county.dir, 'backups', taken!);
    expect(out).toBe(`已备份到 ${backup}：登记簿 ledger.sqlite、归档的原始报表 archive/、配置 nianbao.config.json。\n`);
    expect(fs.readdirSync(backup).sort()).toEqual(['archive', 'ledger.sqlite', 'nianbao.config.json']);
    expect(fs.readdirSync(path.join(backup, 'archive/2022/八道壕镇'))).toEqual(['八道壕镇.xlsx']);

    // disaster: the outbox and the archive are lost; restore as the README says, then run
    fs.rmSync(county.outbox, { recursive: true });
    fs.rmSync(path.join(county.dir, 'archive'), { recursive: true });
    fs.mkdirSync(county.outbox);
    fs.copyFileSync(path.join(backup, 'ledger.sqlite'), path.join(county.outbox, 'ledger.sqlite'));
    fs.cpSync(path.join(backup, 'archive'), path.join(county.dir, 'archive'), { recursive: true });
    expect((await county.run()).code).toBe(0);
    expect(['values.csv', 'submissions.csv', 'issues.csv'].map((f) => county.read(`outbox/2022/${f}`))).toEqual(outputs);
    const ledger = openLedger(path.join(county.outbox, 'ledger.sqlite'));
    expect(ledger.submissionsOf(2022, 'brief').map((s) => [s.fileName, s.status])).toEqual([['八道壕镇.xlsx', 'accepted'], ['东风镇.xlsx', 'rejected']]);
    ledger.close();
  } finally {
    county.cleanup();
  }
});

test('backup without a ledger, or into a folder that cannot be made, is exit 2 with a reason', async () => {
  const county = makeCounty();
  try {
    let err = '';
    const io = { stdout: () => {}, stderr: (t: string) => (err += t), cwd: county.dir };
    expect(await runCli(['backup', '--to', 'backups'], io)).toBe(2);
    expect(err).toMatch(/^没有登记簿可备份：.*ledger\.sqlite 不存在\n$/);
    expect(await runCli(['backup'], io)).toBe(2);
    expect(err).toContain('需要选项 --to 备份目录');
    await county.run(); // a ledger now exists
    fs.writeFileSync(path.join(county.dir, 'a-file'), '');
    err = '';
    expect(await runCli(['backup', '--to', 'a-file/backups'], io)).toBe(2);
    expect(err).toMatch(/^无法创建备份目录 .*a-file\/backups\/nianbao-备份-.*：/);
  } finally {
    county.cleanup();
  }
});
