/**
 * End to end in headless Chromium (issue 6 §5): a township opens the page, uploads a workbook with a mistake, sees
 * its issues; an analyst downloads a CSV. Chromium is the Debian package (.ci/run installs it), driven by
 * playwright-core.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { loadConfig } from '../../src/config';
import { silentLog } from '../../src/log';
import { startServer, type Served } from '../../src/serve/server';
import { makeCounty, ROSTER, type County } from '../fixtures/county';
import { mappings } from '../fixtures/workbook';

const CHROMIUM = '/usr/bin/chromium';
const TOKEN = 'e2e-token-123456';

let county: County;
let served: Served;
let browser: Browser;

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  county = makeCounty({ county: '样例县', roster: ROSTER, uploadToken: TOKEN });
  county.drop('八道壕镇.xlsx', county.report('八道壕镇', 2022, {}, 1), '2023-01-05T01:00:00Z');
  expect((await county.run()).code).toBe(0);
  served = await startServer({ outbox: county.outbox, inbox: county.inbox, config: loadConfig(path.join(county.dir, 'nianbao.config.json'), true), mappings, log: silentLog, host: '127.0.0.1', port: 0 });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 60000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
  county?.cleanup();
});

test('a township uploads a workbook and sees its issues; the coordinator consolidates at once; an analyst downloads a CSV', async () => {
  const page = await browser.newPage({ acceptDownloads: true });
  await page.goto(served.url);
  await page.getByRole('link', { name: '上传报表' }).click();
  await page.getByLabel('上传口令：').fill(TOKEN);
  const workbook = path.join(county.dir, '东风镇2022.xlsx');
  fs.writeFileSync(workbook, county.report('东风镇', 2022, { 'requests.new.total': 999 }, 2));
  await page.getByLabel('报表文件：').setInputFiles(workbook);
  await page.getByRole('button', { name: '上传并检查' }).click();
  await page.waitForURL(`${served.url}/upload`);
  const result = await page.locator('.box').innerText();
  expect(result).toContain('检查未通过');
  expect(result).toContain('填报单位：东风镇    报告年度：2022    格式：2021年版格式'); // the receipt's and inspect's header line
  expect(result).toMatch(/错误　年度报告!J24　表三「一、本年新收政府信息公开申请数量」行「总计」应为 \d+（前六列之和），实为 999/);
  expect(fs.existsSync(path.join(county.inbox, '东风镇2022.xlsx'))).toBe(true);

  // the coordinator does not wait for the night: 立即汇总
  await page.goto(served.url);
  await page.getByLabel('上传口令：').fill(TOKEN);
  await page.getByRole('button', { name: '立即汇总' }).click();
  await page.waitForURL(`${served.url}/run`);
  expect(await page.locator('pre').innerText()).toContain('本次处理文件 1 个：采用 0，退回 1');

  await page.goto(served.url);
  await page.getByRole('link', { name: '2022', exact: true }).click();
  await page.waitForURL(`${served.url}/year/2022`);
  expect(await page.locator('svg').count()).toBe(1); // one year: no year-over-year comparison
  expect(await page.locator('.box').first().innerText()).toMatch(/东风镇2022\.xlsx（东风镇，.*错误 2 项）/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '样例县2022年度数值明细.csv' }).click()]);
  expect(download.suggestedFilename()).toBe('样例县2022年度数值明细.csv');
  const saved = await download.path();
  expect(fs.readFileSync(saved).equals(fs.readFileSync(path.join(county.outbox, '2022/values.csv')))).toBe(true);
  await page.close();
}, 60000);

test('the home page shows the latest year at a glance; the year page offers the draft; the upload page lists what is read', async () => {
  const page = await browser.newPage({ acceptDownloads: true });
  await page.goto(served.url);
  const glance = await page.locator('.glance').innerText();
  expect(glance).toMatch(/^2022 年度（名册 5 个单位）/);
  expect(glance).toMatch(/已采用 \d+　已退回 \d+　未报送 \d+　不在名册 0/);
  expect(glance).toMatch(/还未报送的单位（\d 个）：.*西湖街道、南山乡、县教育局/);
  expect(glance).toContain('最近一次运行：');
  await page.getByRole('link', { name: '2022 年度' }).click();
  await page.waitForURL(`${served.url}/year/2022`);
  for (const [title, file] of [['样例县2022年度政府信息公开工作年度报告（草稿）.docx', 'county-report-draft.docx'], ['样例县2022年度政府信息公开工作年度报告（草稿）.html', 'county-report-draft.html']]) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: title }).click()]);
    expect(download.suggestedFilename()).toBe(title);
    expect(fs.readFileSync(await download.path()).equals(fs.readFileSync(path.join(county.outbox, '2022', file!)))).toBe(true);
  }
  await page.goto(`${served.url}/upload`);
  const kinds = await page.locator('.kinds').innerText();
  for (const kind of ['.xlsx', '.xls', '.et', '.ods', '.csv', 'Word（.docx、.doc）', '.wps', 'PDF', '.html', '.txt']) expect(kinds).toContain(kind);
  await page.close();
}, 60000);
