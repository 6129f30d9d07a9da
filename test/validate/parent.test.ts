/**
 * Parent vs children (issue 8 §4): the county's own report (roster kind "county") is not summed with its townships
 * and departments; it is compared with their sum cell by cell, the differences listed as warnings.
 */
import { makeCounty, parseCsv } from '../fixtures/county';
import { consistentValues } from '../fixtures/values';
import * as path from 'node:path';
import { loadConfig } from '../../src/config';
import { silentLog } from '../../src/log';
import { startServer } from '../../src/serve/server';
import { buildWorkbook, mappings } from '../fixtures/workbook';
import { CANONICAL } from '../../src/model/canonical';

test('the county report equal to the sum but for one cell: one warning there; the county totals are the children’s sum', async () => {
  const county = makeCounty({ county: '样例县', roster: [{ name: '样例县', aliases: ['样例县人民政府'], kind: 'county' }, { name: '八道壕镇' }, { name: '县教育局', kind: 'department' }] });
  try {
    const a = consistentValues('2021', 1);
    const b = consistentValues('2021', 2);
    const sum = Object.fromEntries(CANONICAL['2021'].map((c) => [c.id, Math.round(((a[c.id] ?? 0) + (b[c.id] ?? 0)) * 10) / 10]));
    county.drop('八道壕镇.xlsx', buildWorkbook({ format: '2021', agency: '八道壕镇', year: 2022, values: a }), '2023-01-05T01:00:00Z');
    county.drop('县教育局.xlsx', buildWorkbook({ format: '2021', agency: '县教育局', year: 2022, values: b }), '2023-01-05T02:00:00Z');
    const own = { ...sum, 'proactive.licensing.decisions': sum['proactive.licensing.decisions']! + 5 };
    county.drop('样例县.xlsx', buildWorkbook({ format: '2021', agency: '样例县人民政府', year: 2022, values: own }), '2023-01-05T03:00:00Z');
    expect((await county.run()).code).toBe(0);

    const issues = parseCsv(county.read('outbox/2022/issues.csv')).filter((i) => i.code === 'county.children_differ');
    // placed at the county's own cell of 行政许可 (as its report printed it), not the whole file
    expect(issues.map((i) => [i.file, i.agency, i.sheet, i.cell, i.severity, i.message])).toEqual([
      ['样例县.xlsx', '样例县', '年度报告', 'B11', 'warning', `本级报表表二「行政许可」「本年处理决定数量」为 ${own['proactive.licensing.decisions']}，纳入汇总的各单位已采用报表的合计为 ${sum['proactive.licensing.decisions']}，相差 5`],
    ]);
    const summary = parseCsv(county.read('outbox/2022/county-summary.csv'));
    expect(summary.find((r) => r.id === 'requests.new.total')).toMatchObject({ value: String(sum['requests.new.total']), agencies: '2' });
    expect(parseCsv(county.read('outbox/2022/submissions.csv')).find((s) => s.agency === '样例县')).toMatchObject({ status: 'accepted', warnings: '1' });
    // the draft lists it too, and does not count the county among the included
    const draft = county.read('outbox/2022/county-report-draft.html');
    expect(draft).toContain(`<p>${issues[0]!.message}</p>`);
    expect(draft).toContain('纳入汇总的单位（2个）：八道壕镇、县教育局。');
    // the web page shows the same totals (the county's report not summed in)
    const served = await startServer({ outbox: county.outbox, inbox: county.inbox, config: loadConfig(path.join(county.dir, 'nianbao.config.json'), true), mappings, log: silentLog, host: '127.0.0.1', port: 0 });
    try {
      const page = await (await fetch(`${served.url}/year/2022`)).text();
      expect(page).toContain('合计 2 个单位已采用的报表');
      expect(page).toMatch(new RegExp(`<td colspan="3">一、本年新收政府信息公开申请数量</td>(<td class="n">\\d+</td>){6}<td class="n">${sum['requests.new.total']}</td>`));
    } finally {
      await served.close();
    }
  } finally {
    county.cleanup();
  }
});
