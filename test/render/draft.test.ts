/**
 * The county's draft annual report (issue 8 §1), read back: the docx's own XML and the HTML. Every number in the
 * prose is checked against the county totals of county-summary.csv.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as XLSX from 'xlsx';
import { makeCounty, parseCsv } from '../fixtures/county';
import { outcomeRowsOfKind } from '../../src/model/canonical';

/** A part of a .docx (a zip), as text. */
function docxPart(file: string, part: string): string {
  const zip = XLSX.CFB.read(fs.readFileSync(file), { type: 'buffer' });
  const entry = zip.FileIndex[zip.FullPaths.findIndex((p: string) => p.endsWith(part))]!;
  return Buffer.from(entry.content as Uint8Array).toString('utf8');
}

function docxText(file: string): { xml: string; paragraphs: string[] } {
  const xml = docxPart(file, 'word/document.xml');
  const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => [...p[0].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''));
  return { xml, paragraphs };
}

test('the draft: six sections, the form’s tables with their merges, prose figures equal to the totals, agencies included and missing', async () => {
  const county = makeCounty();
  try {
    county.drop('八道壕镇.xlsx', county.report('八道壕镇', 2022, {}, 1), '2023-01-05T01:00:00Z');
    county.drop('东风镇.xlsx', county.report('东风镇', 2022, {}, 2), '2023-01-05T02:00:00Z');
    county.drop('西湖街道.xlsx', county.report('西湖街道', 2022, { 'requests.new.total': 999 }, 3), '2023-01-05T03:00:00Z');
    const run = await county.run();
    expect(run.code).toBe(0);
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
      纳入汇总的个单位共收到政府信息公开申请: v('requests.new.total'), 其中自然人: v('requests.new.natural'), 法人或其他组织: v('requests.new.total') - v('requests.new.natural'),
      上年结转: v('requests.carried_in.total'), 予以公开: v('requests.granted.total'), 部分公开: v('requests.partial.total'), 不予公开: outcome('refused'),
      无法提供: outcome('unavailable'), 不予处理: outcome('unprocessed'), 其他处理: outcome('other'), 结转下年度继续办理: v('requests.carried_out.total'),
      行政复议: v('appeals.review.total'), 行政诉讼: v('appeals.litigation_direct.total') + v('appeals.litigation_after_review.total'),
    };
    const prose = paragraphs.slice(positions[0]! + 1, positions[1]!).join('\n');
    // units missing: each sentence of county figures says whose sum it is (纳入汇总的2个单位…), never 全县
    expect(prose).not.toMatch(/全县(共收到|发生)/);
    const quoted = [...prose.replace(/纳入汇总的\d+个单位(共收到|发生)/g, '纳入汇总的个单位$1').matchAll(/([\u4e00-\u9fa5]+?)(\d+)件/g)].map((m) => [m[1]!.replace(/^(纳入汇总的个单位发生政府信息公开|，|；)/, ''), Number(m[2])]);
    expect(quoted.length).toBe(Object.keys(expected).length); // no number without a check
    for (const [name, value] of quoted) expect([name, value]).toEqual([name, expected[name as string]]);
    expect(prose).toContain('纳入汇总的单位（2个）：东风镇、八道壕镇。');
    // the units not reported are those the run's summary names; the returned ones apart
    const terminal = run.stdout.match(/未报送 (\d+) 个：(\S+)/)!;
    expect(terminal.slice(1)).toEqual(['2', '南山乡、县教育局']);
    expect(prose).toContain(`尚未报送的单位（${terminal[1]}个）：${terminal[2]}。`);
    expect(prose).toContain('报表已退回、待改正后重新报送的单位（1个）：西湖街道。');
    expect(prose).toContain('以下数字为纳入汇总的2个单位的合计，不是全县的全部数字。');
    expect(prose).toContain('【草稿，请修改】');
    expect(html).toContain(prose.slice(0, 40));
  } finally {
    county.cleanup();
  }
});

