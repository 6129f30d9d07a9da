/**
 * npm run bench [-- N]: generates N township workbooks (default 10,000) and measures, at 500, 2,000 and 10,000 (those
 * up to N, and N):
 * bare SheetJS reads of the same files; a cold `run`; a warm `run` with nothing new; a run with one new file (each
 * the best of three);
 * then a cold `run` over a folder of 200 PDF reports printed like Word prints them; a cold `run` over real published
 * PDFs beside poppler's pdftotext over the same files, and `inspect` of one real PDF as a whole process; and a warm
 * `inspect` of one real report in each of the forms it circulates in (test/fixtures/documents: a workbook pasted
 * from it, its Word files, page and PDFs).
 * Each phase runs in its own process (peak RSS is the phase's own). No assertions: it prints a table.
 */
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { consistentValues } from '../test/fixtures/values';
import { ARRANGEMENTS, buildWorkbook, mappings } from '../test/fixtures/workbook';
import { renderPdf } from '../test/fixtures/pdf';
import { formLayout, formTables } from '../src/render/form-layout';

interface Measure {
  ms: number;
  maxRssMB: number;
}

const N = Number(process.argv[3] ?? process.env.BENCH_N ?? 10_000);
/** a folder of published PDF reports, read in one run */
const PDF_REPORTS = 200;
/** every size measured, in one run: a county's night is far smaller; 10,000 is a province's January */
const SIZES = [...new Set([...[500, 2000, 10_000].filter((n) => n < N), N])];
const arrangements = Object.values(ARRANGEMENTS);

/**
 * Every timed figure is the best of three (this machine's speed drifts by a third from one minute to the next; the bare
 * read is judged by its best too); peak RSS is the largest of the three.
 */
const TRIES = 3;
const NEW_FILES = TRIES;

function bestOf(measures: Measure[]): Measure {
  return { ms: Math.min(...measures.map((m) => m.ms)), maxRssMB: Math.max(...measures.map((m) => m.maxRssMB)) };
}

const PHASE = [path.join(__dirname, '../scripts/run-ts.js'), path.join(__dirname, 'phase.ts')];
const measured = (out: string) => JSON.parse(out.trim().split('\n').pop()!) as Measure;

function phase(...args: string[]): Measure {
  return measured(execFileSync(process.execPath, [...PHASE, ...args], { encoding: 'utf8' }));
}

/**
 * The bare read split over one process per core, all at once: how much this machine gains from a second core on
 * SheetJS parsing (the ceiling for a parallel run). Its time is the slowest share's; its memory the largest.
 */
async function parallelBare(dir: string): Promise<Measure> {
  const cores = os.availableParallelism();
  const shares = await Promise.all(
    Array.from({ length: cores }, (_, k) =>
      new Promise<Measure>((resolve, reject) =>
        execFile(process.execPath, [...PHASE, 'bare', dir, String(k), String(cores)], { encoding: 'utf8' }, (error, out) => (error ? reject(error) : resolve(measured(out)))),
      ),
    ),
  );
  return { ms: Math.max(...shares.map((s) => s.ms)), maxRssMB: Math.max(...shares.map((s) => s.maxRssMB)) };
}

/** Copies of each real PDF of test/fixtures/documents in the real-report run (distinct bytes: a comment appended). */
const REAL_PDF_COPIES = 8;

/** Times a whole command, `times` runs: the median (ms). */
function commandMs(command: string, args: string[], times: number): number {
  const ms: number[] = [];
  for (let k = 0; k < times; k++) {
    const t = process.hrtime.bigint();
    execFileSync(command, args, { stdio: 'ignore' });
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)]!;
}

/**
 * Real published PDFs (WPS and Word exports), REAL_PDF_COPIES of each: a cold `run` over them (best of three) beside
 * poppler's `pdftotext -bbox-layout` (words and their boxes, in C++) over the same files, one process each as a user
 * would run it, when poppler-utils is installed; then `nianbao inspect` of one real PDF as a whole process, beside one
 * of a workbook.
 */
