import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inspectBytes } from '../../src/inspect';
import { execFileSync } from 'node:child_process';
import { checkMappings, DEFAULT_MAPPINGS_DIR, loadMappings, readMapping } from '../../src/mapping/load';
import { MappingError } from '../../src/mapping/mapping';
import { stripLabelNotes, normalizeLabel } from '../../src/mapping/label';
import { consistentValues } from '../fixtures/values';
import { ARRANGEMENTS, buildSheets } from '../fixtures/workbook';
import { workbookBytes } from '../fixtures/workbook';

const original = fs.readFileSync(path.join(DEFAULT_MAPPINGS_DIR, 'format-2021.yaml'), 'utf8');
/** 1-based line of the shipped file that holds `text` */
const lineOf = (text: string) => original.split('\n').findIndex((l) => l.includes(text)) + 1;

function brokenMessage(text: string): string {
  try {
    readMapping('format-2021.yaml', text);
  } catch (error) {
    expect(error).toBeInstanceOf(MappingError);
    return (error as Error).message;
  }
  throw new Error('no error');
}

// [description, edit of the real mapping file, what the message must say]
test.each([
  ['a YAML syntax error', (t: string) => t.replace('tables:', 'tables: [\n'), /format-2021\.yaml 有误（第 \d+ 行）：YAML 语法错误/],
  ['an unknown key', (t: string) => t.replace('{ id: issued, label: 本年制发件数', '{ id: issued, lable: 本年制发件数'), new RegExp(`format-2021\\.yaml 有误（第 ${lineOf('{ id: issued,')} 行，tables\\.proactive\\.blocks\\.0\\.columns\\.0\\.label）：`)],
  ['an id not in the canonical model', (t: string) => t.replace('{ id: licensing, label: 行政许可 }', '{ id: licencing, label: 行政许可 }'), /proactive\.licencing\.decisions 不是格式 2021 的规范编号/],
  ['an id mapped nowhere', (t: string) => t.replace(/\s+- &row_carried_out \{ id: carried_out, label: 四、结转下年度继续办理 \}/, ''), /没有映射：requests\.carried_out\.natural/],
  ['an empty label', (t: string) => t.replace('label: 行政处罚', 'label: ""'), new RegExp(`第 ${lineOf('label: 行政处罚')} 行，tables\\.proactive\\.blocks\\.2\\.rows\\.0\\.label）：标签不能为空`)],
])('a mapping file with %s is refused, naming the file and the place', (_d, edit, message) => {
  expect(brokenMessage(edit(original))).toMatch(message);
});

test('the shipped mappings load', () => {
  const m = loadMappings();
  expect([m['2019'].labels.size, m['2021'].labels.size]).toEqual([198, 207]);
});

describe('mapping files checked at build time', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-checked-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const sources = (m: ReturnType<typeof loadMappings>) => JSON.stringify([m['2019'].source, m['2021'].source]);

  test('an unchanged file is compiled from the record, without the YAML parser or zod, into the same mapping', () => {
    const record = path.join(dir, 'checked.json');
    fs.writeFileSync(record, JSON.stringify(checkMappings()));
    const script = `
      require('./src/register.js');
      const { loadMappings } = require('./src/mapping/load.ts');
      const m = loadMappings(undefined, JSON.parse(require('fs').readFileSync(${JSON.stringify(record)}, 'utf8')));
      const loaded = Object.keys(require.cache).filter((f) => /node_modules[\\/](yaml|zod)[\\/]/.test(f)).length;
      process.stdout.write(JSON.stringify([loaded, [m['2019'].source, m['2021'].source], m['2021'].labels.size]));
    `;
    const [loaded, compiled, labels] = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: path.join(__dirname, '../..'), encoding: 'utf8' })) as [number, unknown, number];
    expect([loaded, JSON.stringify(compiled), labels]).toEqual([0, sources(loadMappings(DEFAULT_MAPPINGS_DIR, {})), 207]);
  });

  test('a file changed after the build is parsed and checked: an added alias is read, a mistake refused', () => {
    const checked = checkMappings();
    const edited = path.join(dir, 'edited');
    fs.mkdirSync(edited);
    fs.copyFileSync(path.join(DEFAULT_MAPPINGS_DIR, 'format-2019.yaml'), path.join(edited, 'format-2019.yaml'));
    fs.writeFileSync(path.join(edited, 'format-2021.yaml'), original.replace('label: 行政处罚', 'label: 行政处罚, aliases: [行政处罚决定]'));
    expect(loadMappings(edited, checked)['2021'].labelSet.has('行政处罚决定')).toBe(true);
    fs.writeFileSync(path.join(edited, 'format-2021.yaml'), original.replace('label: 行政处罚', 'label: ""'));
    expect(() => loadMappings(edited, checked)).toThrow(/format-2021\.yaml 有误.*标签不能为空/);
  });
});

test('adding a label alias to a mapping file needs no code change', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-mapping-'));
  try {
    fs.copyFileSync(path.join(DEFAULT_MAPPINGS_DIR, 'format-2019.yaml'), path.join(dir, 'format-2019.yaml'));
    fs.writeFileSync(path.join(dir, 'format-2021.yaml'), original.replace('{ id: penalty, label: 行政处罚 }', '{ id: penalty, label: 行政处罚, aliases: [行政处罚决定] }'));
    const values = consistentValues('2021');
    const sheets = buildSheets({ format: '2021', agency: '甲镇', year: 2022, values }, ARRANGEMENTS.official!);
    sheets[0]!.rows = sheets[0]!.rows.map((row) => row.map((v) => (v === '行政处罚' ? '行政处罚决定' : v)));
    const bytes = workbookBytes(sheets);
    expect(inspectBytes(bytes, 'a.xlsx', { mappings: loadMappings() }).values['proactive.penalty.decisions']).toBeNull();
    expect(inspectBytes(bytes, 'a.xlsx', { mappings: loadMappings(dir) }).values['proactive.penalty.decisions']).toBe(values['proactive.penalty.decisions']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.each([
  ['本年新\n制作数量', '本年新制作数量'],
  ['(二)部分公开(区分处理的,只计这一情形,不计其他情形)', '(二)部分公开(区分处理的,只计这一情形,不计其他情形)'],
  ['3.危及“三安全一稳定”', '3.危及三安全一稳定'],
  ['1、属于国家秘密', '1.属于国家秘密'],
  ['（本列数据的钩稽关系为：…）', '(本列数据的勾稽关系为:...)'],
  ['本年增／减', '本年增/减'],
])('normalizeLabel(%j) = %j', (text, expected) => expect(normalizeLabel(text)).toBe(expected));

test.each([
  ['规章(全区机关均无制定规章的权限)', '规章'],
  ['本年(2023)制发件数', '本年制发件数'],
  ['本年增/减(指2019年增加或减少的事项数,减用负值表示,如-8)', '本年增/减'],
  ['(本列数据的勾稽关系为:…)', '(本列数据的勾稽关系为:…)'],
])('stripLabelNotes(%j) = %j', (text, expected) => expect(stripLabelNotes(text)).toBe(expected));
