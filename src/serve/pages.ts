/**
 * The served pages, in Chinese: the overview (years, last runs), a year (报送情况 with each rejected file's issues,
 * the county totals laid out like the form, pictures, downloads), the upload form and its result, and errors.
 * Pure: view data in, HTML out.
 */
import type { Submission } from '../inspect';
import { issueMessage, issuePlace, SEVERITY_WORD, type Issue } from '../issues';
import type { RecordedSubmission, RunRecord } from '../ledger/ledger';
import type { Level } from '../config';
import { levelWords } from '../level-words';
import { offRosterNote, STATE_TEXT, type AgencyState } from '../roster-status';
import type { LayoutBlock } from '../render/form-layout';
import { localTime } from '../time';
import { outcomeText } from '../render/status-text';
import { esc, layoutTable, page } from '../render/html';
import { submissionHeader } from '../render/submission-header';

export interface Download {
  /** the file's name in outbox/<year>/ */
  file: string;
  /** the name it is downloaded under */
  title: string;
  size: number;
}

export interface YearView {
  county: string;
  /** 县, 区, 市, …: 全县合计 or 全市合计, and the kinds of unit at it */
  level: Level;
  timezone: string;
  year: string;
  rosterSize: number;
  agencies: AgencyState[];
  /** the rejected submissions of the year, newest first, with their issues */
  rejected: RecordedSubmission[];
  /** table 二, 三, 四 filled with the county totals (none when nothing is accepted yet) */
  totals: { formatName: string; tables: LayoutBlock[]; included: number } | null;
  charts: string[];
  downloads: Download[];
}

function issueLine(i: Issue): string {
  return `<li class="${i.severity}">${SEVERITY_WORD[i.severity]}　<span class="cell">${esc(issuePlace(i))}</span>　${esc(issueMessage(i))}</li>`;
}

/** The form that runs the consolidation now (shown when uploads are enabled: it takes the same token). */
function runForm(): string {
  return `<form method="post" action="/run" class="box">
<p>不等今晚：把收件箱中的报表立即检查、登记并更新汇总。</p>
<p><label>上传口令：<input type="password" name="token" required autocomplete="off"></label> <button type="submit">立即汇总</button></p>
</form>`;
}

export function runResultPage(county: string, status: number, text: string): string {
  const title = status === 200 ? '汇总完成' : '没有运行';
  return page(title, county, `<h2>${esc(title)}</h2><pre class="box">${esc(text)}</pre><p><a href="/">返回首页</a></p>`);
}

/** The latest year at a glance, for the home page. */
export interface YearGlance {
  year: string;
  rosterSize: number;
  accepted: number;
  rejected: string[];
  /** units of the roster that have sent nothing that was read */
  missing: string[];
  /** units that reported but are not on the roster (not counted) */
  offRoster: string[];
}

export interface OverviewView {
  county: string;
  timezone: string;
  latest: YearGlance | null;
  years: { year: string; accepted: number; rejected: number }[];
  runs: RunRecord[];
  canRun: boolean;
}

function glanceBox(g: YearGlance, lastRun: RunRecord | undefined, timezone: string): string {
  const link = `<a href="/year/${encodeURIComponent(g.year)}">${esc(g.year)} 年度</a>`;
  const counts = [
    `<span class="accepted">已采用 <b>${g.accepted}</b></span>`,
    `<span class="rejected">已退回 <b>${g.rejected.length}</b></span>`,
    ...(g.rosterSize ? [`<span class="missing">未报送 <b>${g.missing.length}</b></span>`, `<span class="off-roster">不在名册 <b>${g.offRoster.length}</b></span>`] : []),
  ];
  const missing = !g.rosterSize
    ? '<p>（未配置报送名册：所有单位都计入汇总，无法列出未报送的单位）</p>'
    : g.missing.length
      ? `<p class="missing-names">还未报送的单位（${g.missing.length} 个）：${esc(g.missing.join('、'))}</p>`
      : '<p>名册中的单位均已报送。</p>';
  const rejected = g.rejected.length ? `<p>已退回、待改正后重新报送：${esc(g.rejected.join('、'))}</p>` : '';
  const offRoster = g.offRoster.length ? `<p>不在名册中（未计入汇总）：${esc(g.offRoster.join('、'))}</p>` : '';
  const run = lastRun
    ? `<p>最近一次运行：${esc(localTime(lastRun.startedAt, timezone))}，${esc(outcomeText(lastRun))}（处理 ${lastRun.seen} 个文件，采用 ${lastRun.accepted}，退回 ${lastRun.rejected}）</p>`
    : '';
  return `<div class="box glance"><h2>${link}${g.rosterSize ? `（名册 ${g.rosterSize} 个单位）` : ''}</h2>
<p class="counts">${counts.join('　')}</p>
${missing}${rejected}${offRoster}${run}</div>`;
}

