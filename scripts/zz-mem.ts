import * as fs from 'node:fs';
import { readBytes } from '../src/read/read';
import { inspectGrid } from '../src/inspect';
import { loadMappings } from '../src/mapping/load';
const mappings = loadMappings();
const f = process.argv[3]!;
const rss = () => Math.round(process.memoryUsage().rss / 1048576);
console.log('start', rss());
const bytes = fs.readFileSync(f);
const r = readBytes(bytes, f);
console.log('read', rss(), r.ok, r.ok && r.grid.sheets.length);
if (r.ok) { inspectGrid(r.grid, f, { mappings }); console.log('inspect', rss()); }
