/**
 * Hostile and broken files in the nightly inbox (issue 5 §4): all at once, among good ones, in one run. Each ends
 * as a rejected submission with a Chinese reason, the run goes on, and nothing escapes the county's folders.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as XLSX from 'xlsx';
import { makeCounty, parseCsv } from '../fixtures/county';
import { encryptedWorkbook, patchZip, withManySheets, zipBomb } from '../fixtures/hostile';
import { consistentValues } from '../fixtures/values';
import { buildWorkbook } from '../fixtures/workbook';

const good = (agency: string, values = consistentValues('2021')) => buildWorkbook({ format: '2021', agency, year: 2022, values });

test('one run over an inbox of hostile files: the good ones are accepted, each hostile one is returned with its reason', async () => {
  const county = makeCounty({ county: '样例县', roster: [{ name: '八道壕镇' }, { name: '东风镇' }], maxFileMB: 4 });
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-outside-'));
  try {
    const at = (minute: number) => new Date(Date.UTC(2023, 0, 5, 1, minute)).toISOString();
    county.drop('八道壕镇.xlsx', good('八道壕镇'), at(0));
    county.drop('炸弹.xlsx', zipBomb(good('东风镇'), 300), at(1));
    county.drop('百万行.xlsx', patchZip(good('东风镇'), 'xl/worksheets/sheet1.xml', (xml) =>
      Buffer.from(xml.toString('utf8').replace(/<dimension ref="[^"]+"\/>/, '<dimension ref="A1:Z1048576"/>'))), at(2)); // read by what it holds: accepted
    county.drop('五千个表.xlsx', withManySheets(good('东风镇'), 5000), at(3));
    county.drop('太大.xlsx', Buffer.concat([good('东风镇'), Buffer.alloc(5 * 1024 * 1024)]), at(4));
    county.drop('加密.xlsx', encryptedWorkbook(), at(5));
    county.drop('报表 ..\\..\\换行\n响铃\u0007.xlsx', good('西湖街道'), at(6)); // ('/' cannot be in a name; a leading '.' is a hidden file, skipped)
    // a formula in 填报单位, and an agency that names a path
    const formulaAgency = good('=HYPERLINK("http://x.example/","点此")镇');
    county.drop('公式.xlsx', formulaAgency, at(8));
    county.drop('路径.xlsx', good('../../etc/东风镇'), at(9));
    // a formula cell without a cached value
    const wb = XLSX.read(good('南山乡'), { type: 'buffer' });
    wb.Sheets['年度报告']!['D24'] = { t: 'n', f: 'SUM(E24:I24)' } as XLSX.CellObject;
    county.drop('无缓存值.xlsx', Buffer.from(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer), at(10));
    // a symlink pointing outside the inbox: never followed, never moved
    const secret = path.join(outside, 'secret.xlsx');
    fs.writeFileSync(secret, good('外面'));
    fs.symlinkSync(secret, path.join(county.inbox, '链接.xlsx'));

    const { code, stdout } = await county.run();
    expect(code).toBe(0);
    const submissions = parseCsv(county.read('outbox/2022/submissions.csv'));
    const byFile = new Map(submissions.map((s) => [s.file, s.status]));
    expect(byFile.get('八道壕镇.xlsx')).toBe('accepted');
    expect(byFile.get('百万行.xlsx')).toBe('accepted');
    expect(byFile.get('无缓存值.xlsx')).toBe('rejected');
    const unread = parseCsv(county.read('outbox/未识别年度/submissions.csv'));
    for (const name of ['炸弹.xlsx', '五千个表.xlsx', '太大.xlsx', '加密.xlsx']) expect([name, unread.find((s) => s.file === name)?.status]).toEqual([name, 'rejected']);
    const reasons = Object.fromEntries(['炸弹.xlsx', '五千个表.xlsx', '太大.xlsx', '加密.xlsx', '无缓存值.xlsx'].map((n) => [n, county.read(`inbox/退回/${n}.问题清单.txt`)]));
    expect(reasons['炸弹.xlsx']).toContain('压缩炸弹');
    expect(reasons['五千个表.xlsx']).toContain('疑似恶意构造');
    expect(reasons['太大.xlsx']).toContain('文件过大');
    expect(reasons['加密.xlsx']).toContain('打开密码');
    expect(reasons['无缓存值.xlsx']).toMatch(/年度报告!D24.*「一、本年新收政府信息公开申请数量」行「自然人」列.*不是/);

    // names: control characters and path characters never reach a path; everything stays inside the county folder
    const everything = [...county.files('archive'), ...county.files('inbox')];
    expect(everything.filter((f) => /[\u0000-\u001f]/.test(f))).toEqual([]);
    expect(fs.readdirSync(county.dir).sort()).toEqual(['archive', 'inbox', 'nianbao.config.json', 'outbox']);
    expect(county.files('archive').filter((f) => f.includes('etc'))).toEqual([expect.stringMatching(/^2022\/[^/]*etc[^/]*东风镇\/路径\.xlsx$/)]);

    // the symlink: left where it is, its target untouched and unread
    expect(fs.lstatSync(path.join(county.inbox, '链接.xlsx')).isSymbolicLink()).toBe(true);
    expect(fs.readdirSync(outside)).toEqual(['secret.xlsx']);
    expect(submissions.some((s) => s.agency === '外面')).toBe(false);
    expect(stdout).toContain('暂缓：链接.xlsx（符号链接，不读取）');

    // formula-like text is data in every output: escaped in CSVs, a plain string in the workbook
    const csv = county.read('outbox/2022/submissions.csv');
    expect(csv).toContain(`'=HYPERLINK(`);
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
    const report = XLSX.read(fs.readFileSync(path.join(county.outbox, '2022/county-report.xlsx')), { type: 'buffer', cellFormula: true });
    const cells = Object.values(report.Sheets['报送情况']!).filter((c): c is XLSX.CellObject => typeof c === 'object' && c !== null && 'v' in c);
    const formulaCell = cells.find((c) => String(c.v).includes('HYPERLINK'))!;
    expect([formulaCell.t, formulaCell.f]).toEqual(['s', undefined]);
  } finally {
    county.cleanup();
    fs.rmSync(outside, { recursive: true, force: true });
  }
}, 60000);
