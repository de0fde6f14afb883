/**
 * `npm run bench`: how much Backstory costs a page, against peers measured in the same run.
 *
 * For each of the largest pages of ../shared/corpus (generated pages where it is absent):
 *  - scan: the work time of the extension's `backstory:scan` measure (summed over its slices);
 *  - floor: a bare TreeWalker pass over the page that only reads every text node;
 *  - mark.js: marking the same alias list with mark.js (one pass per alias, wrapping in <mark>);
 *  - the longest slice of work the extension ran, and its matcher's start-up time;
 *  - the scan with a generated dataset of 20,000 aliases against the real dataset.
 * And, on a small page: the longest task while the content script is injected and runs, against
 * an extension whose content script is one line.
 * Prints a table of medians and ratios and writes them to bench-results/bench.json.
 * A benchmark, not a test: it reports figures against targets and always exits 0 when it ran.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { launchWithExtension, EXTENSION_DIR } from '../e2e/fixtures';
import { findChromium } from '../tools/chromium';
import { CORPUS_DIR, PAGES_DIR, startServer } from '../tools/server';
import { readDataset } from '../../data/tools/read';
import { makeAliasDataset } from './generated';
import { generatedPack } from '../tools/packs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Loads of the small page for each start-up row (each build's longest task while injected). */
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
/**
 * Loads of each page for every other measure (scan, floor, 20,000 aliases, the pack, whole pages),
 * each way, twice RUNS and one: on a shared two-core machine one load of a page swings twofold to
 * threefold with the same work, and the ratio of two medians of RUNS loads swung too far to judge
 * a target by (the figures: docs/performance.md, "Runs of midday").
 */
const PAGE_RUNS = Number(process.env.BENCH_PAGE_RUNS ?? 2 * RUNS + 1);
const CORPUS_PAGES = process.env.BENCH_PAGES?.split(',') ?? [
  'metascraper-wikipedia.html',
  'readability-wikipedia-2.html',
  'trafilatura-correctiv.html',
  'newspaper4k-cnn-heavy-dom.html',
  'htmldate-nypost-gop.html',
  'metascraper-tiktok-profile.html',
];
/** BENCH_QUICK=1 measures only scan and floor (for working on the scan; its table lacks peers). */
const QUICK = process.env.BENCH_QUICK === '1';
/**
 * The pack rows: the real build with a generated 20,000-alias pack imported (as a reader would,
 * through the options page's message), against the same build without it; and the background's
 * rebuild of the match data when the pack came in. BENCH_PACKS=0 leaves them out; BENCH_ONLY_PACKS=1
 * runs them alone.
 */
const ONLY_PACKS = process.env.BENCH_ONLY_PACKS === '1';
const PACKS = ONLY_PACKS || process.env.BENCH_PACKS !== '0';
const PACK_ALIASES = 20_000;
const MARKJS_TIMEOUT_MS = 60_000;
const SCAN_TIMEOUT_MS = 30_000;
const TARGETS = { floorRatio: 3, markjsSpeedup: 10, longestTaskMs: 50, aliasRatio: 1.3 };

interface ScanEntry {
  duration: number;
  detail: { kind: string; workMs: number; waitMs: number; longestSliceMs: number; slices: number; mentions: number; prepareMs: number; readMs: number; matchMs: number; closeMs: number; markMs: number; chars: number };
}

const rounded = (xs: number[]) => xs.map((x) => +x.toFixed(2));

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** The saved pages link to their sites' scripts and images: answer those at once with a failure. */
async function offline(page: Page, pageUrl: string): Promise<void> {
  const origin = new URL(pageUrl).origin;
  await page.route(/^https?:/, (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort()));
}

/**
 * A page expression that settles once the page's timeline holds an entry named `name`, waiting
 * without polling: Playwright's waitForFunction polls on every animation frame, which keeps the
 * page rendering frames while the scan runs, and the scan would pay for them. (A string: see
 * markjsOnce.)
 */
const entryAppears = (name: string, type: 'mark' | 'measure') => `new Promise((resolve, reject) => {
  setTimeout(() => reject(new Error('no ${type} named ${name} within ${SCAN_TIMEOUT_MS} ms')), ${SCAN_TIMEOUT_MS});
  if (performance.getEntriesByName('${name}').length > 0) return resolve();
  new PerformanceObserver((list, observer) => {
    if (list.getEntriesByName('${name}').length === 0) return;
    observer.disconnect();
    resolve();
  }).observe({ type: '${type}' });
})`;
const SCAN_DONE = entryAppears('backstory:scan', 'measure');

/** A long task (over 50 ms) as [start, duration], on the page's clock. */
type LongTask = [number, number];
type LongTaskWindow = { __longTasks: LongTask[] };
/** Records the page's long tasks, whoever runs them: the page, or our content script. */
function watchLongTasks() {
  const tasks: LongTask[] = ((window as unknown as LongTaskWindow).__longTasks = []);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
}
const longTasksOf = (page: Page) => page.evaluate(() => (window as unknown as LongTaskWindow).__longTasks);
/** The durations of the long tasks that started before `before` (a time on the page's clock). */
const longTasksBefore = async (page: Page, before = Infinity) =>
  (await longTasksOf(page)).filter(([start]) => start < before).map(([, duration]) => duration);

async function scanOnce(context: BrowserContext, url: string): Promise<{ scan: ScanEntry; longTasks: number[] }> {
  const page = await context.newPage();
  await page.addInitScript(watchLongTasks);
  await offline(page, url);
  await page.goto(url, { waitUntil: 'load' });
  await page.evaluate(SCAN_DONE);
  const scan = await page.evaluate(() => {
    const measure = performance.getEntriesByName('backstory:scan')[0] as PerformanceMeasure;
    return { duration: measure.duration, detail: measure.detail };
  });
  const longTasks = await longTasksBefore(page);
  await page.close();
  return { scan, longTasks };
}

