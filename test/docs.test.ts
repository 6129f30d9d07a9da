/**
 * The data contract travels with the project (issue 15 §6): docs/数据说明.md is generated from the model and is
 * committed as generated (regenerate deliberately with `npm run docs`); the README links to it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COLUMN_MEANING, dataDocs, DOCS_FILE } from '../scripts/data-docs';
import { SEVERITY } from '../src/issues';
import { CANONICAL, FORMATS } from '../src/model/canonical';
import { BY_AGENCY_LEAD, ISSUES_HEADER, SUBMISSIONS_HEADER, SUMMARY_HEADER, VALUES_HEADER } from '../src/render/year-outputs';

const README = fs.readFileSync(path.join(__dirname, '../README.md'), 'utf8');

test('docs/数据说明.md is what the model makes (run npm run docs after changing ids, columns or codes)', () => {
  expect(fs.readFileSync(DOCS_FILE, 'utf8')).toBe(dataDocs(README));
});

test('it names every canonical id, every CSV column with its meaning, every issue code; the README links to it', () => {
  const docs = fs.readFileSync(DOCS_FILE, 'utf8');
  for (const format of FORMATS) for (const c of CANONICAL[format]) expect(docs).toContain(`| \`${c.id}\` |`);
  for (const column of [...VALUES_HEADER, ...SUMMARY_HEADER, ...SUBMISSIONS_HEADER, ...ISSUES_HEADER, ...BY_AGENCY_LEAD]) {
    expect([column, COLUMN_MEANING[column]]).toEqual([column, expect.stringMatching(/\S/)]);
  }
  for (const code of Object.keys(SEVERITY)) expect(docs).toMatch(new RegExp(`\`${code.replace(/\./g, '\\.')}\`[^\\n]*\\| (错误|提醒) \\| \\S`));
  expect(README).toContain('](docs/数据说明.md)');
});