async function realPdfRows(root: string, line: (label: string, n: number, m: Measure, bare?: Measure) => void, rows: string[]): Promise<void> {
  const documents = path.join(__dirname, '../test/fixtures/documents');
  const inbox = path.join(root, 'real-pdf', 'source');
  fs.mkdirSync(inbox, { recursive: true });
  const old = new Date('2023-01-05T00:00:00Z');
  for (const name of fs.readdirSync(documents).filter((f) => f.endsWith('.pdf'))) {
    for (let k = 0; k < REAL_PDF_COPIES; k++) {
      const file = path.join(inbox, `${path.basename(name, '.pdf')}-${k}.pdf`);
      fs.writeFileSync(file, Buffer.concat([fs.readFileSync(path.join(documents, name)), Buffer.from(`%copy ${k}\n`)]));
      fs.utimesSync(file, old, old);
    }
  }
  const files = fs.readdirSync(inbox).map((f) => path.join(inbox, f));
  let poppler: Measure | undefined;
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    const tries = Array.from({ length: TRIES }, () => {
      const t = process.hrtime.bigint();
      for (const f of files) execFileSync('pdftotext', ['-bbox-layout', f, '-'], { stdio: 'ignore', maxBuffer: 64 * 1024 * 1024 });
      return { ms: Number(process.hrtime.bigint() - t) / 1e6, maxRssMB: 0 };
    });
    poppler = bestOf(tries);
    rows.push(`| poppler pdftotext -bbox-layout, a process per file (best of ${TRIES}) | ${files.length} | ${(poppler.ms / 1000).toFixed(2)} s | ${((files.length * 1000) / poppler.ms).toFixed(0)} | ${(poppler.ms / files.length).toFixed(2)} | — | — |`);
  } catch {
    rows.push('| poppler pdftotext -bbox-layout | (poppler-utils not installed: apt-get install -y poppler-utils) | | | | | |');
  }
  const runs: Measure[] = [];
  for (let k = 0; k < TRIES; k++) {
    const county = path.join(root, 'real-pdf', `county-${k}`);
    fs.mkdirSync(path.join(county, 'inbox'), { recursive: true });
    for (const f of files) {
      fs.copyFileSync(f, path.join(county, 'inbox', path.basename(f)));
      fs.utimesSync(path.join(county, 'inbox', path.basename(f)), old, old);
    }
    runs.push(phase('run', path.join(county, 'inbox'), path.join(county, 'outbox'), path.join(root, 'config.json')));
  }
  line(`cold run, real-report PDFs (÷ poppler, best of ${TRIES})`, files.length, bestOf(runs), poppler);
  const bin = path.join(__dirname, '../bin/nianbao.js');
  const pdf = commandMs(process.execPath, [bin, 'inspect', path.join(documents, 'real-hongze-2024.pdf')], 7);
  const workbook = commandMs(process.execPath, [bin, 'inspect', path.join(documents, '02-hushizhen-2019-pasted.xlsx')], 7);
  rows.push(`| nianbao inspect real-hongze-2024.pdf, whole process (median of 7) | 1 | ${(pdf / 1000).toFixed(2)} s | | | | |`);
  rows.push(`| nianbao inspect 02-hushizhen-2019-pasted.xlsx, whole process (median of 7) | 1 | ${(workbook / 1000).toFixed(2)} s | | | | |`);
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-bench-'));
  const source = path.join(root, 'source');
  fs.mkdirSync(source);
  const t0 = Date.now();
  // N files and NEW_FILES more, each added alone to the county of N in a 'one new file' run
  for (let i = 0; i < N + NEW_FILES; i++) {
    const agency = `第${i}镇人民政府`;
    const bytes = buildWorkbook({ format: '2021', agency, year: 2022, values: consistentValues('2021', i) }, arrangements[i % arrangements.length]!);
    fs.writeFileSync(path.join(source, `${String(i).padStart(5, '0')}.xlsx`), bytes);
  }
  process.stderr.write(`generated ${N + NEW_FILES} workbooks in ${((Date.now() - t0) / 1000).toFixed(1)} s under ${root}\n`);
  fs.writeFileSync(path.join(root, 'config.json'), JSON.stringify({ county: '基准县' }));
  const rows: string[] = [];
  const line = (label: string, n: number, m: Measure, bare?: Measure) =>
    rows.push(`| ${label} | ${n} | ${(m.ms / 1000).toFixed(2)} s | ${((n * 1000) / m.ms).toFixed(0)} | ${(m.ms / n).toFixed(2)} | ${bare ? (m.ms / bare.ms).toFixed(2) : '—'} | ${m.maxRssMB.toFixed(0)} MB |`);
  for (const n of SIZES) {
    const files = fs.readdirSync(source).sort();
    const bareDir = path.join(root, `bare-${n}`);
    fs.mkdirSync(bareDir, { recursive: true });
    files.slice(0, n).forEach((f) => fs.linkSync(path.join(source, f), path.join(bareDir, f)));
    const old = new Date('2023-01-05T00:00:00Z');
    const intoInbox = (inbox: string, f: string, as: string = f) => {
      fs.copyFileSync(path.join(source, f), path.join(inbox, as));
      fs.utimesSync(path.join(inbox, as), old, old);
    };
    const config = path.join(root, 'config.json');
    // judged against the fastest plain SheetJS read of the same files: the best of three
    const bare = bestOf(Array.from({ length: TRIES }, () => phase('bare', bareDir)));
    line(`bare SheetJS read (1 thread, best of ${TRIES})`, n, bare);
    const parallel: Measure[] = [];
    for (let k = 0; k < TRIES; k++) parallel.push(await parallelBare(bareDir));
    line(`bare SheetJS read split over ${os.availableParallelism()} processes (best of ${TRIES})`, n, bestOf(parallel), bare);
    // each cold run in a county of its own; the last one's is kept for the warm runs and the new files
    let county = '';
    const cold: Measure[] = [];
    for (let k = 0; k < TRIES; k++) {
      if (county) fs.rmSync(county, { recursive: true, force: true });
      county = path.join(root, `county-${n}-${k}`);
      fs.mkdirSync(path.join(county, 'inbox'), { recursive: true });
      files.slice(0, n).forEach((f) => intoInbox(path.join(county, 'inbox'), f));
      cold.push(phase('run', path.join(county, 'inbox'), path.join(county, 'outbox'), config));
    }
    const [inbox, outbox] = [path.join(county, 'inbox'), path.join(county, 'outbox')];
    line(`cold run (best of ${TRIES})`, n, bestOf(cold), bare);
    line(`warm run, nothing new (best of ${TRIES})`, n, bestOf(Array.from({ length: TRIES }, () => phase('run', inbox, outbox, config))));
    const added: Measure[] = [];
    for (let k = 0; k < NEW_FILES; k++) {
      intoInbox(inbox, files[N + k]!, `new-${k}.xlsx`);
      added.push(phase('run', inbox, outbox, config));
    }
    line(`run with 1 new file (best of ${TRIES})`, n + 1, bestOf(added));
    const ledger = fs.statSync(path.join(outbox, 'ledger.sqlite')).size;
    const kept = n + NEW_FILES;
    rows.push(`| ledger.sqlite after ${kept} | | ${(ledger / 1024 / 1024).toFixed(1)} MB | | ${(ledger / 1024 / kept).toFixed(1)} KB/file | | |`);
    fs.rmSync(county, { recursive: true, force: true });
  }
  // published PDF reports: a folder of 200, read in one cold run
  const pdfInbox = path.join(root, 'pdf', 'inbox');
  fs.mkdirSync(pdfInbox, { recursive: true });
  const old = new Date('2023-01-05T00:00:00Z');
  for (let i = 0; i < PDF_REPORTS; i++) {
    const l = formLayout(mappings['2021'], { values: consistentValues('2021', i) });
    const file = path.join(pdfInbox, `${String(i).padStart(3, '0')}.pdf`);
    fs.writeFileSync(file, await renderPdf({ agency: `第${i}镇人民政府`, year: 2022, compiledBy: `第${i}镇人民政府办公室`, tables: formTables(l) }));
    fs.utimesSync(file, old, old);
  }
  line('cold run, PDF reports', PDF_REPORTS, phase('run', pdfInbox, path.join(root, 'pdf', 'outbox'), path.join(root, 'config.json')));
  await realPdfRows(root, line, rows);
  // one report in every form it circulates in, read warm (a Word file should take a workbook's time)
  const documents = path.join(__dirname, '../test/fixtures/documents');
  const forms = fs.readdirSync(documents).filter((f) => /^(02-hushizhen-2019|06-nanyuanjiedao-2020|real-hongze-2024)[.-]/.test(f) && !f.endsWith('.json')).sort();
  const out = execFileSync(process.execPath, [...PHASE, 'inspect', ...forms.map((f) => path.join(documents, f))], { encoding: 'utf8' }).trim().split('\n');
  const medians = JSON.parse(out[out.length - 2]!) as Record<string, number>;
  // start-up: `nianbao help` beside a bare node start (median of 7 each, alternating)
  const startTimes = { node: [] as number[], help: [] as number[] };
  for (let k = 0; k < 7; k++) {
    for (const [name, args] of [['node', ['-e', '0']], ['help', [path.join(__dirname, '../bin/nianbao.js'), 'help']]] as const) {
      const t = process.hrtime.bigint();
      execFileSync(process.execPath, [...args], { stdio: 'ignore' });
      startTimes[name].push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`nianbao benchmark — ${os.cpus().length} cores, Node ${process.version}`);
  console.log(`start-up: node -e 0 ${median(startTimes.node).toFixed(0)} ms, nianbao help ${median(startTimes.help).toFixed(0)} ms (${(median(startTimes.help) / median(startTimes.node)).toFixed(2)}×)\n`);
  console.log('| phase | files | time | files/s | ms/file | ÷ bare read | peak RSS |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  console.log('\n| document (warm inspect, median of 15) | size | ms |');
  console.log('|---|---|---|');
  for (const [file, ms] of Object.entries(medians)) console.log(`| ${file} | ${(fs.statSync(path.join(documents, file)).size / 1024).toFixed(0)} KB | ${ms.toFixed(1)} |`);
  fs.rmSync(root, { recursive: true, force: true });
}

void main();