/**
 * The floor: a bare TreeWalker pass reading every text node of the body, run once on a freshly
 * loaded page in a new isolated world — where the content script runs, with no DOM wrappers made
 * yet — so that it pays what our first scan pays.
 */
async function floorOnce(context: BrowserContext, url: string): Promise<{ ms: number; chars: number; longTasks: number[] }> {
  const page = await context.newPage();
  await page.addInitScript(watchLongTasks);
  await offline(page, url);
  await page.goto(url, { waitUntil: 'load' });
  const cdp = await context.newCDPSession(page);
  const { frameTree } = await cdp.send('Page.getFrameTree');
  const { executionContextId } = await cdp.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: 'floor' });
  const { result } = await cdp.send('Runtime.evaluate', {
    contextId: executionContextId,
    returnByValue: true,
    expression: `(() => {
      const t0 = performance.now();
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      let chars = 0;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) chars += n.data.length;
      return { ms: performance.now() - t0, chars, start: t0 };
    })()`,
  });
  const floor = result.value as { ms: number; chars: number; start: number };
  // The page's own long tasks up to the floor's pass (itself a task), for comparison with the
  // same page with the extension. Read after it: the pass must come at once after load, as a page
  // left to settle reads faster than the page our scan meets.
  const longTasks = await longTasksBefore(page, floor.start);
  await cdp.detach();
  await page.close();
  return { ms: floor.ms, chars: floor.chars, longTasks };
}

/**
 * Injecting the content script is a task of its own (compiling it, and running what its modules
 * set up). On a small page of ours, which has no long task of its own, any long task is ours, or
 * the machine's: the peer is an extension whose content script is one line, measured alongside.
 */
const SMALL_PAGE = '/demo-article.html';
const PEER_MARK = 'bench:peer-injected';
const PEER_DONE = entryAppears(PEER_MARK, 'mark');
/**
 * Ours are three scripts, each injected in a task of its own: the thin content script, then the
 * scanner and the runner it asks for; the runner's modules are set up in a task after its own.
 */
const INJECTED_MARKS = {
  '*': 'backstory:started',
  '#': 'backstory:scanner-started',
  '+': 'backstory:runner-started',
  '=': 'backstory:runner-setup',
};
const PEER_INJECTED_MARKS = { '*': PEER_MARK };
interface Injection {
  /** The longest task up to the end of the extension's work (our scan, or the peer's line), whoever ran it; 0: none over 50 ms. */
  longest: number;
  /** The longest of the tasks that injected or set up the extension's scripts (holding one of their start marks); 0: none over 50 ms. */
  startupMs: number;
  /** Which of our start-up tasks that was ('*', '#', '+' or '=', by the mark set as it started), if any. */
  injecting?: string;
  /** The time that task's thread itself ran, from the browser's trace (undefined: not found in it). */
  cpuMs?: number;
}

/** A task of the page's main thread, as the browser traced it: its start on the page's clock, and its wall and thread time. */
interface TracedTask {
  start: number;
  wallMs: number;
  cpuMs: number;
}
interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
}

/**
 * The page's main-thread tasks while `work` runs, with the time their thread ran. On two cores a
 * task can last twice as long as its thread ran, waiting for a core that another process held;
 * the trace tells the two apart, which a long-task entry cannot. `anchor` is a mark the page sets
 * during `work`: it finds the page's main thread in the trace, and aligns the trace's clock with
 * the page's.
 */
async function tracedTasks(context: BrowserContext, page: Page, anchor: string, work: () => Promise<void>): Promise<TracedTask[]> {
  const cdp = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: 'toplevel,blink.user_timing', transferMode: 'ReportEvents' });
  try {
    await work();
  } finally {
    await cdp.send('Tracing.end');
    await complete;
  }
  const anchorAt = await page.evaluate((name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN, anchor);
  await cdp.detach();
  const mark = events.find((e) => e.name === anchor && e.cat.includes('user_timing'));
  if (!mark || Number.isNaN(anchorAt)) return [];
  const shift = mark.ts / 1000 - anchorAt;
  return events
    .filter((e) => e.ph === 'X' && e.name.endsWith('RunTask') && e.pid === mark.pid && e.tid === mark.tid && e.dur !== undefined)
    .map((e) => ({ start: e.ts / 1000 - shift, wallMs: e.dur! / 1000, cpuMs: (e.tdur ?? NaN) / 1000 }));
}

/** The traced task that is a long-task entry: the longest that starts within a millisecond of it and lasts within two of its length. */
function tracedMatch(traced: TracedTask[], [start, duration]: LongTask): TracedTask | undefined {
  const near = traced.filter((t) => Math.abs(t.start - start) <= 1 && Math.abs(t.wallMs - duration) <= 2);
  return near.sort((a, b) => b.wallMs - a.wallMs)[0];
}