export function overviewPage(v: OverviewView): string {
  const { county, timezone, years, runs, canRun } = v;
  const yearRows = years.map((y) => `<tr><td><a href="/year/${encodeURIComponent(y.year)}">${esc(y.year)}</a></td><td class="n">${y.accepted}</td><td class="n">${y.rejected}</td></tr>`);
  const runRows = runs.map(
    (r) => `<tr><td class="n">${r.id}</td><td>${esc(localTime(r.startedAt, timezone))}</td><td>${esc(r.endedAt ? localTime(r.endedAt, timezone) : '—')}</td><td>${esc(outcomeText(r))}</td><td class="n">${r.seen}</td><td class="n">${r.accepted}</td><td class="n">${r.rejected}</td></tr>`,
  );
  const body = `${v.latest ? glanceBox(v.latest, runs[0], timezone) : ''}
<h2>各年度</h2>
${years.length ? `<table><tr><th>年度</th><th>已采用</th><th>已退回</th></tr>${yearRows.join('')}</table>` : '<p>登记簿中还没有报表。各单位可以在「上传报表」页面上传，或把文件放进收件箱后运行 nianbao run。</p>'}
<h2>最近的运行</h2>
${runs.length ? `<table><tr><th>次</th><th>开始</th><th>结束</th><th>结果</th><th>处理</th><th>采用</th><th>退回</th></tr>${runRows.join('')}</table>` : '<p>还没有运行过。</p>'}
${canRun ? runForm() : ''}`;
  return page('首页', county, body);
}

export function yearPage(v: YearView): string {
  const count = (state: string) => v.agencies.filter((a) => a.onRoster && a.state === state).length;
  const summary = v.rosterSize
    ? `<p>名册 ${v.rosterSize} 个单位：<span class="accepted">已采用 ${count('accepted')}</span>，<span class="rejected">已退回 ${count('rejected')}</span>，<span class="missing">未报送 ${count('missing')}</span></p>`
    : '<p>（未配置报送名册，所有单位都计入汇总）</p>';
  const rows = v.agencies.map((a) => {
    const s = a.submission;
    const note = v.rosterSize ? offRosterNote(a, v.rosterSize, v.level) : null;
    return `<tr><td>${esc(a.agency)}</td><td>${esc(levelWords(v.level).kind(a.kind))}</td><td class="${a.state}">${esc(STATE_TEXT[a.state])}</td><td>${esc(s?.fileName ?? '')}</td><td>${esc(s ? localTime(s.receivedAt, v.timezone) : '')}</td><td>${esc(note ?? '')}</td></tr>`;
  });
  const rejected = v.rejected.map(
    (s) => `<div class="box"><b>${esc(s.fileName)}</b>（${esc(s.agency ?? '单位未识别')}，${esc(localTime(s.receivedAt, v.timezone))}，错误 ${s.errors} 项）<ul>${s.issues.map(issueLine).join('')}</ul></div>`,
  );
  const totals = v.totals
    ? `<p>${esc(v.totals.formatName)}，合计 ${v.totals.included} 个单位已采用的报表。</p>${v.totals.tables.map((t) => layoutTable(t)).join('\n')}`
    : '<p>还没有已采用的报表。</p>';
  const downloads = v.downloads.map(
    (d) => `<li><a href="/download/${encodeURIComponent(v.year)}/${encodeURIComponent(d.file)}">${esc(d.title)}</a>（${esc(d.file)}，${(d.size / 1024).toFixed(1)} KB）</li>`,
  );
  const body = `<h2>${esc(v.year)} 年度报送情况</h2>
${summary}
<table><tr><th>单位</th><th>类别</th><th>状态</th><th>文件</th><th>收到时间</th><th>说明</th></tr>${rows.join('')}</table>
<h2>退回的文件及问题</h2>
${rejected.length ? rejected.join('\n') : '<p>没有退回的文件。</p>'}
<h2>${levelWords(v.level).whole}合计</h2>
${totals}
<h2>图示</h2>
${v.charts.join('\n')}
<h2>下载</h2>
${downloads.length ? `<ul>${downloads.join('')}</ul>` : '<p>还没有生成汇总文件（运行一次 nianbao run 后即有）。</p>'}`;
  return page(`${v.year} 年度`, v.county, body);
}

