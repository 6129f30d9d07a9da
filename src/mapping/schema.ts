/** The shape of a mapping file (mappings/*.yaml), checked with zod when it is loaded. */
import { z } from 'zod';

// Operators read these messages: zod's own wording in Chinese.
z.config(z.locales.zhCN());

const label = z.string().trim().min(1, '标签不能为空');
const aliases = z.array(label).default([]);
const idPart = z.string().regex(/^[a-z_]+(\.[a-z_]+)?$/, 'id 只能由小写字母、下划线和一个点组成');

const column = z.strictObject({
  id: idPart,
  label,
  aliases,
  group: label.optional(),
});

const row = z.strictObject({
  id: z.string().regex(/^[a-z_]+$/, 'id 只能由小写字母和下划线组成'),
  label,
  aliases,
});

const block = z
  .strictObject({
    name: label,
    anchor: z.array(label).min(1),
    columns: z.array(column).min(1),
    rows: z.array(row).min(1).optional(),
    row_prefixes: z.array(label).default([]),
    combined_rows: z.array(row).default([]),
    data_row: z.literal('below_header').optional(),
  })
  .refine((b) => (b.rows === undefined) !== (b.data_row === undefined), {
    message: '每个块要么有 rows，要么有 data_row: below_header（二者只能有一个）',
  });

const table = z.strictObject({
  title: label,
  blocks: z.array(block).min(1),
});

export const mappingFileSchema = z.strictObject({
  format: z.enum(['2019', '2021']),
  version: z.number().int().positive(),
  name: label,
  tables: z.strictObject({ proactive: table, requests: table, appeals: table }),
});

export type MappingFile = z.infer<typeof mappingFileSchema>;
export type MappingBlock = z.infer<typeof block>;
