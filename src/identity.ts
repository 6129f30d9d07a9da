/**
 * identity: which agency's report for which year (SPEC §3). Content first — labelled cells (填报单位：…, 报告年度：…),
 * then the title (八道壕镇2020年政府信息公开工作年度报告; a site's breadcrumbs and navigation kept above it by a page
 * pasted into Word are no part of it; a cover letter's 关于报送2020年度…年度报告的函 gives the year), then the prose of
 * report text and web pages (由八道壕镇…编制完成本报告; 统计期限自2020年1月1日…), then for the agency the signature at
 * the end (an agency's name over or under the date: how a cover letter names its sender) — and the file name only
 * where the content says nothing. A signature is only ever a last resort: it names the agency when nothing else
 * does, and never conflicts (a report may be signed by the office that compiled it).
 * Content sources that disagree → identity.conflict; a file name that disagrees → identity.file_name (warning).
 */
import * as path from 'node:path';
import { makeIssue, type Issue } from './issues';
import { cellAddress, cellText, type CellRef, type Grid, type Paragraph, type RawCell } from './read/grid';

export interface Identity {
  agency: string | null;
  year: number | null;
  agencyRef?: CellRef;
  yearRef?: CellRef;
  issues: Issue[];
}

/**
 * What a name may carry after the agency itself. Only these: 上海市人民政府办公厅 is the office (an agency of its
 * own), not 上海市; the office that compiled a report is cut back to its agency elsewhere (COMPILING_OFFICE).
 */
const AGENCY_SUFFIXES = /(人民政府|办事处|管委会|管理委员会)$/;

/** 八道壕镇人民政府 → 八道壕镇; 南源街道办事处 → 南源街道. Whitespace and full-width forms are folded. */
export function normalizeAgency(name: string): string {
  let text = name.normalize('NFKC').replace(/[\s\u3000]+/g, '').replace(/^[:：]/, '');
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text.replace(AGENCY_SUFFIXES, '');
  }
  return text || name.trim();
}

function sameAgency(a: string, b: string): boolean {
  return a === b || a.endsWith(b) || b.endsWith(a);
}

export function plausibleYear(year: number, now: Date = new Date()): boolean {
  return Number.isInteger(year) && year >= 2008 && year <= now.getFullYear();
}

interface Found<T> {
  value: T;
  ref?: CellRef;
  source: string;
}

// a label cell, alone or with its value after the colon: 填报单位：…, 填报单位（盖章）：…, 单位名称
const AGENCY_LABEL = /^(填报单位|单位名称|报送单位|填报机关)(?:\([^()]*\))?(?:[:：](.*))?$/;
const YEAR_LABEL = /^(报告年度|年度|统计年度|报送年度)(?:[:：](.*))?$/;
/**
 * What a cell's text must have to match any of the three: a label's first character (填报单位, 单位名称, 报送单位,
 * 填报机关; 报告年度, 年度, 统计年度, 报送年度) or a title's 报告. Most cells of a report have neither and are passed by.
 */
const MAY_IDENTIFY = /^[填单报年统]|报告/;
/**
 * The same, asked of a cell's text before NFKC (which is costly and most texts fail anyway): a text that may identify
 * holds one of those characters, or U+F98E, the one character NFKC turns into one of them (年).
 */
const MAY_IDENTIFY_UNNORMALIZED = /[填单报年统\uF98E]/;
/** 八道壕镇2020年政府信息公开工作年度报告 (agency first) or 2020年八道壕镇政府信息公开工作年度报告 (year first) */
const TITLE = /^(.*?)((?:19|20)\d{2})年(?:度)?(?:的)?(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:年度)?报告(?:\([^()]*\))?$/;

const TITLE_YEAR_FIRST = /^((?:19|20)\d{2})年(?:度)?(.+?)(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:年度)?报告(?:\([^()]*\))?$/;

function yearIn(text: string): number | null {
  const m = /((?:19|20)\d{2})/.exec(text.normalize('NFKC'));
  return m ? Number(m[1]) : null;
}

function valueText(cell: RawCell | undefined): string {
  if (!cell || cell.value === null) return '';
  return String(cell.value).trim();
}

interface ContentIdentity {
  agencies: Found<string>[];
  years: Found<number>[];
}

