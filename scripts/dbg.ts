import { readFile } from '../src/read/read';
const r = readFile(process.argv[3]!, 20 * 1024 * 1024);
if (r.ok) for (const p of r.grid.prose ?? []) if (/\d/.test(p.text)) console.log(`[${p.ref ? p.ref.sheet + '!' + p.ref.cell : ''}] ${p.text}`);