async function injectionOnce(context: BrowserContext, url: string, marks: Record<string, string>, done: string): Promise<Injection> {
  const page = await context.newPage();
  await page.addInitScript(watchLongTasks);
  const traced = await tracedTasks(context, page, Object.values(marks)[0]!, async () => {
    await page.goto(url, { waitUntil: 'load' });
    await page.evaluate(done);
  });
  const started = await page.evaluate(
    (names) => names.map((name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN),
    Object.values(marks),
  );
  const tasks = await longTasksOf(page);
  await page.close();
  /** The mark set during `task`, by its index in `marks`; -1: none. */
  const markIn = ([start, duration]: LongTask) => started.findIndex((at) => start <= at && at <= start + duration);
  const startupMs = Math.max(0, ...tasks.filter((t) => markIn(t) >= 0).map(([, duration]) => duration));
  const task = tasks.reduce((a, t) => (t[1] > a[1] ? t : a), [0, 0]);
  const longest = task[1];
  if (longest === 0) return { longest, startupMs };
  const which = markIn(task);
  return { longest, startupMs, injecting: which >= 0 ? Object.keys(marks)[which] : undefined, cpuMs: tracedMatch(traced, task)?.cpuMs };
}

/**
 * Waits for what an install does once: the background loads the dataset into IndexedDB (a 20,000-
 * alias dataset takes seconds). Measured pages are what a reader meets on any later day; this work
 * ran into the first of them, on a machine of two cores.
 */
async function settled(context: BrowserContext): Promise<BrowserContext> {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const page = await context.newPage();
  await page.goto(new URL('/options.html', worker.url()).href);
  // The status request waits for the dataset's load; then the match data has to be in storage,
  // where the content script reads it. (Strings: `chrome` is the page's.)
  await page.evaluate(`chrome.runtime.sendMessage({ type: 'status' })`);
  await page.evaluate(`(async () => {
    while (!(await chrome.storage.local.get('matchData')).matchData) await new Promise((r) => setTimeout(r, 50));
  })()`);
  await page.close();
  return context;
}

/** A new temporary directory that a browser started as nobody can read (mkdtemp's is its owner's alone). */
function tempDirForBrowsers(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  return dir;
}

/** The peer for injection: an extension with a one-line content script, run where ours runs. */
function buildPeerExtension(): string {
  const dir = tempDirForBrowsers('backstory-bench-peer-');
  const manifest = {
    manifest_version: 3,
    name: 'one-line content script',
    version: '1.0',
    content_scripts: [{ matches: ['http://*/*', 'https://*/*'], js: ['content.js'], run_at: 'document_idle', all_frames: true }],
  };
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  fs.writeFileSync(path.join(dir, 'content.js'), `performance.mark(${JSON.stringify(PEER_MARK)});\n`);
  return dir;
}

async function markjsOnce(context: BrowserContext, url: string, aliases: string[]): Promise<number> {
  const page = await context.newPage();
  await offline(page, url);
  await page.goto(url, { waitUntil: 'load' });
  await page.addScriptTag({ path: path.join(ROOT, 'node_modules/mark.js/dist/mark.min.js') });
  // A string, not a function: tsx would wrap the callback's inner functions in a helper the page
  // does not have.
  // mark.js can stall on a page (its done callback never comes): give up after a minute. It can
  // also throw (a regular expression of a CJK alias overflowed V8's stack once here): the peer's
  // failure is reported, and does not end the run.
  const { ms, error } = await page.evaluate<{ ms: number; error?: string }>(`new Promise((resolve) => {
    setTimeout(() => resolve({ ms: NaN, error: 'no answer within ${MARKJS_TIMEOUT_MS} ms' }), ${MARKJS_TIMEOUT_MS});
    const t0 = performance.now();
    try {
      new Mark(document.body).mark(${JSON.stringify(aliases)}, {
        separateWordSearch: false,
        accuracy: 'exactly',
        exclude: ['script', 'style', 'code', 'pre', 'textarea', 'input', 'nav', 'footer', 'button'],
        done: () => resolve({ ms: performance.now() - t0 }),
      });
    } catch (e) {
      resolve({ ms: NaN, error: String(e) });
    }
  })`);
  await page.close();
  if (error) console.log(`  mark.js gave no figure on ${url}: ${error}`);
  return ms;
}

/** Builds the 20,000-alias variant in a temporary directory (removed when the bench ends). */
function buildAliasVariant(): string {
  const work = tempDirForBrowsers('backstory-bench-');
  const dataDir = path.join(work, 'data');
  makeAliasDataset(path.join(ROOT, 'data'), dataDir, 20_000);
  const outDir = path.join(work, 'out');
  execFileSync('npx', ['wxt', 'build'], {
    cwd: ROOT,
    env: { ...process.env, BACKSTORY_DATA_DIR: dataDir, BACKSTORY_OUT_DIR: outDir },
    stdio: 'ignore',
  });
  return path.join(outDir, 'chrome-mv3');
}

function generatedPage(dir: string): string {
  // A long article with the dataset's names sprinkled in, for machines without the corpus.
  const names = ['TikTok', 'Hong Kong', 'Carrie Lam', 'national security law', 'Telegram', 'Google'];
  const paras: string[] = [];
  for (let i = 0; i < 1200; i++) {
    const name = names[i % names.length];
    paras.push(
      `<p>Paragraph ${i}: reporters wrote about ${name} and many other things at some length, <em>adding</em> detail after detail so that the page grows long like a real feature story.</p>`,
    );
  }
  const file = path.join(dir, 'generated-long.html');
  fs.writeFileSync(file, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Generated</title></head><body><article>${paras.join('\n')}</article></body></html>`);
  return file;
}

/**
 * Whole pages with and without Backstory: what a page with frames, or one that mentions nothing,
 * costs the renderer. Our pages of tests/pages, which run no script of their own.
 */
const FRAME_PAGES = [
  // An article and 30 small frames of one ad line each.
  '/bench-frames.html',
  // A long article on bread: nothing of the dataset's.
  '/bench-nothing.html',
  // A slim page showing an article in a frame.
  '/bench-embedded.html',
];
const FRAME_TARGETS = { framesTaskRatio: 1.1, framesHeapMB: 3, nothingWorkMs: 5, nothingHeapMB: 1.5 };
/** In each frame, our script has finished deciding: it waits for more text, or has read the frame. */
/** A diagonal pointer sweep over the page, in steps (each a pointermove). */
const POINTER_SWEEP = { from: 10, to: 500, steps: 40 };
const FRAME_SETTLED_OURS = `new Promise((resolve, reject) => {
  setTimeout(() => reject(new Error('no decision within ${SCAN_TIMEOUT_MS} ms')), ${SCAN_TIMEOUT_MS});
  const done = () => ['backstory:waiting', 'backstory:scan'].some((n) => performance.getEntriesByName(n).length > 0);
  if (done()) return resolve();
  new PerformanceObserver((_, observer) => {
    if (!done()) return;
    observer.disconnect();
    resolve();
  }).observe({ entryTypes: ['mark', 'measure'] });
})`;

interface PageCost {
  /** The renderer's main-thread task time (CDP TaskDuration) from the navigation until every frame settled, in ms. */
  taskMs: number;
  /** Of it, running script (CDP ScriptDuration): our pages run none, so this is the extensions' (and Playwright's, alike in both). */
  scriptMs: number;
  /** Task time while the pointer sweeps across the page afterwards (what watching the pointer costs). */
  pointerTaskMs: number;
  /** JS heap in use then (CDP JSHeapUsedSize), in MB, and after a garbage collection. */
  heapMB: number;
  heapAfterGcMB: number;
  /** The frames the runner was injected into (their paths; the top frame is the page's). */
  runnerFrames: string[];
  /** Our scans' work (the `backstory:scan` measures' work time), summed over the frames (the page has no matcher to set up). */
  scanWorkMs: number;
  frames: number;
}

async function pageCostOnce(context: BrowserContext, url: string, settledInFrame: string): Promise<PageCost> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  // Counted from here: the metrics add up the renderer's tasks since the domain was enabled, but a
  // navigation may move the page to another renderer, where they start again from nothing.
  const before = await metrics();
  await page.goto(url, { waitUntil: 'load' });
  const frames = page.frames();
  await Promise.all(frames.map((f) => f.evaluate(settledInFrame)));
  const after = await metrics();
  const moved = after.TaskDuration! < before.TaskDuration!;
  const since = (name: string) => (after[name]! - (moved ? 0 : before[name]!)) * 1000;
  await page.mouse.move(POINTER_SWEEP.from, POINTER_SWEEP.from);
  const beforeSweep = await metrics();
  await page.mouse.move(POINTER_SWEEP.to, POINTER_SWEEP.to, { steps: POINTER_SWEEP.steps });
  // The hover watcher looks at the pointer once a frame: let the last one come.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const afterSweep = await metrics();
  await cdp.send('HeapProfiler.collectGarbage');
  const collected = await metrics();
  const runnerFrames: string[] = [];
  let scanWorkMs = 0;
  for (const f of frames) {
    const seen = await f.evaluate(() => ({
      runner: performance.getEntriesByName('backstory:runner-started').length > 0,
      workMs: (performance.getEntriesByName('backstory:scan') as PerformanceMeasure[]).reduce((sum, m) => sum + ((m.detail as { workMs?: number })?.workMs ?? 0), 0),
    }));
    if (seen.runner) runnerFrames.push(new URL(f.url()).pathname);
    scanWorkMs += seen.workMs;
  }
  await cdp.detach();
  await page.close();
  return {
    taskMs: since('TaskDuration'),
    pointerTaskMs: (afterSweep.TaskDuration! - beforeSweep.TaskDuration!) * 1000,
    scriptMs: since('ScriptDuration'),
    heapMB: after.JSHeapUsedSize! / 2 ** 20,
    heapAfterGcMB: collected.JSHeapUsedSize! / 2 ** 20,
    runnerFrames,
    scanWorkMs,
    frames: frames.length,
  };
}

function framesSummary(rows: Record<string, number | string>[]): Record<string, { worst: number; target: string }> {
  const of = (page: string) => rows.find((r) => r.page === page);
  const frames = of('bench-frames.html');
  const nothing = of('bench-nothing.html');
  return {
    ...(frames && {
      framesTaskRatio: { worst: frames.taskRatio as number, target: `<= ${FRAME_TARGETS.framesTaskRatio}` },
      framesHeapAddedMB: { worst: frames.heapAddedMB as number, target: `<= ${FRAME_TARGETS.framesHeapMB}` },
    }),
    ...(nothing && {
      nothingScanWorkMs: { worst: nothing.scanWorkMs as number, target: `<= ${FRAME_TARGETS.nothingWorkMs}` },
      nothingOwnScriptMs: { worst: nothing.ownScriptMs as number, target: 'for reference: script time added' },
      nothingHeapAddedMB: { worst: nothing.heapAddedMB as number, target: `<= ${FRAME_TARGETS.nothingHeapMB}` },
    }),
  };
}

/** Each frame page with Backstory and with the one-line peer, in turn, PAGE_RUNS times; medians. */
async function measureFramePages(real: BrowserContext, peer: BrowserContext, url: (p: string) => string): Promise<Record<string, number | string>[]> {
  const rows: Record<string, number | string>[] = [];
  for (const p of FRAME_PAGES) {
    const ours: PageCost[] = [];
    const theirs: PageCost[] = [];
    for (let run = 0; run < PAGE_RUNS; run++) {
      // Which goes first turns from run to run (see the corpus pages below).
      const steps = [async () => ours.push(await pageCostOnce(real, url(p), FRAME_SETTLED_OURS)), async () => theirs.push(await pageCostOnce(peer, url(p), PEER_DONE))];
      if (run % 2) steps.reverse();
      for (const step of steps) await step();
    }
    const med = (runs: PageCost[], key: 'taskMs' | 'scriptMs' | 'heapMB' | 'heapAfterGcMB' | 'scanWorkMs' | 'pointerTaskMs') => median(runs.map((r) => r[key]));
    const row = {
      page: p.slice(1),
      frames: ours[0]!.frames,
      runnerFrames: [...new Set(ours.flatMap((r) => r.runnerFrames))].join(' '),
      runnerFrameCount: median(ours.map((r) => r.runnerFrames.length)),
      scanWorkMs: +med(ours, 'scanWorkMs').toFixed(2),
      taskMs: +med(ours, 'taskMs').toFixed(1),
      peerTaskMs: +med(theirs, 'taskMs').toFixed(1),
      taskRatio: +(med(ours, 'taskMs') / med(theirs, 'taskMs')).toFixed(2),
      pointerTaskMs: +med(ours, 'pointerTaskMs').toFixed(1),
      peerPointerTaskMs: +med(theirs, 'pointerTaskMs').toFixed(1),
      scriptMs: +med(ours, 'scriptMs').toFixed(1),
      peerScriptMs: +med(theirs, 'scriptMs').toFixed(1),
      // What running Backstory's scripts added: the difference of the medians of script time.
      ownScriptMs: +(med(ours, 'scriptMs') - med(theirs, 'scriptMs')).toFixed(1),
      heapMB: +med(ours, 'heapMB').toFixed(2),
      peerHeapMB: +med(theirs, 'heapMB').toFixed(2),
      heapAddedMB: +(med(ours, 'heapMB') - med(theirs, 'heapMB')).toFixed(2),
      heapAfterGcAddedMB: +(med(ours, 'heapAfterGcMB') - med(theirs, 'heapAfterGcMB')).toFixed(2),
      // Each load's task time, in the order run (bench-results/bench.json), to see how the medians spread.
      taskMsPerRun: ours.map((r) => Math.round(r.taskMs)).join(' '),
      peerTaskMsPerRun: theirs.map((r) => Math.round(r.taskMs)).join(' '),
      scanWorkMsPerRun: ours.map((r) => +r.scanWorkMs.toFixed(1)).join(' '),
    };
    rows.push(row);
    console.log(
      `  ${row.page}: our scans ${row.scanWorkMs} ms; task ${row.taskMs} ms against ${row.peerTaskMs} (${row.taskRatio}x), script ${row.scriptMs} against ${row.peerScriptMs} (+${row.ownScriptMs} ms), ` +
        `heap ${row.heapMB} MB against ${row.peerHeapMB} (+${row.heapAddedMB}; +${row.heapAfterGcAddedMB} after GC); ` +
        `pointer sweep ${row.pointerTaskMs} ms against ${row.peerPointerTaskMs}; runner in ${row.runnerFrameCount} of ${row.frames} frames: ${row.runnerFrames}`,
    );
  }
  return rows;
}

interface PackRebuild {
  /** From sending the pack to the answer, on the options page: checking, storing, merging, compiling, publishing, telling tabs. */
  importMs: number;
  /** The background's rebuild of the match data (its `backstory:rebuild` measure): merge, compile, publish. */
  rebuildMs: number;
  detail: { mergeMs: number; compileMs: number; publishMs: number; aliases: number };
}

/** Imports a generated pack into `context`'s Backstory, as the options page does, and reads what the background took. */
async function importPack(context: BrowserContext, aliasCount: number): Promise<PackRebuild> {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const page = await context.newPage();
  await page.goto(new URL('/options.html', worker.url()).href);
  const text = generatedPack(aliasCount, 'bench-pack');
  const importMs = await page.evaluate(async (packText) => {
    const t0 = performance.now();
    const res = await (globalThis as unknown as { chrome: { runtime: { sendMessage: (m: unknown) => Promise<{ ok: boolean; error?: string }> } } }).chrome.runtime.sendMessage({ type: 'pack-add', text: packText, file: 'bench-pack.json', replace: true });
    if (!res.ok) throw new Error(`the pack was refused: ${res.error}`);
    return performance.now() - t0;
  }, text);
  await page.close();
  const [rebuild] = await worker.evaluate(() =>
    performance.getEntriesByName('backstory:rebuild').map((e) => ({ duration: e.duration, detail: (e as PerformanceMeasure).detail as PackRebuild['detail'] })).slice(-1),
  );
  if (!rebuild) throw new Error('the background measured no rebuild');
  return { importMs, rebuildMs: rebuild.duration, detail: rebuild.detail };
}

/** The pack rows: each page scanned with the real build and with the same build plus a 20,000-alias pack, in turn, PAGE_RUNS times. */
async function measurePacks(pages: string[], url: (p: string) => string): Promise<Record<string, unknown>> {
  const real = await settled(await launchWithExtension());
  const withPack = await settled(await launchWithExtension());
  try {
    const rebuild = await importPack(withPack, PACK_ALIASES);
    console.log(
      `Pack rows: a generated pack of ${PACK_ALIASES.toLocaleString()} aliases imported in ${rebuild.importMs.toFixed(0)} ms; the background's rebuild took ${rebuild.rebuildMs.toFixed(0)} ms ` +
        `(merge ${rebuild.detail.mergeMs.toFixed(0)}, compile ${rebuild.detail.compileMs.toFixed(0)}, publish ${rebuild.detail.publishMs.toFixed(0)}; ${rebuild.detail.aliases} patterns)`,
    );
    const injection: Injection[] = [];
    for (let run = 0; run < RUNS; run++) injection.push(await injectionOnce(withPack, url(SMALL_PAGE), INJECTED_MARKS, SCAN_DONE));
    const rows: Record<string, number | string>[] = [];
    /** Each run's figures behind a row's medians: the i-th scans with and without the pack were measured together. */
    const perRun: Record<string, { scanMs: number[]; scanPackMs: number[] }> = {};
    for (const p of pages) {
      const scans: number[] = [];
      const packScans: number[] = [];
      const waits: number[] = [];
      const packWaits: number[] = [];
      const packLongest: number[] = [];
      const packPageTasks: number[] = [];
      for (let run = 0; run < PAGE_RUNS; run++) {
        const steps = [
          async () => {
            const r = await scanOnce(real, url(p));
            scans.push(r.scan.detail.workMs);
            waits.push(r.scan.detail.waitMs);
          },
          async () => {
            const r = await scanOnce(withPack, url(p));
            packScans.push(r.scan.detail.workMs);
            packWaits.push(r.scan.detail.waitMs);
            packLongest.push(r.scan.detail.longestSliceMs);
            packPageTasks.push(Math.max(0, ...r.longTasks));
          },
        ];
        if (run % 2) steps.reverse();
        for (const step of steps) await step();
      }
      const row = {
        page: path.basename(p),
        scanMs: +median(scans).toFixed(2),
        scanPackMs: +median(packScans).toFixed(2),
        packOverReal: +(median(packScans) / median(scans)).toFixed(2),
        waitMs: +median(waits).toFixed(2),
        waitPackMs: +median(packWaits).toFixed(2),
        longestPackSliceMs: +Math.max(...packLongest).toFixed(2),
        pageLongestTaskPackMs: +median(packPageTasks).toFixed(1),
      };
      rows.push(row);
      perRun[row.page] = { scanMs: rounded(scans), scanPackMs: rounded(packScans) };
      console.log(
        `  ${row.page}: scan ${row.scanMs} ms, with the pack ${row.scanPackMs} ms (${row.packOverReal}x); waiting for the background's matcher ${row.waitMs} / ${row.waitPackMs} ms; ` +
          `longest slice with the pack ${row.longestPackSliceMs} ms; the page's longest task with the pack (median) ${row.pageLongestTaskPackMs} ms`,
      );
    }
    const xs = injection.map((r) => r.longest);
    const startupWorst = Math.max(...injection.map((r) => r.startupMs));
    console.log(
      `  longest task on ${SMALL_PAGE} up to the end of our scan, with the pack: median ${median(xs).toFixed(1)} ms, worst ${Math.max(...xs).toFixed(1)} ms; ` +
        `our start-up tasks' worst ${startupWorst.toFixed(1)} ms [${injection.map((r) => `${r.longest}${r.injecting ?? ''}`).join(', ')}]`,
    );
    const summary = {
      packOverReal: { worst: Math.max(...rows.map((r) => r.packOverReal as number)), target: `<= ${TARGETS.aliasRatio}` },
      longestPackSliceMs: { worst: Math.max(...rows.map((r) => r.longestPackSliceMs as number)), target: `<= ${TARGETS.longestTaskMs}` },
      injectionPackTaskMs: { worst: startupWorst, target: `<= ${TARGETS.longestTaskMs}` },
      injectionPackAnyTaskMs: { worst: Math.max(...xs), target: 'for reference: any task, ours or not' },
      packRebuildMs: { worst: +rebuild.rebuildMs.toFixed(0), target: 'for reference: in the background, never on a page' },
    };
    for (const [name, v] of Object.entries(summary)) console.log(`${name}: worst ${v.worst} (target ${v.target})`);
    return { rebuild, injection, rows, perRun, summary };
  } finally {
    await real.close();
    await withPack.close();
  }
}

