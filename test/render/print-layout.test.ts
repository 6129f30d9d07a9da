/**
 * Outputs that print right (issue 29 §1, §8): the blank template and the county workbook, printed to PDF by
 * LibreOffice (installed by .ci/run) and read back with their words' positions (poppler's pdftotext -bbox). What
 * is checked is what a coordinator sees on paper: how many pages, every number whole on one line, 表三 on one page
 * (so its header rows head every page of it), 表四's fifteen columns on the page, and no row taller than its text.
 * The county's draft (a .docx) likewise: every number of its tables whole, 表四 on a landscape page, the page
 * numbers 「— N —」 at the outside edge of each page.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CANONICAL } from '../../src/model/canonical';
import * as XLSX from 'xlsx';
import { draftDocx, type CountyDraft } from '../../src/render/draft';
import { formLayout, formTables, totalsForForm } from '../../src/render/form-layout';
import { FORM_SHEET, formSheet, templateBytes } from '../../src/render/template';
import { workbookBytes } from '../../src/render/xlsx-write';
import { makeCounty } from '../fixtures/county';
import { mappings } from '../fixtures/workbook';

interface Word {
  page: number;
  x: number;
  y: number;
  right: number;
  bottom: number;
  text: string;
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-print-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Prints the files to PDF with LibreOffice (one call for all: it starts in seconds, not per file). */
function printed(files: Record<string, Buffer>): Record<string, Word[]> {
  for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), bytes);
  execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, ...Object.keys(files).map((n) => path.join(dir, n))], { stdio: 'ignore', timeout: 180_000 });
  return Object.fromEntries(Object.keys(files).map((name) => [name, pdfWords(path.join(dir, name.replace(/\.\w+$/, '.pdf')))]));
}

