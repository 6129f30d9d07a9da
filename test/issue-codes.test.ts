/**
 * The issue codes are defined once (src/issues.ts SEVERITY); the README's codes tables name every one of them, no
 * other, with the same severity (issue 14 §3).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SEVERITY } from '../src/issues';

const README = fs.readFileSync(path.join(__dirname, '../README.md'), 'utf8');
const WORD = { error: '错误', warning: '提醒' } as const;

/** Rows of the README's tables whose first cell names issue codes: code → severity word. */
function documented(): Map<string, string> {
  const codes = new Map<string, string>();
  for (const line of README.split('\n')) {
    const row = /^\| (`[a-z_]+\.[a-z_.]+`(?: \/ `[a-z_]+\.[a-z_.]+`)*) \| (错误|提醒) \|/.exec(line);
    if (!row) continue;
    for (const code of row[1]!.match(/`([^`]+)`/g)!) codes.set(code.slice(1, -1), row[2]!);
  }
  return codes;
}

test('every issue code is in the README with its severity, and the README names no other', () => {
  const inReadme = documented();
  expect([...inReadme.keys()].sort()).toEqual(Object.keys(SEVERITY).sort());
  for (const [code, severity] of Object.entries(SEVERITY)) expect([code, inReadme.get(code)]).toEqual([code, WORD[severity]]);
});
