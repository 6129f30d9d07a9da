/**
 * `nianbao serve` over HTTP (issue 6): pages, downloads with Chinese names, uploads checked at once, and safety —
 * against a server started on a random port over a county that has run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_NAME_BYTES } from '../../src/run/inbox';
import { runCli } from '../../src/cli';
import { loadConfig } from '../../src/config';
import { silentLog } from '../../src/log';
import { contentDisposition, startServer, type Served } from '../../src/serve/server';
import { makeCounty, ROSTER, type County } from '../fixtures/county';
import { mappings } from '../fixtures/workbook';

const TOKEN = 'token-for-tests-0001';

async function serve(county: County): Promise<Served> {
  const config = loadConfig(path.join(county.dir, 'nianbao.config.json'), true);
  return startServer({ outbox: county.outbox, inbox: county.inbox, config, mappings, log: silentLog, host: '127.0.0.1', port: 0 });
}

async function preparedCounty(config: object = { county: '样例县', roster: ROSTER, uploadToken: TOKEN }): Promise<County> {
  const county = makeCounty(config);
  county.drop('八道壕镇.xlsx', county.report('八道壕镇人民政府', 2022, {}, 1), '2023-01-05T01:00:00Z');
  county.drop('东风镇.xlsx', county.report('东风镇', 2022, { 'requests.new.total': 999 }, 2), '2023-01-05T02:00:00Z');
  county.drop('南山乡2021.xlsx', county.report('南山乡', 2021, {}, 3), '2023-01-05T03:00:00Z');
  expect((await county.run()).code).toBe(0);
  return county;
}

function upload(url: string, token: string, name: string, bytes: Buffer): Promise<Response> {
  const form = new FormData();
  form.append('token', token);
  form.append('file', new Blob([bytes]), name);
  return fetch(`${url}/upload`, { method: 'POST', body: form });
}

test('立即汇总: with the token, the inbox (uploads included) is consolidated at once; a wrong token runs nothing', async () => {
  const county = await preparedCounty();
  const served = await serve(county);
  try {
    expect(await (await fetch(served.url)).text()).toContain('<button type="submit">立即汇总</button>');
    await upload(served.url, TOKEN, '西湖街道.xlsx', county.report('西湖街道办事处', 2022, {}, 5));
    const post = (token: string) => fetch(`${served.url}/run`, { method: 'POST', body: new URLSearchParams({ token }) });
    const refused = await post('not-the-token');
    expect(refused.status).toBe(403);
    expect(fs.existsSync(path.join(county.inbox, '西湖街道.xlsx'))).toBe(true);
    const done = await post(TOKEN);
    expect(done.status).toBe(200);
    const text = await done.text();
    expect(text).toContain('本次处理文件 1 个：采用 1，退回 0，被替代 0，重复 0。');
    expect(text).toContain('2022 年度：已采用 2 个单位，已退回 1 个单位，未报送 2 个：南山乡、县教育局');
    expect(fs.existsSync(path.join(county.dir, 'archive/2022/西湖街道/西湖街道.xlsx'))).toBe(true);
  } finally {
    await served.close();
    county.cleanup();
  }
});

describe('a served county', () => {
  let county: County;
  let served: Served;
  beforeAll(async () => {
    county = await preparedCounty();
    served = await serve(county);
  });
  afterAll(async () => {
    await served.close();
    county.cleanup();
  });

  test('every response carries the security headers; pages are Chinese HTML', async () => {
    for (const url of ['/', '/year/2022', '/upload', '/style.css', '/nope']) {
      const response = await fetch(`${served.url}${url}`);
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
    const home = await (await fetch(served.url)).text();
    expect(home).toContain('<html lang="zh-CN">');
    expect(home).toMatch(/<a href="\/year\/2022">2022<\/a><\/td><td class="n">1<\/td><td class="n">1<\/td>/);
  });

  test('the year page: 报送情况, each rejected file with its issues and cells, the totals laid out like the form, pictures, downloads', async () => {
    const html = await (await fetch(`${served.url}/year/2022`)).text();
    expect(html).toContain('名册 5 个单位：<span class="accepted">已采用 1</span>，<span class="rejected">已退回 1</span>，<span class="missing">未报送 3</span>');
    expect(html).toMatch(/<tr><td>八道壕镇<\/td><td>乡镇（街道）<\/td><td class="accepted">已采用<\/td><td>八道壕镇\.xlsx<\/td>/);
    expect(html).toMatch(/<tr><td>南山乡<\/td><td>乡镇（街道）<\/td><td class="missing">未报送<\/td>/);
    expect(html).toMatch(/<b>东风镇\.xlsx<\/b>.*<li class="error">错误　<span class="cell">年度报告!J\d+<\/span>　表三「一、本年新收政府信息公开申请数量」行「总计」应为 \d+（前六列之和），实为 999<\/li>/s);
    // the form's own layout: 表三's header with its merged cells, and a total
    expect(html).toContain('<td rowspan="3" colspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td>');
    const valuesCsv = county.read('outbox/2022/county-summary.csv');
    const newTotal = /requests\.new\.total,[^\r\n]*?,(\d+),1\r\n/.exec(valuesCsv)![1];
    expect(html).toMatch(new RegExp(`<td colspan="3">一、本年新收政府信息公开申请数量</td>(<td class="n">\\d+</td>){6}<td class="n">${newTotal}</td>`));
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain('<title>2022年度 各单位收到的申请（按办理结果）</title>');
    expect(html).toContain('<title>全县合计 历年对比</title>');
    expect(html).toContain('<a href="/download/2022/values.csv">样例县2022年度数值明细.csv</a>');
  });

  test('downloads: the file as it is, its Content-Type, and its Chinese name per RFC 5987', async () => {
    const csv = await fetch(`${served.url}/download/2022/values.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="values.csv"; filename*=UTF-8''${encodeURIComponent('样例县2022年度数值明细.csv')}`);
    expect(Buffer.from(await csv.arrayBuffer()).equals(fs.readFileSync(path.join(county.outbox, '2022/values.csv')))).toBe(true);
    const xlsx = await fetch(`${served.url}/download/2022/county-report.xlsx`);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(Buffer.from(await xlsx.arrayBuffer()).equals(fs.readFileSync(path.join(county.outbox, '2022/county-report.xlsx')))).toBe(true);
  });

  test.each([
    '/download/2022/..%2F..%2Fnianbao.config.json',
    '/download/..%2F..%2Finbox/八道壕镇.xlsx',
    '/download/2022/../ledger.sqlite',
    '/download/%2E%2E/ledger.sqlite',
    '/download/2022/%2e%2e%2fledger.sqlite',
    '/download/logs/x',
    '/download/2022/ledger.sqlite',
    '/download/2022/.built-from',
    '/year/..%2F..%2Fetc',
    '/year/2019',
    '/../../etc/passwd',
    '/%E0%A4%A',
  ])('%s is a 404 with a Chinese page and nothing of the file', async (url) => {
    const response = await fetch(`${served.url}${url}`);
    expect(response.status).toBe(404);
    const body = await response.text();
    expect(body).toMatch(/<h2>(找不到文件|找不到页面|没有这个年度)<\/h2>/);
    expect(body).not.toContain('county');
  });

  test('bound to this machine, it answers only requests addressed to it (no DNS rebinding)', async () => {
    const http = await import('node:http');
    const status = (host: string) =>
      new Promise<number>((resolve) => http.get(`${served.url}/`, { headers: { host } }, (r) => (r.resume(), resolve(r.statusCode!))));
    expect(await status('evil.example.com')).toBe(403);
    expect(await status('evil.example.com:8080')).toBe(403);
    expect(await status(`localhost:${new URL(served.url).port}`)).toBe(200);
    expect(await status('127.0.0.1')).toBe(200);
  });

  test('other methods are 405', async () => {
    expect((await fetch(`${served.url}/year/2022`, { method: 'DELETE' })).status).toBe(405);
  });

  test('upload: a good workbook goes into the inbox and the page says it passed; an invalid one goes in with its issues listed', async () => {
    const good = await upload(served.url, TOKEN, '西湖街道2022.xlsx', county.report('西湖街道办事处', 2022, {}, 4));
    expect(good.status).toBe(200);
    const goodPage = await good.text();
    expect(goodPage).toContain('检查通过。文件已放入收件箱，今晚汇总时采用。');
    expect(goodPage).toContain('收件箱中的文件名：西湖街道2022.xlsx');
    expect(fs.readFileSync(path.join(county.inbox, '西湖街道2022.xlsx')).equals(county.report('西湖街道办事处', 2022, {}, 4))).toBe(true);
    const bad = await upload(served.url, TOKEN, '西湖街道2022.xlsx', county.report('西湖街道', 2022, { 'appeals.review.total': 55 }, 4));
    const badPage = await bad.text();
    expect(badPage).toContain('检查未通过');
    expect(badPage).toContain('收件箱中的文件名：西湖街道2022(2).xlsx'); // never overwrites
    expect(badPage).toMatch(/<li class="error">错误　<span class="cell">年度报告!\w+\d+<\/span>　表四「行政复议」的「总计」应为 \d+（结果维持、结果纠正、其他结果、尚未审结之和），实为 55<\/li>/);
    expect(fs.readdirSync(county.inbox).filter((f) => f.startsWith('西湖街道')).sort()).toEqual(['西湖街道2022(2).xlsx', '西湖街道2022.xlsx']);
  });

  test('upload: a file with a name of 250 bytes goes in under a shortened name, and the next run still runs', async () => {
    const name = `${'西湖街道关于政府信息公开工作年度报告的报送材料'.repeat(4).slice(0, 80)}.xlsx`;
    const response = await upload(served.url, TOKEN, name, county.report('西湖街道', 2022, {}, 5));
    expect(response.status).toBe(200);
    const saved = fs.readdirSync(county.inbox).find((f) => f.startsWith('西湖街道关于'))!;
    expect(Buffer.byteLength(saved)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(saved.endsWith('.xlsx')).toBe(true);
    expect((await county.run()).code).toBe(0);
  });

  test('upload: a report named as a temporary file (.tmp) is refused, not promised for tonight', async () => {
    const before = fs.readdirSync(county.inbox).sort();
    const response = await upload(served.url, TOKEN, 'report.tmp', county.report('西湖街道', 2022, {}, 6));
    expect(response.status).toBe(415);
    const page = await response.text();
    expect(page).toContain('「report.tmp」是临时文件的名称（以 .tmp 结尾），汇总时不会读取');
    expect(page).not.toContain('今晚汇总');
    expect(fs.readdirSync(county.inbox).sort()).toEqual(before);
  });

  test.each([
    ['declared too large', (url: string) => fetch(`${url}/run`, { method: 'POST', body: new URLSearchParams({ token: TOKEN, pad: 'x'.repeat(64 * 1024) }) })],
    ['sent in pieces beyond the limit', (url: string) => fetch(`${url}/run`, {
      method: 'POST',
      body: new ReadableStream({ start(c) { for (let k = 0; k < 32; k++) c.enqueue(new TextEncoder().encode('x'.repeat(1024))); c.close(); } }),
      duplex: 'half',
    } as RequestInit)],
  ])('/run with a body %s: a 413 page, not a reset', async (_d, post) => {
    const response = await post(served.url);
    expect(response.status).toBe(413);
    expect(await response.text()).toContain('请求内容过大');
  });

  test.each([
    ['a wrong token', 'wrong-token-000000', 'x.xlsx', () => county.report('西湖街道', 2022), 403, '上传口令不对'],
    ['no file', TOKEN, '', () => Buffer.alloc(0), 400, '没有选择文件'],
    ['not a report file at all', TOKEN, 'x.xlsx', () => Buffer.from([0, 1, 2, 3, 0, 0, 7]), 415, '不是电子表格、Word 文件、网页、PDF 或文本文件'],
    ['a file over the size limit', TOKEN, 'big.xlsx', () => Buffer.alloc(21 * 1024 * 1024, 1), 413, '文件超过大小上限 20 MB'],
  ])('upload refused: %s (nothing saved)', async (_d, token, name, bytes, status, reason) => {
    const before = fs.readdirSync(county.inbox).sort();
    const response = await upload(served.url, token, name, bytes());
    expect(response.status).toBe(status);
    expect(await response.text()).toContain(reason);
    expect(fs.readdirSync(county.inbox).sort()).toEqual(before);
  });
});

test('without an upload token the server is read-only', async () => {
  const county = await preparedCounty({ county: '样例县', roster: ROSTER });
  const served = await serve(county);
  try {
    expect(await (await fetch(`${served.url}/upload`)).text()).toContain('本服务为只读');
    const response = await upload(served.url, 'anything-at-all', 'x.xlsx', county.report('西湖街道', 2022));
    expect(response.status).toBe(403);
    expect(fs.readdirSync(county.inbox).filter((f) => f.endsWith('.xlsx'))).toEqual([]);
  } finally {
    await served.close();
    county.cleanup();
  }
});

test('an internal error is a Chinese 500 page without details; the server goes on', async () => {
  const county = await preparedCounty();
  const served = await serve(county);
  try {
    fs.renameSync(path.join(county.outbox, 'ledger.sqlite'), path.join(county.outbox, 'moved.sqlite'));
    fs.mkdirSync(path.join(county.outbox, 'ledger.sqlite')); // a directory where the ledger should be
    const response = await fetch(`${served.url}/year/2022`);
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(body).toContain('<h2>服务器内部错误</h2>');
    expect(body).not.toMatch(/Error|at \w+ \(|sqlite|\/tmp\//);
    expect((await fetch(`${served.url}/style.css`)).status).toBe(200);
  } finally {
    await served.close();
    county.cleanup();
  }
});

test('the command binds to 127.0.0.1 by default and stops on a signal', async () => {
  const county = makeCounty();
  let out = '';
  let stop!: (s: string) => void;
  try {
    const done = runCli(['serve', '--port', '0'], { stdout: (t) => (out += t), stderr: (t) => (out += t), cwd: county.dir, onSignal: (h) => (stop = h) });
    while (!out.includes('网页服务已启动')) await new Promise((r) => setTimeout(r, 10));
    expect(out).toMatch(/^网页服务已启动：http:\/\/127\.0\.0\.1:\d+\/（只读：未设置 uploadToken，不能上传）。按 Ctrl\+C 停止。\n$/);
    stop('SIGINT');
    expect(await done).toBe(0);
    expect(out).toContain('网页服务已停止。');
  } finally {
    county.cleanup();
  }
});

test.each([
  ['values.csv', '样例县2022年度数值明细.csv', `attachment; filename="values.csv"; filename*=UTF-8''%E6%A0%B7%E4%BE%8B%E5%8E%BF2022%E5%B9%B4%E5%BA%A6%E6%95%B0%E5%80%BC%E6%98%8E%E7%BB%86.csv`],
  ['a"b.csv', "it's (1)*.csv", `attachment; filename="a_b.csv"; filename*=UTF-8''it%27s%20%281%29%2A.csv`],
])('Content-Disposition of %s as %s', (ascii, name, header) => {
  expect(contentDisposition(ascii, name)).toBe(header);
});

test('upload temporaries a stopped server left in the inbox are removed when a server starts (fresh ones are kept)', async () => {
  const county = makeCounty({ county: '样例县', roster: ROSTER, uploadToken: TOKEN });
  try {
    const stale = path.join(county.inbox, '.upload-1234-1700000000000-abc');
    const fresh = path.join(county.inbox, '.upload-1234-1800000000000-def');
    fs.writeFileSync(stale, 'half an upload');
    fs.writeFileSync(fresh, 'an upload being written');
    const old = new Date(Date.now() - 2 * 3600 * 1000);
    fs.utimesSync(stale, old, old);
    const served = await serve(county);
    await served.close();
    expect([fs.existsSync(stale), fs.existsSync(fresh)]).toEqual([false, true]);
  } finally {
    county.cleanup();
  }
});