/** Every word of a PDF with its page (from 1) and box (points from the top left). */
function pdfWords(pdf: string): Word[] {
  const html = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const words: Word[] = [];
  let page = 0;
  for (const m of html.matchAll(/<page |<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
    if (m[0] === '<page ') page++;
    else words.push({ page, x: Number(m[1]), y: Number(m[2]), right: Number(m[3]), bottom: Number(m[4]), text: m[5]!.replace(/&amp;/g, '&') });
  }
  return words;
}

const pagesOf = (words: Word[]) => Math.max(...words.map((w) => w.page));
const pageWith = (words: Word[], text: string) => words.find((w) => w.text.includes(text))?.page;

/**
 * The largest gap between two successive lines of text on a page of a table (points): with every row's text on it,
 * a row much taller than its text shows as a gap (the first row of a merged label once took the whole block's height).
 */
function largestLineGap(words: Word[], page: number, from: string, to: string): number {
  const on = words.filter((w) => w.page === page);
  const top = on.find((w) => w.text.includes(from))!.y;
  const bottom = on.find((w) => w.text.includes(to))!.bottom;
  const lines = [...new Set(on.filter((w) => w.y >= top && w.bottom <= bottom).map((w) => Math.round(w.y)))].sort((a, b) => a - b);
  return Math.max(...lines.slice(1).map((y, i) => y - lines[i]!));
}

/** The draft of a county whose totals run to six digits, 6 of 8 units in the sum. */
function largeDraft(format: '2019' | '2021'): CountyDraft {
  return {
    county: '某某县', level: '县', year: 2022, format, formatName: format, mapping: mappings[format], values: largeFigures(format),
    included: ['一镇', '二镇', '三镇', '四乡', '五乡', '县教育局'], missing: ['六乡'], rejected: ['七街道'], differences: [],
  };
}

/** The numbers a draft's tables print, each as it prints. */
function draftTableNumbers(d: CountyDraft): string[] {
  return formTables(formLayout(d.mapping, { values: totalsForForm(d.values) })).flatMap((b) => b.rows.flat().filter((v): v is number => typeof v === 'number').map(String));
}

/** Six-digit figures in every cell: the widest a county's totals print. */
function largeFigures(format: '2019' | '2021'): Record<string, number> {
  return Object.fromEntries(CANONICAL[format].map((c, i) => [c.id, 100_000 + ((i * 7919) % 900_000)]));
}

describe('printed by LibreOffice', () => {
  let pdfs: Record<string, Word[]>;
  let files: Record<string, Buffer>;
  beforeAll(async () => {
    const county = makeCounty();
    try {
      county.drop('八道壕镇.xlsx', county.report('八道壕镇人民政府', 2022, {}, 1), '2023-01-05T01:00:00Z');
      county.drop('南山乡.xlsx', county.report('南山乡', 2022, {}, 3), '2023-01-05T03:00:00Z');
      await county.run();
      files = {
        'template-2019.xlsx': await templateBytes(mappings['2019'], null, null),
        'template-2021.xlsx': await templateBytes(mappings['2021'], null, null),
        'county-report.xlsx': fs.readFileSync(path.join(county.outbox, '2022/county-report.xlsx')),
        'large-2019.xlsx': await workbookBytes([formSheet(mappings['2019'], { agency: '某某县', year: 2020, values: largeFigures('2019') })]),
        'large-2021.xlsx': await workbookBytes([formSheet(mappings['2021'], { agency: '某某县', year: 2022, values: largeFigures('2021') })]),
        'draft-2019.docx': await draftDocx(largeDraft('2019')),
        'draft-2021.docx': await draftDocx(largeDraft('2021')),
      };
      pdfs = printed(files);
    } finally {
      county.cleanup();
    }
  }, 240_000);

  test.each([
    // 表二 with the title on page 1; 表三 on page 2; 表四 on page 2 where it fits beside 表三 (2019), else page 3
    ['template-2019.xlsx', 2, 2, 2],
    ['template-2021.xlsx', 3, 2, 3],
    ['large-2019.xlsx', 2, 2, 2],
    ['large-2021.xlsx', 3, 2, 3],
  ])('%s: %i pages, 表三 on page %i, 表四 on page %i', (name, pages, requestsPage, appealsPage) => {
    const words = pdfs[name]!;
    expect(pagesOf(words)).toBe(pages);
    expect(pageWith(words, '年政府信息公开工作年度报告')).toBe(1);
    expect(pageWith(words, '二、主动公开政府信息情况')).toBe(1);
    // 表三 whole on one page: its heading, its header rows and its last row together
    expect([pageWith(words, '三、收到和处理政府信息公开申请情况'), pageWith(words, '法人或其他组织'), pageWith(words, '四、结转下年度继续办理')]).toEqual([requestsPage, requestsPage, requestsPage]);
    // 表四 on one page, its fifteen columns within the page's width
    const appeals = words.filter((w) => w.page === appealsPage);
    expect(pageWith(words, '四、政府信息公开行政复议、行政诉讼情况')).toBe(appealsPage);
    expect(appeals.filter((w) => w.text === '总计').length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...appeals.map((w) => w.right))).toBeLessThan(842 - 20);
    // no row taller than its text: on 表三's page no gap between lines of text of more than about three lines
    expect(largestLineGap(words, requestsPage, '三、收到和处理政府信息公开申请情况', '四、结转下年度继续办理')).toBeLessThan(45);
    // legible: the body text is printed at no less than 70 % of 11 pt
    const label = words.find((w) => w.text.includes('自然人'))!;
    expect(label.bottom - label.y).toBeGreaterThan(11 * 0.7);
  });

  test.each(['large-2019.xlsx', 'large-2021.xlsx', 'county-report.xlsx'])('%s: every number of the form prints whole, on one line', (name) => {
    // (a number cut over two lines, 155 as 15 over 5, prints as two words: the whole is not among the words)
    const sheet = XLSX.read(files[name]!, { type: 'buffer' }).Sheets[FORM_SHEET]!;
    const numbers = Object.keys(sheet).filter((a) => !a.startsWith('!') && sheet[a]!.t === 'n').map((a) => String(sheet[a]!.v));
    expect(numbers.length).toBeGreaterThan(100);
    const words = new Set(pdfs[name]!.map((w) => w.text));
    expect(numbers.filter((n) => !words.has(n))).toEqual([]);
  });

  test('the county workbook says what its totals cover, on its first page', () => {
    const words = pdfs['county-report.xlsx']!;
    const first = words.find((w) => w.page === 1 && w.text.startsWith('汇总范围'))!;
    const line = words.filter((w) => w.page === 1 && Math.abs(w.y - first.y) < 2).sort((a, b) => a.x - b.x);
    expect(line.map((w) => w.text).join(' ')).toBe('汇总范围：已采用 2 个单位（应报 5 个），截至 2023-01-05');
  });

  describe.each(['2019', '2021'] as const)('the draft of %s', (format) => {
    const words = () => pdfs[`draft-${format}.docx`]!;
    /** A page's width in points, from its words (portrait A4 is 595 pt wide; nothing prints right of 595 on it). */
    const landscape = (page: number) => words().some((w) => w.page === page && w.right > 600);

    test('every number of its tables prints whole, on one line', () => {
      const numbers = draftTableNumbers(largeDraft(format));
      expect(numbers.length).toBeGreaterThan(100);
      const printedWords = new Set(words().map((w) => w.text));
      expect(numbers.filter((n) => !printedWords.has(n))).toEqual([]);
    });

    test('表四 on a landscape page of its own, the rest portrait', () => {
      const appeals = pageWith(words(), '四、政府信息公开行政复议、行政诉讼情况')!;
      expect(landscape(appeals)).toBe(true);
      expect(landscape(1)).toBe(false);
      expect(landscape(pagesOf(words()))).toBe(false); // 五、 and 六、 back on portrait pages
      // its fifteen columns within the page
      expect(Math.max(...words().filter((w) => w.page === appeals).map((w) => w.right))).toBeLessThan(842 - 40);
    });

    test('each page numbered 「— N —」 at the foot, at the outside edge (right on odd pages, left on even)', () => {
      const pages = pagesOf(words());
      expect(pages).toBeGreaterThanOrEqual(4);
      for (let page = 1; page <= pages; page++) {
        const on = words().filter((w) => w.page === page);
        const foot = Math.max(...on.map((w) => w.bottom));
        const number = on.filter((w) => w.bottom > foot - 2).sort((a, b) => a.x - b.x);
        expect(number.map((w) => w.text).join(' ')).toBe(`— ${page} —`);
        const width = landscape(page) ? 842 : 595;
        if (page % 2 === 1) expect(number.at(-1)!.right).toBeGreaterThan(width * 0.75);
        else expect(number[0]!.x).toBeLessThan(width * 0.25);
      }
    });

    test('says whose sum it is: 6 units, not the whole county', () => {
      const text = words().map((w) => w.text).join('');
      expect(text).toContain('纳入汇总的6个单位共收到政府信息公开申请');
      expect(text).not.toContain('全县共收到');
    });
  });
});