/** 由八道壕镇政务公开领导小组办公室编制完成本报告 → 八道壕镇政务公开领导小组办公室 */
const PROSE_AGENCY = /由([^,，。；;、:：()（）]{2,40}?)(?:负责)?(?:编制|编写|撰写)(?:完成|了)?(?:本|此|该)?(?:年度)?报告/;
/** 本报告由江南中街道办事处根据《条例》…要求编制 → 江南中街道办事处 */
const PROSE_AGENCY_BY = /(?:本|此|该)(?:年度)?报告(?:是)?由([^,，。；;、:：()（）《》“”"]{2,40}?)(?:根据|依据|按照|依照|遵照)/;
/** 本报告所列数据统计期限自2020年1月1日起… → 2020 */
const PROSE_YEAR = /统计(?:期限|时限|期间|时间|区间)(?:为|是|自|从|:|：)*((?:19|20)\d{2})年/;
/** The office that compiled a report speaks for its agency: 八道壕镇政务公开领导小组办公室 → 八道壕镇. */
const COMPILING_OFFICE = /(政务公开|政府信息公开|信息公开|领导小组|工作小组|办公室|党政办|综合办).*$/;

/** A page title may carry the site after it: 八道壕镇2020年政府信息公开工作年度报告_八道壕镇人民政府 */
function titleParts(text: string): string[] {
  return [text, ...text.split(/[_|｜]|\s[-—–]\s/)].map((t) => t.normalize('NFKC').replace(/\s+/g, '')).filter(Boolean);
}

/** A cover letter's title: 关于报送2020年度政府信息公开工作年度报告的函 (its year; the sender signs at the end). */
const COVER_LETTER = /^关于(?:报送|上报|提交|印发|公布|发布)?.*?((?:19|20)\d{2})年(?:度)?.*?(?:信息公开|政务公开).*?报告(?:的)?(?:函|报告|通知|请示)$/;

/**
 * What a site prints before a title, kept by a page pasted into Word: breadcrumbs (首页 > 政府信息公开 > 年报 >) and
 * the names of its sections. Everything up to the last of them is no part of the agency's name.
 */
const SITE_CHROME = /^.*(?:[>›»→＞]|首页|当前位置|您的位置|您现在的位置|政府信息公开年报|政府信息公开年度报告|信息公开年报|政府信息公开专栏|政府信息公开|政务公开|信息公开|年度报告|年报)/;

function titleIdentity(text: string): { year: number; agency?: string } | undefined {
  const title = TITLE.exec(text);
  const yearFirst = title ? null : TITLE_YEAR_FIRST.exec(text);
  if (!title && !yearFirst) {
    const letter = COVER_LETTER.exec(text);
    return letter ? { year: Number(letter[1]) } : undefined;
  }
  const [year, agency] = title ? [title[2]!, title[1]] : [yearFirst![1]!, yearFirst![2]];
  return { year: Number(year), agency: agency?.replace(SITE_CHROME, '') || undefined };
}

/** The date a report or letter is signed with: 2021年1月20日. */
const SIGNATURE_DATE = /^(?:19|20)\d{2}年\d{1,2}月\d{1,2}日$/;
/** The name a report or letter is signed with, alone on its line: no figures or sentence punctuation, ending like an agency. */
const SIGNATURE_NAME = /^[^\d。，,；;：:、（）()“”《》]{2,40}$/;
/** Lines from the end of a document the signature is looked for in (after it come at most a page number, 附件…). */
const SIGNATURE_LINES = 12;

/** The agency a document is signed by: the last name line next to a date line near the end, or undefined. */
function signature(prose: readonly Paragraph[]): Found<string> | undefined {
  const lines = prose.map((p) => p.text.normalize('NFKC').replace(/\s+/g, ''));
  for (let n = lines.length - 1; n >= Math.max(0, lines.length - SIGNATURE_LINES); n--) {
    if (!SIGNATURE_NAME.test(lines[n]!) || !AGENCY_LIKE.test(lines[n]!)) continue;
    if (!SIGNATURE_DATE.test(lines[n + 1] ?? '') && !SIGNATURE_DATE.test(lines[n - 1] ?? '')) continue;
    const ref = prose[n]!.ref;
    const name = normalizeAgency(lines[n]!.replace(COMPILING_OFFICE, '') || lines[n]!);
    return { value: name, ref, source: ref ? `落款（${ref.cell}）` : '落款' };
  }
  return undefined;
}

/** A short line with no sentence punctuation: a piece of a title, or a name above it. */
const isTitlePiece = (text: string) => text.length <= 40 && !/[。，,；;：:、]/.test(text);
/** A title is printed over at most this many lines (a PDF breaks it where the page width ends it). */
const MAX_TITLE_LINES = 3;

function fromProse(prose: readonly Paragraph[]): ContentIdentity {
  const found: ContentIdentity = { agencies: [], years: [] };
  let continued = 0;
  prose.forEach((p, n) => {
    const first = (texts: string[]) => texts.map(titleIdentity).find((t) => t !== undefined);
    if (continued > 0) {
      continued--;
      return; // the rest of a title already read with its first line
    }
    let title = first(titleParts(p.text));
    // a title broken over lines (广州市海珠区江南中街道2020年政府信息 / 公开年度报告): join the short lines after it
    // — but not onto a line that is a title by itself (a breadcrumb ending in the agency's name, then the title)
    for (let k = 1, joined = p.text; !title && k < MAX_TITLE_LINES && n + k < prose.length && isTitlePiece(joined); k++) {
      if (first(titleParts(prose[n + k]!.text))) break;
      joined += prose[n + k]!.text;
      title = first(titleParts(joined));
      if (title) continued = k;
    }
    // a title printed on two lines (淮安市人民政府 / 2024 年政府信息公开工作年度报告): the agency is the line above,
    // when that line is a short name and not a sentence
    const above = n > 0 ? prose[n - 1]!.text.replace(/\s+/g, '') : '';
    if (title && !title.agency && above.length <= 30 && !/[。，,；;：:、>›»→＞]/.test(above)) title = first(titleParts(above + p.text)) ?? title;
    if (!title) return;
    const source = p.ref ? `标题（${p.ref.cell}）` : '标题';
    found.years.push({ value: title.year, ref: p.ref, source });
    if (title.agency) found.agencies.push({ value: normalizeAgency(title.agency), ref: p.ref, source });
  });
  // the copy breaks words and numbers over lines (统计期限自20 / 20 / 年): read the prose as one text
  const pieces = prose.map((p) => p.text.normalize('NFKC').replace(/\s+/g, ''));
  const joined = pieces.join('');
  const refAt = (offset: number) => {
    for (let n = 0, end = 0; n < pieces.length; n++) if ((end += pieces[n]!.length) > offset) return prose[n]!.ref;
    return undefined;
  };
  const agency = PROSE_AGENCY.exec(joined) ?? PROSE_AGENCY_BY.exec(joined);
  if (agency) {
    const name = normalizeAgency(agency[1]!.replace(COMPILING_OFFICE, '') || agency[1]!);
    const ref = refAt(agency.index);
    found.agencies.push({ value: name, ref, source: ref ? `正文（${ref.cell}）` : '正文' });
  }
  const year = PROSE_YEAR.exec(joined);
  if (year) {
    const ref = refAt(year.index);
    found.years.push({ value: Number(year[1]), ref, source: ref ? `正文（${ref.cell}）` : '正文' });
  }
  return found;
}

function fromContent(grid: Grid): ContentIdentity {
  const labelled: ContentIdentity = { agencies: [], years: [] };
  const titled: ContentIdentity = { agencies: [], years: [] };
  for (const sheet of grid.sheets) {
    sheet.rows.forEach((row, r) => {
      row?.forEach((cell, c) => {
        const raw = cellText(cell);
        if (!MAY_IDENTIFY_UNNORMALIZED.test(raw)) return;
        const text = raw.normalize('NFKC').replace(/[\s]+/g, '');
        if (!text || !MAY_IDENTIFY.test(text)) return;
        const ref = { sheet: sheet.name, cell: cellAddress(r, c) };
        // the value of a label cell is the next non-blank cell to its right, unless that is the next label
        const right = () => {
          for (let k = c + 1; k < row.length; k++) {
            const v = valueText(row[k]);
            if (!v) continue;
            const bare = v.normalize('NFKC').replace(/\s+/g, '');
            if (AGENCY_LABEL.test(bare) || YEAR_LABEL.test(bare)) return undefined;
            return { text: v, ref: { sheet: sheet.name, cell: cellAddress(r, k) } };
          }
          return undefined;
        };
        const agency = AGENCY_LABEL.exec(text);
        if (agency) {
          const value = agency[2] ? { text: agency[2], ref } : right();
          if (value) labelled.agencies.push({ value: normalizeAgency(value.text), ref: value.ref, source: `单元格 ${value.ref.sheet}!${value.ref.cell}` });
          return;
        }
        const year = YEAR_LABEL.exec(text);
        if (year) {
          const value = year[2] ? { text: year[2], ref } : right();
          const y = value ? yearIn(value.text) : null;
          if (value && y !== null) labelled.years.push({ value: y, ref: value.ref, source: `单元格 ${value.ref.sheet}!${value.ref.cell}` });
          return;
        }
        const title = titleIdentity(text);
        if (title) {
          const source = `标题（${sheet.name}!${ref.cell}）`;
          titled.years.push({ value: title.year, ref, source });
          if (title.agency) titled.agencies.push({ value: normalizeAgency(title.agency), ref, source });
        }
      });
    });
  }
  const prose = fromProse(grid.prose ?? []);
  const agencies = [...labelled.agencies, ...titled.agencies, ...prose.agencies];
  const signed = agencies.length === 0 ? signature(grid.prose ?? []) : undefined;
  return { agencies: signed ? [signed] : agencies, years: [...labelled.years, ...titled.years, ...prose.years] };
}

/** Words of a file name that say what the file is or which draft (（问题批注）, 修改稿), never whose. */
const FILE_NAME_WORDS = /(政府信息公开|报表|汇总|政务公开|信息公开|工作|年度报告|年报|报告|数据表|统计表|表格|填报|上报|报送|数据|终稿|定稿|修改版|最终版|副本|问题批注|问题清单|修改稿|修改后|修订稿|修订版|更正版|更正|改正版|改正后|已改正|已修改|重新报送|重报|补报|初稿|草稿|送审稿|最新版|新版|正式版)/g;
const FILE_NAME_PUNCTUATION = /(\(\d+\)|[-_.、，,\s（）()【】[\]]|\d+)/g;

/**
 * A name that ends like an agency's or its office's: a folder's name is taken for the agency only then (东风镇/,
 * 县教育局/; not 2022年报/ or 材料/), and a signature line is one only then.
 */
const AGENCY_LIKE = /(镇|乡|街道|办事处|政府|管委会|委员会|局|委|办|办公室|办公厅|中心|院|署|所|站|队)$/;

/**
 * Agency and year as the file name gives them (八道壕镇-2020.xlsx, 某镇2021年报.xlsx); for a file in a township's
 * folder or zip (东风镇/年报.xlsx, 东风镇.zip/年报.xlsx), what the name lacks is taken from the nearest folder that has it.
 */
export function fromFileName(file: string): { agency: string | null; year: number | null } {
  const own = fromName(path.basename(file, path.extname(file)));
  for (const folder of file.split('/').slice(0, -1).reverse()) {
    const named = fromName(folder.replace(/\.zip$/i, ''));
    if (own.agency === null && named.agency !== null && AGENCY_LIKE.test(named.agency)) own.agency = named.agency;
    if (own.year === null) own.year = named.year;
  }
  return own;
}

function fromName(name: string): { agency: string | null; year: number | null } {
  const base = name.normalize('NFKC');
  const year = yearIn(base);
  const rest = base.replace(FILE_NAME_WORDS, '').replace(/((?:19|20)\d{2})\s*年?(度)?/g, ' ').replace(FILE_NAME_PUNCTUATION, '');
  const agency = /\p{Script=Han}/u.test(rest) ? normalizeAgency(rest) : null;
  return { agency, year: year !== null && plausibleYear(year) ? year : null };
}

export function identify(grid: Grid, file: string, now: Date = new Date()): Identity {
  const content = fromContent(grid);
  const named = fromFileName(file);
  const issues: Issue[] = [];
  const out: Identity = { agency: null, year: null, issues };

  const agency = content.agencies[0];
  if (agency) {
    out.agency = agency.value;
    out.agencyRef = agency.ref;
    const other = content.agencies.find((a) => !sameAgency(a.value, agency.value));
    if (other) issues.push(makeIssue({ code: 'identity.conflict', field: 'agency', expected: agency.value, found: other.value, source: other.source }, other.ref));
    else if (named.agency && !sameAgency(named.agency, agency.value)) {
      issues.push(makeIssue({ code: 'identity.file_name', field: 'agency', expected: agency.value, found: named.agency }));
    }
  } else if (named.agency) out.agency = named.agency;
  else issues.push(makeIssue({ code: 'identity.missing', field: 'agency' }));

  const years = content.years.filter((y) => plausibleYear(y.value, now));
  const year = years[0];
  if (year) {
    out.year = year.value;
    out.yearRef = year.ref;
    const other = years.find((y) => y.value !== year.value);
    if (other) issues.push(makeIssue({ code: 'identity.conflict', field: 'year', expected: String(year.value), found: String(other.value), source: other.source }, other.ref));
    else if (named.year !== null && named.year !== year.value) {
      issues.push(makeIssue({ code: 'identity.file_name', field: 'year', expected: String(year.value), found: String(named.year) }));
    }
  } else if (named.year !== null) out.year = named.year;
  else {
    const implausible = content.years[0];
    issues.push(makeIssue({ code: 'identity.missing', field: 'year', found: implausible ? String(implausible.value) : undefined }, implausible?.ref));
  }
  return out;
}
