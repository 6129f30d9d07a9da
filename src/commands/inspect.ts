/** `nianbao inspect 文件`: one file read and checked, in words or as the SPEC's JSON object. */
import * as path from 'node:path';
import { inspectFile, type Submission } from '../inspect';
import { loadMappings } from '../mapping/load';
import { shownIssue } from '../issues';
import { DEFAULT_MAX_FILE_BYTES } from '../read/read';
import { renderExplainText } from '../render/explain-text';
import { renderInspectText } from '../render/inspect-text';
import { UsageError, type CliIo } from './io';
import { parseCommandArgs } from './args';

export function command(args: string[], io: CliIo): number {
  const { values, positionals } = parseCommandArgs('inspect', args);
  const maxMb = values['max-size'] === undefined ? DEFAULT_MAX_FILE_BYTES / 1024 / 1024 : Number(values['max-size']);
  if (!Number.isFinite(maxMb) || maxMb <= 0) throw new UsageError(`--max-size 应为正数（MB），实为「${values['max-size']}」`);
  const mappings = loadMappings();
  const file = path.resolve(io.cwd, positionals[0]!);
  const submission = inspectFile(file, { mappings, maxBytes: Math.round(maxMb * 1024 * 1024) });
  if (values.json) {
    // --explain adds the lineage to the SPEC object under its own key
    const json = values.explain ? { ...inspectJson(submission), provenance: submission.provenance } : inspectJson(submission);
    io.stdout(`${JSON.stringify(json)}\n`);
  } else {
    io.stdout(renderInspectText(submission, mappings));
    if (values.explain) io.stdout(`\n${renderExplainText(submission, mappings)}`);
  }
  return submission.status === 'valid' ? 0 : submission.status === 'invalid' ? 1 : 2;
}

/** The `inspect --json` object of SPEC §2, and nothing else. */
function inspectJson(s: Submission) {
  return {
    file: s.file,
    agency: s.agency,
    year: s.year,
    format: s.format,
    status: s.status,
    values: s.values,
    issues: s.issues.map(shownIssue),
  };
}
