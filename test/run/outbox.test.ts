import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FileContent } from '../../src/render/year-outputs';
import { OutboxError, writeOutputs } from '../../src/run/outbox';

let outbox: string;
beforeEach(() => {
  outbox = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-outbox-'));
  fs.mkdirSync(path.join(outbox, '2022'));
  fs.writeFileSync(path.join(outbox, '2022', 'values.csv'), 'head\r\nrow 1\r\n');
  fs.writeFileSync(path.join(outbox, '2022', 'old.csv'), 'old');
});
afterEach(() => fs.rmSync(outbox, { recursive: true, force: true }));

const live = () => path.join(outbox, '2022', 'values.csv');

test('a file extended at its end keeps its bytes where they are (no copy of a 400 MB values.csv); the other files are replaced', async () => {
  const inode = fs.statSync(live()).ino;
  await writeOutputs(outbox, ['2022'], () => new Map<string, FileContent>([
    ['values.csv', { extend: live(), append: (write) => write('row 2\r\n') }],
    ['new.csv', Buffer.from('new')],
  ]), () => '{}');
  expect(fs.readFileSync(live(), 'utf8')).toBe('head\r\nrow 1\r\nrow 2\r\n');
  expect(fs.statSync(live()).ino).toBe(inode);
  expect(fs.readdirSync(path.join(outbox, '2022')).sort()).toEqual(['new.csv', 'values.csv']);
  expect(fs.readdirSync(outbox).sort()).toEqual(['.built-from', '2022']);
});

test('a write that fails while extending (a full disk): the file in place is cut back, the old outputs stay', async () => {
  const writing = writeOutputs(outbox, ['2022'], () => new Map<string, FileContent>([
    ['new.csv', Buffer.from('new')],
    ['values.csv', { extend: live(), append: (write) => {
      write('row 2\r\nrow');
      throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    } }],
  ]), () => '{}');
  await expect(writing).rejects.toThrow(OutboxError);
  await expect(writing).rejects.toThrow(/磁盘空间已满/);
  expect(fs.readFileSync(live(), 'utf8')).toBe('head\r\nrow 1\r\n');
  expect(fs.readdirSync(path.join(outbox, '2022')).sort()).toEqual(['old.csv', 'values.csv']);
  expect(fs.readdirSync(outbox)).toEqual(['2022']);
});
