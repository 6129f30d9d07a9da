/**
 * A log line as the clerk reads it on a terminal (`--verbose`): local time in the county's time zone, then one
 * Chinese sentence. The log files keep pino's JSON lines with English messages (for operators and tools); this is
 * the only place that words them. A message not listed here is shown as it is (a library's own, say).
 */
import { localTime } from './time';

type Entry = Record<string, unknown> & { msg?: string; time?: number; level?: number };

const STATUS: Record<string, string> = { accepted: '已采用', rejected: '已退回', superseded: '被替代' };
const LEVEL: Record<number, string> = { 20: '调试', 40: '注意', 50: '错误', 60: '严重错误' };

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));
const errorText = (err: unknown): string => text((err as { message?: unknown } | undefined)?.message ?? err);

/** Each log message of nianbao's own, in Chinese. */
const WORDS: Record<string, (e: Entry) => string> = {
  'inbox listed': (e) => `收件箱中有 ${text(e.ready)} 个文件待处理${Number(e.waiting) > 0 ? `，${text(e.waiting)} 个仍在复制，留待下次` : ''}`,
  recorded: (e) =>
    `已登记 ${text(e.file)}：${text(e.agency) || '（未识别单位）'} ${e.year === null ? '（未识别年度）' : `${text(e.year)} 年度`}，${STATUS[text(e.status)] ?? text(e.status)}（错误 ${text(e.errors)} 项，提醒 ${text(e.warnings)} 项）`,
  'already recorded; moved': (e) => `${text(e.file)} 与已登记的文件完全相同，移至 ${text(e.movedTo)}`,
  'changed while read; left for the next run': (e) => `${text(e.file)} 在读取时仍在变化，留待下次运行`,
  'recorded but not moved; held in the inbox': (e) => `${text(e.file)} 已登记，但未能移出收件箱（${errorText(e.err)}），下次运行再移`,
  'marked copy not written': (e) => `${text(e.file)} 已退回，但未能生成标注问题的副本（${errorText(e.err)}）；问题清单照常`,
  'reports filed again under the roster': (e) => `按名册重新归档了 ${text(e.refiled)} 份报表`,
  'run finished': (e) =>
    `运行完成：处理文件 ${text(e.seen)} 个，采用 ${text(e.accepted)}，退回 ${text(e.rejected)}，被替代 ${text(e.superseded)}，重复 ${text(e.duplicates)}${e.outputsRebuilt ? '；已更新汇总' : '；汇总无需更新'}`,
  'run interrupted': (e) => `运行被中止：已处理 ${text(e.seen)} 个文件中已读完的部分，其余留在收件箱`,
  'run failed': (e) => `运行失败：${errorText(e.err)}`,
  'scheduled run starting': () => '定时运行开始',
  'a run is still in progress: this one is skipped': () => '上一次运行还没有结束，本次定时运行跳过',
  'run failed; the schedule goes on': (e) => `本次运行失败（${errorText(e.err)}），定时任务继续`,
  'run not started': (e) => `未能开始运行：${errorText(e.err)}`,
  'schedule started': (e) => `定时任务已启动（${text(e.schedule)}，${text(e.timezone)}），下次运行：${text(e.next)}`,
  'schedule stopped': () => '定时任务已停止',
  serving: (e) => `网页服务已启动：${text(e.url)}`,
  upload: (e) => `收到上传：${text(e.savedAs) || '（未保存）'}，${STATUS[text(e.status)] ?? text(e.status)}`,
  'request failed': (e) => `网页请求出错（${text(e.url)}）：${errorText(e.err)}`,
};

/** `[2026-12-02 21:05:03] 注意：…` for one parsed log entry. */
export function logLineText(entry: Entry, timeZone: string): string {
  const when = typeof entry.time === 'number' ? `[${localTime(new Date(entry.time).toISOString(), timeZone)}] ` : '';
  const level = LEVEL[entry.level ?? 30];
  const words = WORDS[entry.msg ?? ''];
  return `${when}${level ? `${level}：` : ''}${words ? words(entry) : text(entry.msg)}`;
}
