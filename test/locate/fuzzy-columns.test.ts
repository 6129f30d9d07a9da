/**
 * Column headers printed with a typo (issue 28 §3) are read like row labels with one: bound to the one column of the
 * block unambiguously closest, with layout.label_fuzzy at the header; a header about as close to two columns binds
 * neither. In workbooks, pages and PDFs.
 */
import { inspectBytes } from '../../src/inspect';
import { issueMessage } from '../../src/issues';
import { formLayout, formTables, type LayoutBlock } from '../../src/render/form-layout';
import { renderReport } from '../fixtures/formats';
import { renderPdf } from '../fixtures/pdf';
import { consistentValues } from '../fixtures/values';
import { mappings } from '../fixtures/workbook';

const values = consistentValues('2021', 7);
const KINDS = ['xlsx', 'html', 'pdf'] as const;

/** The form's tables with headers of 表二's first block printed otherwise (from → to). */
function tables(relabel: Record<string, string>): LayoutBlock[] {
  const all = formTables(formLayout(mappings['2021'], { values }));
  const first = { ...all[0]!, rows: all[0]!.rows.map((row) => row.map((v) => (typeof v === 'string' && relabel[v] ? relabel[v] : v))) };
  for (const to of Object.values(relabel)) expect(JSON.stringify(first)).toContain(to);
  return [first, ...all.slice(1)];
}

async function read(kind: (typeof KINDS)[number], relabel: Record<string, string>) {
  const t = tables(relabel);
  const bytes =
    kind === 'pdf'
      ? await renderPdf({ agency: '东风镇人民政府', year: 2022, compiledBy: '东风镇人民政府办公室', tables: t })
      : renderReport({ title: '东风镇人民政府2022年政府信息公开工作年度报告', compiledBy: '东风镇人民政府办公室', year: 2022, tables: t }, kind);
  return inspectBytes(bytes, `年报.${kind}`, { mappings });
}

test.each(KINDS)('%s: 「先行有效件数」 is read as 现行有效件数, with a warning at the header', async (kind) => {
  const s = await read(kind, { 现行有效件数: '先行有效件数' });
  expect([s.status, s.issues.filter((i) => i.severity === 'error')]).toEqual(['valid', []]);
  expect(s.values).toEqual(values);
  const fuzzy = s.issues.filter((i) => i.code === 'layout.label_fuzzy');
  expect(fuzzy.map((i) => issueMessage(i))).toEqual(['表二的列名「先行有效件数」与标准格式不完全相同，按最接近的「现行有效件数」读取，请核对']);
  expect(fuzzy[0]!.cell).not.toBeNull();
});

test.each(KINDS)('%s: 「本年废发件数」 and 「本年制止件数」, each as close to 本年制发件数 as to 本年废止件数, name neither: never a number in another column', async (kind) => {
  const s = await read(kind, { 本年制发件数: '本年废发件数', 本年废止件数: '本年制止件数' });
  expect(s.issues.map((i) => i.code)).not.toContain('layout.label_fuzzy');
  for (const [id, value] of Object.entries(values)) expect([value, null]).toContain(s.values[id]);
  if (kind !== 'pdf') expect(s.issues.filter((i) => i.severity === 'error').map((i) => [i.code, issueMessage(i)])).toContainEqual(['layout.missing', '未找到表二「第二十条第（一）项」中的列「本年制发件数」，请按标准格式填写']);
  if (kind !== 'pdf') expect(s.values['proactive.rules.issued']).toBeNull();
});
