import * as fs from 'node:fs';
import * as XLSX from 'xlsx';
const wb = XLSX.read(fs.readFileSync('/tmp/big/big.xlsx'), { type: 'buffer', dense: true, cellText: false, cellHTML: false, sheetRows: 2000 });
const ws = wb.Sheets['S']!;
console.log(ws['!ref'], ws['!fullref'], Math.round(process.memoryUsage().rss / 1048576));
