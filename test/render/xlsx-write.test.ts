/**
 * The workbooks nianbao writes (xlsx-write.ts): the same content, the same bytes, whenever they are written.
 */
import { loadMappings } from '../../src/mapping/load';
import { formSheet } from '../../src/render/template';
import { workbookBytes } from '../../src/render/xlsx-write';
import { consistentValues } from '../fixtures/values';

afterEach(() => jest.useRealTimers());

test('a workbook written a day later has the same bytes (its zip entries carry a fixed date, not the time of writing)', async () => {
  const sheets = [formSheet(loadMappings()['2021'], { agency: '样例县', year: 2022, values: consistentValues('2021', 1) })];
  // only the clock is faked: the writer's streams run on real ticks
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'], now: new Date('2026-01-05T09:00:00Z') });
  const first = await workbookBytes(sheets);
  jest.setSystemTime(new Date('2026-01-06T17:31:07Z'));
  expect(new Date().toISOString()).toBe('2026-01-06T17:31:07.000Z');
  const second = await workbookBytes(sheets);
  expect(second.equals(first)).toBe(true);
});