test('the draft looks like a government document (GB/T 9704): fonts, heading styles, indent, A4 margins, page numbers, tables that fit', async () => {
  const county = makeCounty();
  try {
    county.drop('八道壕镇.xlsx', county.report('八道壕镇', 2022, {}, 1), '2023-01-05T01:00:00Z');
    expect((await county.run()).code).toBe(0);
    const file = path.join(county.outbox, '2022/county-report-draft.docx');
    const styles = docxPart(file, 'word/styles.xml');
    const style = (id: string) => styles.match(new RegExp(`<w:style [^>]*w:styleId="${id}"[\\s\\S]*?</w:style>`))?.[0] ?? '';
    // real heading styles (the navigation pane lists them), in the fonts of the standard, 三号; the title 小标宋 二号
    expect(style('Heading1')).toMatch(/w:eastAsia="黑体"/);
    expect(style('Heading1')).toMatch(/<w:outlineLvl w:val="0"\/>/);
    expect(style('Heading2')).toMatch(/w:eastAsia="楷体_GB2312"/);
    expect(style('Heading2')).toMatch(/<w:outlineLvl w:val="1"\/>/);
    for (const id of ['Heading1', 'Heading2']) expect(style(id)).toMatch(/<w:sz w:val="32"\/>/);
    expect(style('Title')).toMatch(/w:eastAsia="方正小标宋简体"/);
    expect(style('Title')).toMatch(/<w:sz w:val="44"\/>/);
    // the body: 仿宋_GB2312 三号, a first-line indent of two characters, 22 lines to the page
    const defaults = styles.match(/<w:docDefaults>[\s\S]*<\/w:docDefaults>/)![0];
    for (const part of ['w:eastAsia="仿宋_GB2312"', '<w:sz w:val="32"/>', '<w:ind w:firstLine="640"/>', 'w:line="579" w:lineRule="exact"']) expect(defaults).toContain(part);
    // fonts missing on the machine are substituted by their usual stand-ins
    const fonts = docxPart(file, 'word/fontTable.xml');
    expect(fonts).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>');
    expect(fonts).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>');

    const xml = docxPart(file, 'word/document.xml');
    const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => p[0]);
    const styled = (text: string) => paragraphs.find((p) => p.includes(`>${text}</w:t>`))?.match(/<w:pStyle w:val="([^"]+)"\/>/)?.[1];
    expect(styled('八道壕镇所在县2022年政府信息公开工作年度报告'.replace('八道壕镇所在县', '样例县'))).toBe('Title');
    expect(styled('一、总体情况')).toBe('Heading1');
    expect(styled('三、收到和处理政府信息公开申请情况')).toBe('Heading1');
    expect(styled('（二）依申请公开')).toBe('Heading2');
    // A4, the standard margins, the page number at the foot as — 1 —
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588"/);
    // GB/T 9704: the page number at the outside edge — right on odd pages, left on even ones
    expect(docxPart(file, 'word/settings.xml')).toContain('<w:evenAndOddHeaders/>');
    const footers = [1, 2].map((n) => docxPart(file, `word/footer${n}.xml`));
    for (const footer of footers) {
      expect(footer).toContain('— </w:t>');
      expect(footer).toMatch(/PAGE/);
    }
    expect(footers.map((f) => f.match(/<w:jc w:val="(\w+)"\/>/)?.[1]).sort()).toEqual(['left', 'right']);
    // tables of fixed layout whose columns fill the text width; 表三's label column wide enough not to wrap to a dozen lines
    const tables = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((t) => t[0]);
    expect(tables).toHaveLength(3);
    // 表二 and 表三 fit the portrait text width; 表四's fifteen columns of six digits are on a landscape page
    tables.forEach((t, n) => {
      expect(t).toContain('<w:tblLayout w:type="fixed"/>');
      const grid = [...t.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
      const width = n === 2 ? 16838 - 1588 - 1474 : 11906 - 1588 - 1474;
      expect(grid.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(width);
      expect(grid.reduce((a, b) => a + b, 0)).toBeGreaterThan(width - grid.length);
    });
    expect(xml).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/);
    // 表三's and 表四's heading rows repeat on each page (表三 runs over pages); 表二's sub-table headings do not
    const repeatedRows = (t: string) => (t.match(/<w:tblHeader\/>/g) ?? []).length;
    expect(tables.map(repeatedRows)).toEqual([0, 3, 3]);
    // a table's cells are in the table styles: 宋体 五号, not indented like the body's paragraphs; labels left,
    // numbers and headings centred (a style per kind of cell, none of it repeated on each cell)
    expect(style('TableText')).toMatch(/w:eastAsia="宋体"/);
    expect(style('TableText')).toMatch(/<w:sz w:val="21"\/>/);
    expect(style('TableText')).toMatch(/<w:ind w:firstLine="0"\/>/);
    expect(style('TableCentred')).toMatch(/<w:basedOn w:val="TableText"\/>/);
    expect(style('TableCentred')).toMatch(/<w:jc w:val="center"\/>/);
    const cellStyles = [...tables[1]!.matchAll(/<w:tc>[\s\S]*?<w:pStyle w:val="(\w+)"\/>[\s\S]*?<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => [m[1], m[2]]);
    expect(cellStyles.find(([, text]) => text === '申请人情况')?.[0]).toBe('TableCentred');
    expect(cellStyles.find(([, text]) => text?.startsWith('一、本年新收政府信息公开申请数量'))?.[0]).toBe('TableText');
    expect(cellStyles.filter(([, text]) => /^\d+$/.test(text!)).every(([id]) => id === 'TableCentred')).toBe(true);
    expect(tables[1]).not.toMatch(/<w:tc>[\s\S]*?<w:sz /);
    // a heading row is kept with the next row (never left alone at the foot of a page): every paragraph of 表二's
    // sub-table headings and of 表三's header rows says keepNext
    const headingCells = [...tables[0]!.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => c[0]).filter((c) => />(信息内容|本年新制作数量|处理决定数量)</.test(c));
    expect(headingCells.length).toBeGreaterThanOrEqual(3);
    for (const cell of headingCells) expect(cell).toContain('<w:keepNext/>');
    expect([...tables[1]!.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].find((c) => c[0].includes('>申请人情况<'))![0]).toContain('<w:keepNext/>');
    const requestsGrid = [...tables[1]!.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
    // the longest label (some 37 characters) in at most six lines at 10.5 pt (a character is 210 twips), beside
    // seven number columns of six digits each
    expect(Math.ceil((37 * 210) / requestsGrid[2]!)).toBeLessThanOrEqual(6);
    expect(requestsGrid.slice(3).every((w) => w >= 6 * 105 + 2 * 57)).toBe(true);

    // the HTML draft: labels left, numbers centred, whatever cell a row begins with
    const html = county.read('outbox/2022/county-report-draft.html');
    expect(html).not.toContain('td:not(:first-child)');
    expect(html).toContain('td.n,tr.h td{text-align:center}');
    expect(html).toContain('<h3>（二）依申请公开</h3>');
    expect(html).toMatch(/font-family:"方正小标宋简体","宋体",serif/);
  } finally {
    county.cleanup();
  }
});
