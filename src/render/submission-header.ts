/** The line that says whose report a file is, as every output that shows one file heads it (receipt, inspect, web). */
import { FORMAT_NAME, type Format } from '../model/canonical';

const UNKNOWN = '（未识别）';

export function submissionHeader(s: { agency: string | null; year: number | null; format: Format | null }): string {
  return `填报单位：${s.agency ?? UNKNOWN}    报告年度：${s.year ?? UNKNOWN}    格式：${s.format ? FORMAT_NAME[s.format] : UNKNOWN}`;
}
