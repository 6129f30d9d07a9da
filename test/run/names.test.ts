/**
 * Names never break anything (issue 13 §3): every path nianbao makes fits the file system's 255 bytes a name, a
 * name's Unicode forms are one name, a line break in a name is harmless, and a file that cannot be moved is held in
 * the inbox with its reason — it never fails the run, and nothing recorded makes a later run fail.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_NAME_BYTES, safeName } from '../../src/run/inbox';
import { makeCounty, parseCsv, type County } from '../fixtures/county';

/** Every file and folder name under a directory, with its length in bytes. */
function longestName(dir: string): number {
  let longest = 0;
  for (const entry of fs.readdirSync(dir, { recursive: true }) as string[]) {
    for (const part of entry.split(path.sep)) longest = Math.max(longest, Buffer.byteLength(part));
  }
  return longest;
}

async function runTwice(county: County): Promise<number[]> {
  return [(await county.run()).code, (await county.run()).code];
}

test.each([
  ['a short name', '报表.xlsx', '报表.xlsx'],
  ['a line break', '八道壕镇\n年报.xlsx', '八道壕镇_年报.xlsx'],
  ['a decomposed (NFD) accent', 'Re\u0301sume\u0301.xlsx', 'Résumé.xlsx'],
  ['a separator', '../上级/报表.xlsx', '__上级_报表.xlsx'],
])('safeName: %s', (_d, name, safe) => {
  expect(safeName(name)).toBe(safe);
});

test('safeName: a name of 250 bytes is shortened before its extension to MAX_NAME_BYTES, never inside a character', () => {
  const name = `${'东风镇关于二〇二二年度政府信息公开工作情况的报告'.repeat(4).slice(0, 80)}.xlsx`;
  expect(Buffer.byteLength(name)).toBeGreaterThan(240);
  const safe = safeName(name);
  expect(Buffer.byteLength(safe)).toBeLessThanOrEqual(MAX_NAME_BYTES);
  expect(safe.endsWith('.xlsx')).toBe(true);
  expect(name.startsWith(safe.slice(0, -5))).toBe(true);
});

test('a rejected file with a name of 250 bytes: returned with its receipt and marked copy, and later runs still run', async () => {
  const county = makeCounty();
  try {
    const name = `${'东风镇关于政府信息公开工作年度报告的报送材料'.repeat(4).slice(0, 80)}.xlsx`;
    county.drop(name, county.report('东风镇', 2022, { 'requests.new.total': 1 }), '2023-01-05T01:00:00Z');
    expect(await runTwice(county)).toEqual([0, 0]);
    const returned = county.files('inbox/退回');
    expect(returned.filter((f) => f.endsWith('.问题清单.txt'))).toHaveLength(1);
    expect(returned.filter((f) => f.endsWith('（问题批注）.xlsx'))).toHaveLength(1);
    expect(longestName(county.dir)).toBeLessThanOrEqual(255);
    expect(parseCsv(county.read('outbox/2022/submissions.csv'))[0]).toMatchObject({ file: name, status: 'rejected' });
  } finally {
    county.cleanup();
  }
});

test('an agency name of 100 characters: archived under a shortened folder, counted, and later runs still run', async () => {
  const agency = `${'长'.repeat(99)}镇`;
  const county = makeCounty({ county: '样例县', roster: [] });
  try {
    county.drop('a.xlsx', county.report(agency, 2022), '2023-01-05T01:00:00Z');
    county.drop('b.xlsx', county.report(agency, 2022, {}, 2), '2023-01-05T02:00:00Z');
    expect(await runTwice(county)).toEqual([0, 0]);
    expect(longestName(county.dir)).toBeLessThanOrEqual(255);
    const subs = parseCsv(county.read('outbox/2022/submissions.csv'));
    expect(subs.map((s) => [s.agency, s.status])).toEqual([[agency, 'superseded'], [agency, 'accepted']]);
    expect(county.files('archive/2022').map((f) => f.split('/')[0])).toEqual([safeName(agency), safeName(agency)]);
  } finally {
    county.cleanup();
  }
});

test('one name in its NFC and NFD forms is one agency and one folder; a line break in a file name is harmless', async () => {
  const county = makeCounty({ county: '样例县', roster: [] });
  try {
    const composed = 'Café镇'; // an agency written with é
    county.drop('a.xlsx', county.report(composed.normalize('NFC'), 2022), '2023-01-05T01:00:00Z');
    county.drop('b\n年报.xlsx', county.report(composed.normalize('NFD'), 2022, {}, 2), '2023-01-05T02:00:00Z');
    expect((await county.run()).code).toBe(0);
    const subs = parseCsv(county.read('outbox/2022/submissions.csv'));
    expect(subs.map((s) => [s.agency, s.status])).toEqual([['Café镇', 'superseded'], ['Café镇', 'accepted']]);
    expect(county.files('archive/2022')).toEqual(['Café镇/a.xlsx', 'Café镇/b_年报.xlsx']);
  } finally {
    county.cleanup();
  }
});

test('a file that cannot be moved is held in the inbox with its reason; the run goes on, and the next one moves it', async () => {
  const county = makeCounty();
  try {
    // where the township's folder should be, a file stands: the archive cannot be made
    fs.mkdirSync(path.join(county.dir, 'archive/2022'), { recursive: true });
    fs.writeFileSync(path.join(county.dir, 'archive/2022/八道壕镇'), 'not a folder');
    county.drop('八道壕镇.xlsx', county.report('八道壕镇', 2022), '2023-01-05T01:00:00Z');
    county.drop('东风镇.xlsx', county.report('东风镇', 2022, {}, 2), '2023-01-05T02:00:00Z');
    const first = await county.run();
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/已登记但未能移出收件箱：八道壕镇\.xlsx（.+），下次运行时再移动/);
    expect(county.files('inbox')).toEqual(['八道壕镇.xlsx']);
    expect(county.files('archive/2022/东风镇')).toEqual(['东风镇.xlsx']);
    expect(parseCsv(county.read('outbox/2022/submissions.csv')).map((s) => s.status)).toEqual(['accepted', 'accepted']);
    // still held while the obstacle stands, and the run still runs
    expect((await county.run()).code).toBe(0);
    fs.rmSync(path.join(county.dir, 'archive/2022/八道壕镇'));
    const third = await county.run();
    expect([third.code, third.stdout]).toEqual([0, expect.stringContaining('重复 1')]);
    expect(county.files('inbox')).toEqual([]);
    expect(county.files('archive/2022/八道壕镇')).toEqual(['八道壕镇.xlsx']);
  } finally {
    county.cleanup();
  }
});