/**
 * Run as root, the bench starts every Chromium as the user nobody, as a reader's browser runs: as
 * root, Chromium gives its display threads a priority that starves the scan (the script says how).
 */
function startBrowsersUnprivileged(): void {
  if (process.getuid?.() !== 0) return;
  if (spawnSync('setpriv', ['--version']).status !== 0 || spawnSync('id', ['nobody']).status !== 0) {
    console.log('Run as root, without setpriv (util-linux) or a user nobody: Chromium runs as root, its display threads before the scan (docs/performance.md, "Chromium as root").');
    return;
  }
  process.env.BENCH_CHROMIUM = findChromium();
  process.env.CHROMIUM_PATH = path.join(ROOT, 'tests/bench/chromium-unprivileged.sh');
  console.log('Run as root: Chromium is started as the user nobody (tests/bench/chromium-unprivileged.sh).');
}

async function main() {
  startBrowsersUnprivileged();
  if (!fs.existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) throw new Error('Run `npm run build` first.');
  const server = await startServer();
  const useCorpus = fs.existsSync(CORPUS_DIR);
  let pages: string[];
  if (useCorpus) pages = CORPUS_PAGES.filter((p) => fs.existsSync(path.join(CORPUS_DIR, p))).map((p) => `/corpus/${p}`);
  else {
    generatedPage(PAGES_DIR);
    pages = ['/generated-long.html'];
  }
  if (ONLY_PACKS) {
    try {
      const packs = await measurePacks(pages, server.url);
      fs.mkdirSync(path.join(ROOT, 'bench-results'), { recursive: true });
      const out = path.join(ROOT, 'bench-results', 'bench-packs.json');
      fs.writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), runs: RUNS, pageRuns: PAGE_RUNS, packs }, null, 2));
      console.log(`Written to ${path.relative(ROOT, out)}`);
    } finally {
      await server.close();
      if (!useCorpus) fs.rmSync(path.join(PAGES_DIR, 'generated-long.html'), { force: true });
    }
    return;
  }
  const dataset = readDataset().dataset!;
  const aliases = [...new Set(dataset.entities.flatMap((e) => e.aliases.map((a) => a.text)))];

  if (!QUICK) console.log(`Building a variant with a generated 20,000-alias dataset…`);
  const variantDir = QUICK ? undefined : buildAliasVariant();

  // Every browser is started before anything is measured: one starting up on two cores slowed the
  // first page another was loading (the peer's start ran into our first injection).
  const plainBrowser = await chromium.launch({ executablePath: findChromium(), headless: true });
  const plain = await plainBrowser.newContext();
  const peerDir = buildPeerExtension();
  const peer = await launchWithExtension(peerDir);
  const real = await settled(await launchWithExtension());
  const big = variantDir ? await settled(await launchWithExtension(variantDir)) : undefined;

  const rows: Record<string, number | string>[] = [];
  /** Each run's figures behind a row's medians: the i-th scan, 20k scan and floor were measured together, in run i. */
  const perRun: Record<string, { scanMs: number[]; scan20kMs: number[]; floorMs: number[] }> = {};
  const injection: Injection[] = [];
  const injectionPeer: Injection[] = [];
  const injection20k: Injection[] = [];
  let frameRows: Record<string, number | string>[] = [];
  let packRows: Record<string, unknown> | undefined;
  try {
    // Ours and the peer's in turn, so that both meet the same machine; the 20,000-alias build's
    // (megabytes of data to load) after them, so that it does not run into theirs.
    try {
      for (let run = 0; run < RUNS; run++) {
        injection.push(await injectionOnce(real, server.url(SMALL_PAGE), INJECTED_MARKS, SCAN_DONE));
        injectionPeer.push(await injectionOnce(peer, server.url(SMALL_PAGE), PEER_INJECTED_MARKS, PEER_DONE));
      }
      console.log(`Whole pages, with Backstory against the one-line content script (task and script time from the navigation until every frame settled, medians of ${PAGE_RUNS}):`);
      frameRows = await measureFramePages(real, peer, server.url);
    } finally {
      // Closed at once: on two cores, every browser left open competes with the pages measured.
      await peer.close();
      fs.rmSync(peerDir, { recursive: true, force: true });
    }
    if (big) for (let run = 0; run < RUNS; run++) injection20k.push(await injectionOnce(big, server.url(SMALL_PAGE), INJECTED_MARKS, SCAN_DONE));
    // 0 is a load with no task over 50 ms; * marks the task that injected the content script, # the scanner's, + the runner's, = the runner's set-up.
    const spread = (runs: Injection[]) => {
      const xs = runs.map((r) => r.longest);
      const over = runs.filter((r) => r.longest > 0);
      const cpu = (r: Injection) => (r.longest > 0 ? ` (CPU ${r.cpuMs === undefined ? '?' : r.cpuMs.toFixed(1)})` : '');
      return (
        `median ${median(xs).toFixed(1)} ms, worst ${Math.max(...xs).toFixed(1)} ms, ${over.length} of ${xs.length} loads with a task over 50 ms ` +
        `(${over.filter((r) => r.injecting).length} of them its own start-up tasks) [${runs.map((r) => `${r.longest}${r.injecting ?? ''}${cpu(r)}`).join(', ')}]`
      );
    };
    console.log(
      `  longest task on ${SMALL_PAGE} up to the end of our scan (0 = none over 50 ms; * = the task injecting the content script, # the scanner, + the runner, = setting up the runner's modules; ` +
        `CPU = the time its thread ran, from the browser's trace):`,
    );
    console.log(`    Backstory: ${spread(injection)}`);
    console.log(`    a one-line content script: ${spread(injectionPeer)}`);
    if (big) console.log(`    Backstory with 20,000 aliases: ${spread(injection20k)}`);
    for (const p of pages) {
      const url = server.url(p);
      const scans: number[] = [];
      const bigScans: number[] = [];
      const walls: number[] = [];
      const longest: number[] = [];
      const waits: number[] = [];
      const bigWaits: number[] = [];
      const floors: number[] = [];
      const phases: Record<'prepare' | 'read' | 'match' | 'close' | 'mark', number[]> = { prepare: [], read: [], match: [], close: [], mark: [] };
      let readChars = 0;
      const marks: number[] = [];
      let chars = 0;
      let mentions = 0;
      /** Each run's longest task on the page: with the extension until its scan ends, without until the floor. */
      const pageTasksWith: number[] = [];
      const pageTasksWithout: number[] = [];
      const measureScan = async () => {
        const r = await scanOnce(real, url);
        scans.push(r.scan.detail.workMs);
        walls.push(r.scan.duration);
        longest.push(r.scan.detail.longestSliceMs);
        waits.push(r.scan.detail.waitMs);
        mentions = r.scan.detail.mentions;
        phases.prepare.push(r.scan.detail.prepareMs);
        phases.read.push(r.scan.detail.readMs);
        phases.match.push(r.scan.detail.matchMs);
        phases.close.push(r.scan.detail.closeMs);
        phases.mark.push(r.scan.detail.markMs);
        readChars = r.scan.detail.chars;
        pageTasksWith.push(Math.max(0, ...r.longTasks));
      };
      const measureBigScan = async () => {
        if (!big) return;
        const b = await scanOnce(big, url);
        bigScans.push(b.scan.detail.workMs);
        bigWaits.push(b.scan.detail.waitMs);
      };
      const measureFloor = async () => {
        const f = await floorOnce(plain, url);
        floors.push(f.ms);
        pageTasksWithout.push(Math.max(0, ...f.longTasks));
        chars = f.chars;
      };
      const steps = [measureScan, measureBigScan, measureFloor];
      for (let run = 0; run < PAGE_RUNS; run++) {
        // Each round in another order, so that what a place in the order costs (following another
        // browser's page as it closes, on two cores) falls on the three figures alike.
        for (let k = 0; k < steps.length; k++) await steps[(run + k) % steps.length]!();
      }
      // mark.js takes seconds a page: one run each.
      if (!QUICK) marks.push(await markjsOnce(plain, url, aliases));
      const scan = median(scans);
      const row = {
        page: path.basename(p),
        textChars: chars,
        mentions,
        scanMs: +scan.toFixed(2),
        scanWallMs: +median(walls).toFixed(1),
        readChars,
        prepareMs: +median(phases.prepare).toFixed(2),
        readMs: +median(phases.read).toFixed(2),
        matchMs: +median(phases.match).toFixed(2),
        closeMs: +median(phases.close).toFixed(2),
        markMs: +median(phases.mark).toFixed(2),
        floorMs: +median(floors).toFixed(2),
        markjsMs: +median(marks).toFixed(1),
        longestSliceMs: +Math.max(...longest).toFixed(2),
        waitMs: +median(waits).toFixed(2),
        scan20kMs: +median(bigScans).toFixed(2),
        wait20kMs: +median(bigWaits).toFixed(1),
        scanOverFloor: +(scan / median(floors)).toFixed(2),
        // The best of the runs, scan and floor alike: what each costs when nothing else (a garbage
        // collection, the page's own start-up, another process) lands in the middle of it.
        bestScanMs: +Math.min(...scans).toFixed(2),
        bestFloorMs: +Math.min(...floors).toFixed(2),
        bestScanOverBestFloor: +(Math.min(...scans) / Math.min(...floors)).toFixed(2),
        markjsOverScan: +(median(marks) / scan).toFixed(1),
        scan20kOverScan: +(median(bigScans) / scan).toFixed(2),
        // Medians of each run's longest task (0: none over 50 ms). What the extension adds shows as
        // the difference: injecting its content script is a task of its own.
        pageLongestTaskMs: +median(pageTasksWith).toFixed(1),
        plainPageLongestTaskMs: +median(pageTasksWithout).toFixed(1),
      };
      rows.push(row);
      perRun[row.page] = { scanMs: rounded(scans), scan20kMs: rounded(bigScans), floorMs: rounded(floors) };
      console.log(
        `  ${row.page}: scan ${row.scanMs} ms (prepare ${row.prepareMs}, read ${row.readMs}, match ${row.matchMs}, close ${row.closeMs}, mark ${row.markMs}; ${readChars} chars read), floor ${row.floorMs} ms, mark.js ${row.markjsMs} ms`,
      );
    }
    // Last, on their own browsers: the others are closed first (two cores).
    await real.close();
    await big?.close();
    if (PACKS) packRows = await measurePacks(pages, server.url);
  } finally {
    await real.close();
    await big?.close();
    await plainBrowser.close();
    await server.close();
    if (!useCorpus) fs.rmSync(path.join(PAGES_DIR, 'generated-long.html'), { force: true });
    // The variant's build (about 8 MB a time) is of no use after the run.
    if (variantDir) fs.rmSync(path.resolve(variantDir, '../..'), { recursive: true, force: true });
  }

  console.log(`\nBackstory benchmark — medians of ${PAGE_RUNS} loads (${useCorpus ? '../shared/corpus' : 'generated pages'}), ${aliases.length} real aliases`);
  console.table(
    rows.map((r) => ({
      page: r.page,
      chars: r.textChars,
      'scan ms': r.scanMs,
      'floor ms': r.floorMs,
      'scan/floor': r.scanOverFloor,
      'best scan/floor': r.bestScanOverBestFloor,
      'mark.js ms': r.markjsMs,
      'mark.js/scan': r.markjsOverScan,
      'longest slice ms': r.longestSliceMs,
      'wait ms': r.waitMs,
      '20k/real': r.scan20kOverScan,
      '20k wait ms': r.wait20kMs,
      'page long task ms (with/without)': `${r.pageLongestTaskMs} / ${r.plainPageLongestTaskMs}`,
    })),
  );
  const worst = (key: string, f: (...xs: number[]) => number) => f(...rows.map((r) => r[key] as number).filter(Number.isFinite));
  const summary = {
    scanOverFloor: { worst: worst('scanOverFloor', Math.max), target: `<= ${TARGETS.floorRatio}` },
    markjsOverScan: { worst: worst('markjsOverScan', Math.min), target: `>= ${TARGETS.markjsSpeedup}` },
    longestSliceMs: { worst: worst('longestSliceMs', Math.max), target: `<= ${TARGETS.longestTaskMs}` },
    scan20kOverScan: { worst: worst('scan20kOverScan', Math.max), target: `<= ${TARGETS.aliasRatio}` },
    injectionTaskMs: { worst: Math.max(...injection.map((r) => r.startupMs)), target: `<= ${TARGETS.longestTaskMs}` },
    injectionAnyTaskMs: { worst: Math.max(...injection.map((r) => r.longest)), target: 'for reference: any task, ours or not' },
    injectionTaskCpuMs: { worst: +Math.max(0, ...injection.map((r) => r.cpuMs ?? 0)).toFixed(1), target: 'for reference: the time its thread ran in the longest task' },
    injectionPeerTaskMs: { worst: Math.max(...injectionPeer.map((r) => r.longest)), target: 'a one-line content script, for reference' },
    ...framesSummary(frameRows),
  };
  for (const [name, s] of Object.entries(summary)) console.log(`${name}: worst ${s.worst} (target ${s.target})`);
  fs.mkdirSync(path.join(ROOT, 'bench-results'), { recursive: true });
  const out = path.join(ROOT, 'bench-results', 'bench.json');
  fs.writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), runs: RUNS, pageRuns: PAGE_RUNS, injectionTaskMs: injection, injectionPeerTaskMs: injectionPeer, injection20kTaskMs: injection20k, framePages: frameRows, rows, perRun, summary, packs: packRows }, null, 2));
  console.log(`Written to ${path.relative(ROOT, out)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
