import * as fs from 'node:fs';
import * as XLSX from 'xlsx';
const rows: (number | string)[][] = [];
for (let r = 0; r < 220000; r++) rows.push([r, r * 2, `t${r}`, r % 7, r % 13, 'abc', r]);
const wb = XLSX.utils.book_new();
XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'S');
fs.writeFileSync('/tmp/big/big.xlsx', XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }));
