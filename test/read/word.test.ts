/**
 * Word files the test makes with the `docx` package (issue 12 §5): a report as Word writes it — a title paragraph,
 * prose, and the three tables with merged cells (gridSpan across, vMerge down). Read to every value, placed as
 * table<N>!A1 with the merges expanded, the agency and year from the title.
 */
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { inspectBytes } from '../../src/inspect';
import { CANONICAL, FORMATS, SUBTOTAL_CELLS, type Format } from '../../src/model/canonical';
import { docxTable } from '../../src/render/draft';
import { formLayout, formTables } from '../../src/render/form-layout';
import { consistentValues } from '../fixtures/values';
import { mappings } from '../fixtures/workbook';

function wordReport(format: Format, values: Record<string, number>, title: string): Promise<Buffer> {
  const tables = formTables(formLayout(mappings[format], { values }));
  const children = [
    new Paragraph({ children: [new TextRun({ text: title, bold: true })] }),
    new Paragraph({ children: [new TextRun('本报告根据《中华人民共和国政府信息公开条例》要求编制。')] }),
    ...tables.flatMap((t) => [docxTable(t), new Paragraph('')]),
  ];
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

test.each(FORMATS)('format %s written by Word: every value read, each at its table and cell, identity from the title', async (format) => {
  const values = consistentValues(format, 12);
  const year = format === '2019' ? 2020 : 2023;
  const s = inspectBytes(await wordReport(format, values, `东风镇人民政府${year}年政府信息公开工作年度报告`), '年报.docx', { mappings });
  expect([s.agency, s.year, s.format]).toEqual(['东风镇', year, format]);
  // format 2019 prints no unit for 采购总金额 (a warning), nothing else is said
  expect(s.issues.map((i) => i.code)).toEqual(format === '2019' ? ['value.unit_assumed'] : []);
  expect(s.values).toEqual(values);
  const derived = new Set(SUBTOTAL_CELLS[format].map((c) => c.id));
  for (const c of CANONICAL[format]) if (!derived.has(c.id)) expect([c.id, s.provenance[c.id]?.sheet]).toEqual([c.id, expect.stringMatching(/^table[123]$/)]);
  // 表三 is the second table; its label columns are merged across three grid columns: 自然人 is D, the first row 5
  expect(s.provenance['requests.new.natural']).toMatchObject({ sheet: 'table2', cell: 'D5' });
  // 表四's values sit in the fifth row, under the merged two-level header
  expect(s.provenance['appeals.review.upheld']).toMatchObject({ sheet: 'table3', cell: 'A5' });
});
