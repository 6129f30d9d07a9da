/**
 * The county's draft annual report (issue 8 §1), read back: the docx's own XML and the HTML. Every number in the
 * prose is checked against the county totals of county-summary.csv.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as XLSX from 'xlsx';
import { makeCounty, parseCsv } from './fixtures/county';
import { outcomeRowsOfKind } from '../src/model/canonical';

function docxText(file: string): { xml: string; paragraphs: string[] } {
  const zip = XLSX.CFB.read(fs.readFileSync(file), { type: 'buffer' });
  const entry = zip.FileIndex[zip.FullPaths.findIndex((p: string) => p.endsWith('word/document.xml'))]!;
  const xml = Buffer.from(entry.content as Uint8Array).toString('utf8');
  const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => [...p[0].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''));
  return { xml, paragraphs };
}

test('the draft: six sections, the form’s tables with their merges, prose figures equal to the totals, agencies included and missing', async () => {
  const county = makeCounty();
  try {
    county.drop('八道壕镇.xlsx', county.report('八道壕镇', 2022, {}, 1), '2023-01-05T01:00:00Z');
    county.drop('东风镇.xlsx', county.report('东风镇', 2022, {}, 2), '2023-01-05T02:00:00Z');
    county.drop('西湖街道.xlsx', county.report('西湖街道', 2022, { 'requests.new.total': 999 }, 3), '2023-01-05T03:00:00Z');
    expect((await county.run()).code).toBe(0);
    const { xml, paragraphs } = docxText(path.join(county.outbox, '2022/county-report-draft.docx'));
    const html = county.read('outbox/2022/county-report-draft.html');

    const titles = ['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项'];
    const positions = titles.map((t) => paragraphs.indexOf(t));
    expect(positions.every((p, n) => p >= 0 && (n === 0 || p > positions[n - 1]!))).toBe(true);
    for (const t of titles) expect(html).toContain(`<h2>${t}</h2>`);
    expect(xml.match(/<w:tbl>/g)).toHaveLength(3);
    expect(xml).toContain('<w:gridSpan w:val="7"/>'); // 申请人情况 over the seven columns
    expect(xml).toMatch(/<w:vMerge w:val="restart"\/>/);

    // every figure of the prose, against county-summary.csv
    const summary = new Map(parseCsv(county.read('outbox/2022/county-summary.csv')).map((r) => [r.id!, Number(r.value)]));
    const v = (id: string) => summary.get(id)!;
    const outcome = (prefix: string) => outcomeRowsOfKind(prefix).reduce((s, r) => s + v(`requests.${r}.total`), 0);
    const expected: Record<string, number> = {
      全县共收到政府信息公开申请: v('requests.new.total'), 其中自然人: v('requests.new.natural'), 法人或其他组织: v('requests.new.total') - v('requests.new.natural'),
      上年结转: v('requests.carried_in.total'), 予以公开: v('requests.granted.total'), 部分公开: v('requests.partial.total'), 不予公开: outcome('refused'),
      无法提供: outcome('unavailable'), 不予处理: outcome('unprocessed'), 其他处理: outcome('other'), 结转下年度继续办理: v('requests.carried_out.total'),
      行政复议: v('appeals.review.total'), 行政诉讼: v('appeals.litigation_direct.total') + v('appeals.litigation_after_review.total'),
    };
    const prose = paragraphs.slice(positions[0]! + 1, positions[1]!).join('');
    const quoted = [...prose.matchAll(/([\u4e00-\u9fa5]+?)(\d+)件/g)].map((m) => [m[1]!.replace(/^(全县发生政府信息公开|，|；)/, ''), Number(m[2])]);
    expect(quoted.length).toBe(Object.keys(expected).length); // no number without a check
    for (const [name, value] of quoted) expect([name, value]).toEqual([name, expected[name as string]]);
    expect(prose).toContain('纳入汇总的单位（2个）：东风镇、八道壕镇。');
    expect(prose).toContain('尚未报送或未通过审核的单位（3个）：西湖街道、南山乡、县教育局。');
    expect(prose).toContain('【草稿，请修改】');
    expect(html).toContain(prose.slice(0, 40));
  } finally {
    county.cleanup();
  }
});
