/** npm run docs: writes docs/数据说明.md from the model (scripts/data-docs.ts). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dataDocs, DOCS_FILE } from './data-docs';

fs.mkdirSync(path.dirname(DOCS_FILE), { recursive: true });
fs.writeFileSync(DOCS_FILE, dataDocs(fs.readFileSync(path.join(__dirname, '../README.md'), 'utf8')));
process.stdout.write(`wrote ${DOCS_FILE}\n`);
