/**
 * The stages depend one way: no two folders of src/ (or top-level modules) import each other, directly. Type-only
 * imports count too: a tie in the types is a tie in the design.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const SRC = path.join(__dirname, '../src');

/** folder of src/ a file belongs to (a top-level module is its own) */
function unitOf(file: string): string {
  const relative = path.relative(SRC, file).split(path.sep);
  return relative.length > 1 ? relative[0]! : relative[0]!.replace(/\.(ts|js)$/, '');
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : /\.(ts|js)$/.test(e.name) ? [path.join(dir, e.name)] : []));
}

test('no two parts of src/ import each other', () => {
  const edges = new Set<string>();
  for (const file of sources(SRC)) {
    for (const [, specifier] of fs.readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
      const from = unitOf(file);
      const to = unitOf(path.resolve(path.dirname(file), specifier!));
      if (from !== to) edges.add(`${from} → ${to}`);
    }
  }
  expect(edges.size).toBeGreaterThan(20); // the scan sees the imports
  const both = [...edges].filter((e) => edges.has(e.split(' → ').reverse().join(' → '))).sort();
  expect(both).toEqual([]);
});

test('test/ mirrors src/: every folder of tests is a folder of src/ (fixtures and golden files apart)', () => {
  const TEST = __dirname;
  const folders = fs.readdirSync(TEST, { withFileTypes: true }).filter((e) => e.isDirectory() && !['fixtures', 'golden'].includes(e.name)).map((e) => e.name);
  expect(folders.length).toBeGreaterThan(5);
  for (const folder of folders) expect([folder, fs.existsSync(path.join(SRC, folder))]).toEqual([folder, true]);
});