export type UploadOutcome =
  | { kind: 'saved'; savedAs: string; submission: Omit<Submission, 'values'> }
  | { kind: 'refused'; status: number; reason: string; submission?: Omit<Submission, 'values'> };

/** Every kind of file nianbao reads, as the upload page lists them. */
export const READABLE_KINDS = 'Excel 工作簿（.xlsx、.xlsm、.xls）、WPS 表格（.et）、LibreOffice 表格（.ods）、Excel 2003 XML、CSV（.csv，UTF-8 或 GBK）、Word（.docx、.doc）、WPS 文字（.wps）、PDF（.pdf，带文字的）、保存的网页（.html、.htm）、复制出来的年报文本（.txt）';

export function uploadPage(county: string, enabled: boolean, maxMB: number, outcome?: UploadOutcome): string {
  const form = enabled
    ? `<form method="post" action="/upload" enctype="multipart/form-data">
<p><label>上传口令：<input type="password" name="token" required autocomplete="off"></label></p>
<p><label>报表文件：<input type="file" name="file" required></label>（不超过 ${maxMB} MB）</p>
<p class="kinds">能读取的文件：${esc(READABLE_KINDS)}。压缩包请解压后逐个上传（或交给政务公开联络员放入收件箱，zip 会自动解开）。</p>
<p><button type="submit">上传并检查</button></p>
</form>`
    : '<p class="warning">本服务为只读：nianbao.config.json 中没有设置上传口令（uploadToken），不能上传。请把文件交给政务公开联络员。</p>';
  let result = '';
  if (outcome?.kind === 'refused') {
    result = `<div class="box"><p class="error">未接收：${esc(outcome.reason)}</p>${outcome.submission ? `<ul>${outcome.submission.issues.map(issueLine).join('')}</ul>` : ''}</div>`;
  } else if (outcome?.kind === 'saved') {
    const s = outcome.submission;
    const verdict = s.status === 'valid'
      ? '<p class="ok">检查通过。文件已放入收件箱，今晚汇总时采用。</p>'
      : '<p class="error">检查未通过：文件已放入收件箱，但今晚汇总时会被退回。请按下列问题改正后重新上传。</p>';
    result = `<div class="box">${verdict}
<p>收件箱中的文件名：${esc(outcome.savedAs)}</p>
<p class="header">${esc(submissionHeader(s))}</p>
${s.issues.length ? `<ul>${s.issues.map(issueLine).join('')}</ul>` : '<p>没有发现问题。</p>'}</div>`;
  }
  return page('上传报表', county, `<h2>上传报表</h2>\n${result}\n${form}`);
}

export function messagePage(county: string, title: string, message: string): string {
  return page(title, county, `<h2>${esc(title)}</h2><p>${esc(message)}</p><p><a href="/">返回首页</a></p>`);
}
