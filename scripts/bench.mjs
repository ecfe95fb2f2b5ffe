// npm run bench [-- --out FILE] [--sizes small,large] [--steps 300] [--write-rounds 3] [--import-size 100000]
//                 [--import-rounds 2] [--schema-floor] [--imports csv,colpkg] [--no-imports]
//
// Drives the built app (out/renderer) and the benchmark page (out/bench) in headless Chromium, with the same launch
// as the end-to-end tests, over generated collections from a fixed seed, and prints the figures. Every figure of a
// size comes from one browser profile in one run; ratios compare sizes measured in the same run. Then it imports a
// generated CSV and .colpkg with the app's import code, each against its own floor (the import figures are the
// same whatever the sizes; --import-size makes smaller files, for the tests).
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { serve } from './serve.mjs';

const ROOT = resolve(import.meta.dirname, '..');

/** The app's optimizer module (src/main/optimizer.ts, built by `npm run build:bench`), where its binding loads here. */
async function loadOptimizer() {
  const module = await import(resolve(ROOT, 'out/bench-node/optimizer.js'));
  const loaded = module.loadBinding();
  return loaded.ok ? { ok: true, module } : { ok: false, reason: loaded.reason };
}
// FSRS-6's default parameters, as ts-fsrs has them: what an unoptimized preset uses.
const { default_w: DEFAULT_PARAMETERS } = await import('ts-fsrs');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const outFile = option('out', null);
const sizes = option('sizes', 'small,large').split(',').filter(Boolean); // --sizes '': the imports alone
const STEPS = Number(option('steps', '300'));
// The built app and benchmark page (out/ by default; another folder lets a build be measured while you work).
const OUT = resolve(option('root', join(ROOT, 'out')));
const REPEATS = 5;
// The Statistics screen's figure is the median of more opens: stats_ratio divides by small's, which is mostly the
// fixed cost of drawing nine charts and moved by 30 % between runs over five.
const STATS_REPEATS = 9;
const WRITE_ROUNDS = Number(option('write-rounds', '3'));
const IMPORTS = !args.includes('--no-imports');
// Cards in each imported file: the figures' names say 100k (the CSV) and the issue's .colpkg (100,000 cards and
// 1,000,000 reviews); a smaller size keeps the names, and the log says so.
const IMPORT_SIZE = Number(option('import-size', '100000'));
const IMPORT_ROUNDS = Number(option('import-rounds', '2'));
const SCHEMA_FLOOR = args.includes('--schema-floor');
const IMPORT_KINDS = option('imports', 'csv,colpkg').split(',');

const LAUNCH = {
  headless: true,
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--no-first-run', '--disable-quic',
  ],
  viewport: { width: 1100, height: 800 },
};
const executablePath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
if (executablePath) LAUNCH.executablePath = executablePath;

for (const file of ['renderer/index.html', 'bench/index.html']) {
  if (!existsSync(join(OUT, file))) throw new Error(`${join(OUT, file)} is missing: run npm run bench (it builds first)`);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const log = (...m) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...m);

/** From the deck list: Study all, then the first question shown and answerable. */
async function studyAll(page) {
  const button = page.getByRole('button', { name: 'Study all' });
  await button.waitFor({ state: 'visible', timeout: 120_000 });
  await page.waitForFunction(() => {
    const b = [...document.querySelectorAll('button')].find((x) => x.textContent?.trim() === 'Study all');
    return b && !b.disabled;
  }, null, { timeout: 120_000 });
  await button.click();
  await page.getByRole('button', { name: 'Show answer' }).waitFor({ timeout: 120_000 });
}

/**
 * In the page: for each rating keypress (from the event's time), the time until the next question is in the DOM
 * (dom: the app's work, ready for the next frame), until the first animation frame that shows it (frame: when it
 * can be painted; this adds the wait for the display's next frame, 0-16.7 ms at 60 Hz, whatever the app does), and
 * how many frames began in between (1: shown in the first frame after the keypress).
 */
function installStepProbe() {
  const w = window;
  w.__steps = [];
  let pending = null;
  const questionShown = () => document.querySelector('.show-answer') !== null || document.querySelector('.done') !== null;
  new MutationObserver(() => {
    if (pending && pending.dom === null && questionShown()) pending.dom = performance.now() - pending.t0;
  }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  const frame = () =>
    requestAnimationFrame(() => {
      if (!pending) return;
      pending.frames++;
      if (questionShown()) {
        const now = performance.now();
        w.__steps.push({ dom: pending.dom ?? now - pending.t0, frame: now - pending.t0, frames: pending.frames });
        pending = null;
      } else frame();
    });
  addEventListener(
    'keydown',
    (e) => {
      if (['1', '2', '3', '4'].includes(e.key) && document.querySelector('.ratings')) {
        pending = { t0: e.timeStamp, dom: null, frames: 0 };
        frame();
      }
    },
    true,
  );
}

async function openBenchPage(profile, baseUrl) {
  const context = await chromium.launchPersistentContext(profile, LAUNCH);
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(300_000);
  await page.goto(`${baseUrl}bench/index.html`);
  await page.waitForSelector('#status[data-ready]');
  return { context, page };
}

/**
 * From Settings, a click on the main navigation's `button` (the event's time) to the first animation frame in which
 * `selector` matches: timed in the page, so that Playwright's own round trips are not counted.
 */
async function navigationToFrame(page, button, selector) {
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Settings' }).waitFor();
  await page.evaluate((readySelector) => {
    const w = window;
    w.__navigated = null;
    addEventListener(
      'click',
      (e) => {
        const t0 = e.timeStamp;
        const frame = () =>
          requestAnimationFrame(() => {
            if (document.querySelector(readySelector)) w.__navigated = performance.now() - t0;
            else frame();
          });
        frame();
      },
      { capture: true, once: true },
    );
  }, selector);
  await nav.getByRole('button', { name: button }).click();
  return page.waitForFunction(() => window.__navigated, null, { timeout: 120_000 }).then((h) => h.jsonValue());
}

/** From the input event that `act` causes to the first frame after the Browse screen's rows were replaced. */
async function revisionToFrame(page, act) {
  await page.evaluate(() => {
    const w = window;
    w.__revised = null;
    const section = document.querySelector('.browse');
    const before = section.dataset.revision;
    const start = (e) => {
      const t0 = e.timeStamp;
      const frame = () =>
        requestAnimationFrame(() => {
          if (section.dataset.revision !== before) w.__revised = performance.now() - t0;
          else frame();
        });
      frame();
    };
    addEventListener('keydown', start, { capture: true, once: true });
    addEventListener('click', start, { capture: true, once: true });
  });
  await act();
  return page.waitForFunction(() => window.__revised, null, { timeout: 120_000 }).then((h) => h.jsonValue());
}

/** A query typed into the Browse screen's search box, then Enter: the time to the frame with its rows. */
async function searchToFrame(page, query) {
  const box = page.getByRole('searchbox', { name: 'Search cards' });
  await box.fill(query);
  return revisionToFrame(page, () => box.press('Enter'));
}

async function benchPage(profile, size, baseUrl, nowMs) {
  const { context, page } = await openBenchPage(profile, baseUrl);
  const described = await page.evaluate(([s, now]) => globalThis.retainBench.generate(s, now), [size, nowMs]);
  return { context, page, described };
}

async function measure(size, baseUrl) {
  const figures = {};
  const nowMs = Date.now();
  // The floor is written by a browser of its own (its own profile, its database deleted after each write), so the app
  // is measured on a profile that holds only what a user's would, with no compaction of the floor's data going on.
  // Floor and write take turns, WRITE_ROUNDS times each (a single pair varied by 30 % on this shared machine), the
  // app's database deleted before each new write; the figures are the medians. Each browser generates the collection
  // once, for all rounds.
  const floors = [];
  const writes = [];
  let context;
  let page;
  let profile;
  const floorProfile = mkdtempSync(join(tmpdir(), `retain-bench-floor-${size}-`));
  let floor;
  try {
    floor = await benchPage(floorProfile, size, baseUrl, nowMs);
    profile = mkdtempSync(join(tmpdir(), `retain-bench-${size}-`));
    const opened = await benchPage(profile, size, baseUrl, nowMs);
    ({ context, page } = opened);
    log(size, 'generated', JSON.stringify(opened.described));
    for (let round = 0; round < WRITE_ROUNDS; round++) {
      floors.push(await floor.page.evaluate(() => globalThis.retainBench.floor()));
      if (round > 0) await page.evaluate(() => globalThis.retainBench.clear());
      writes.push(await page.evaluate(() => globalThis.retainBench.write()));
      log(size, `round ${round + 1}: write ${writes.at(-1).toFixed(0)} ms, floor ${floors.at(-1).toFixed(0)} ms`);
    }
  } catch (e) {
    await context?.close().catch(() => {});
    if (profile) rmSync(profile, { recursive: true, force: true });
    throw e;
  } finally {
    await floor?.context.close().catch(() => {});
    rmSync(floorProfile, { recursive: true, force: true });
  }
  try {
    page.setDefaultTimeout(120_000);
    figures.floor_ms = median(floors);
    figures.write_ms = median(writes);
    figures.write_ratio = figures.write_ms / figures.floor_ms;

    // Optimize: the training set read from the stored collection in the page (the app's code), then the app's
    // optimizer module in Node, as the desktop app's main process runs it (fit, then both evaluations).
    const optimizer = await loadOptimizer();
    if (optimizer.ok) {
      const { read_ms, set } = await page.evaluate(() => globalThis.retainBench.trainingSet());
      const typed = { ...set, ratings: Uint8Array.from(set.ratings), deltas: Uint32Array.from(set.deltas), starts: Uint32Array.from(set.starts), ends: Uint32Array.from(set.ends) };
      const t0 = performance.now();
      const result = await optimizer.module.optimize(typed, DEFAULT_PARAMETERS, { numRelearningSteps: 1 });
      const fit_ms = performance.now() - t0;
      figures.optimize_ms = read_ms + fit_ms;
      const e = (x) => (x ? `log loss ${x.logLoss.toFixed(4)}, RMSE ${x.rmse.toFixed(4)}` : 'no figures');
      log(size, `optimize: ${result.items} items from ${result.reviews} reviews of ${set.cards} cards; reading ${read_ms.toFixed(0)} ms, fitting and evaluating ${fit_ms.toFixed(0)} ms; defaults ${e(result.current)}, fitted ${e(result.optimized)}${result.improved ? ' (kept)' : ' (not kept)'}`);
    } else log(size, `optimize: skipped, ${optimizer.reason}`);

    const app = `${baseUrl}renderer/index.html`;
    await page.goto(app);
    await studyAll(page); // the first open also loads the bundled decks: not measured

    // From the click on Decks (the event's time) to the first frame that shows the list with its counts.
    const deckList = [];
    for (let i = 0; i < REPEATS; i++) deckList.push(await navigationToFrame(page, 'Decks', 'tfoot td.count-new'));
    figures.deck_list_ms = median(deckList);
    const total = await page.locator('tfoot td').allInnerTexts();
    log(size, 'deck list totals (new, learning, due):', total.filter((t) => t !== '').join(', '));

    // The Statistics screen: from the click on Statistics to the first frame with every panel drawn (the screen marks
    // itself data-ready once its panels have rendered; the last chart's canvas is there once every chart is).
    const stats = [];
    const drawn = '.stats[data-ready] [data-testid="hours-chart"] canvas';
    for (let i = 0; i < STATS_REPEATS; i++) stats.push(await navigationToFrame(page, 'Statistics', drawn));
    figures.stats_ms = median(stats);
    // The screen's own marks (state/stats.svelte.ts): reading from IndexedDB, then building the panels.
    const parts = await page.evaluate(() => Object.fromEntries(['stats:gather', 'stats:build'].map((n) => [n, performance.getEntriesByName(n).map((e) => e.duration)])));
    log(size, `statistics: ${stats.map((x) => x.toFixed(0)).join(' ')} ms; median gather ${median(parts['stats:gather']).toFixed(0)} ms, build ${median(parts['stats:build']).toFixed(0)} ms`);
    log(size, 'statistics:', await page.getByTestId('today-summary').innerText(), '|', await page.locator('.stats .stats-note').first().innerText());

    // Browse: opening it on a page just loaded builds the index of every card (the card summaries and every note);
    // from the click to the first frame with the count of cards found.
    const browseOpen = [];
    for (let i = 0; i < REPEATS; i++) {
      await page.reload();
      await page.locator('tfoot td.count-new').waitFor();
      browseOpen.push(await navigationToFrame(page, 'Browse', '[data-testid="browse-count"]'));
    }
    figures.browse_open_ms = median(browseOpen);
    const loads = await page.evaluate(() => performance.getEntriesByName('browse:load', 'measure').map((e) => e.duration));
    log(size, `browse open: ${browseOpen.map((x) => x.toFixed(0)).join(' ')} ms (reading and indexing ${median(loads).toFixed(0)} ms)`);
    // Searches: the slowest of a few typical queries, each from the Enter key to the first frame showing its rows
    // (median of REPEATS runs of each).
    const queries = [
      '"what is 12"',
      `deck:"Bench ${size} 0*" is:due`,
      'tag:tagged prop:r<0.8',
      '-is:new prop:ivl>=30 prop:lapses>=2',
      'rated:7:1 OR added:7',
      '(is:learn OR is:suspended) -flag:0',
    ];
    let slowest = 0;
    for (const query of queries) {
      const times = [];
      for (let i = 0; i < REPEATS; i++) times.push(await searchToFrame(page, query));
      slowest = Math.max(slowest, median(times));
      log(size, `search ${query}: ${times.map((x) => x.toFixed(0)).join(' ')} ms, ${await page.getByTestId('browse-count').innerText()}`);
    }
    figures.search_ms = slowest;
    // Sorting every card by another column (the screen opens sorted by the sort field): Due, then Tags (texts,
    // ranked the first time they are sorted by).
    await searchToFrame(page, '');
    figures.browse_sort_ms = await revisionToFrame(page, () => page.getByRole('columnheader', { name: 'Due' }).getByRole('button').click());
    const tagSort = await revisionToFrame(page, () => page.getByRole('columnheader', { name: 'Tags' }).getByRole('button').click());
    log(size, `sort all cards by due: ${figures.browse_sort_ms.toFixed(0)} ms, by tags: ${tagSort.toFixed(0)} ms`);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Decks' }).click();
    await page.locator('tfoot td.count-new').waitFor();

    const startup = [];
    for (let i = 0; i < REPEATS; i++) {
      const t0 = performance.now();
      await page.reload();
      await studyAll(page);
      startup.push(performance.now() - t0);
    }
    figures.startup_ms = median(startup);

    await page.evaluate(installStepProbe);
    const pattern = ['3', '3', '3', '2', '3', '4', '3', '3', '1', '3'];
    for (let i = 0; i < STEPS; i++) {
      if (await page.locator('.done').count()) throw new Error(`${size}: the queue ran out after ${i} ratings`);
      await page.keyboard.press('Space');
      await page.locator('.ratings').waitFor();
      await page.keyboard.press(pattern[i % pattern.length]);
      await page.waitForFunction((n) => globalThis.__steps.length > n, i);
    }
    const steps = await page.evaluate(() => globalThis.__steps);
    figures.review_step_p50_ms = percentile(steps.map((s) => s.dom), 50);
    figures.review_step_p95_ms = percentile(steps.map((s) => s.dom), 95);
    figures.review_step_frame_p50_ms = percentile(steps.map((s) => s.frame), 50);
    figures.review_step_frame_p95_ms = percentile(steps.map((s) => s.frame), 95);
    figures.review_step_first_frame_pct = (100 * steps.filter((s) => s.frames === 1).length) / steps.length;

    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    figures.heap_mb = usedSize / 2 ** 20;

    // Browse after studying: the first open of this page builds the index; then, REPEATS times, 10 more answers and
    // Browse again, from the click to the first frame with the rows found in the index caught up with those answers
    // (the screen's revision moves on once they are in).
    const nav = page.getByRole('navigation', { name: 'Main' });
    await navigationToFrame(page, 'Browse', '[data-testid="browse-count"]');
    const reopen = [];
    for (let i = 0; i < REPEATS; i++) {
      const revision = Number(await page.locator('section.browse').getAttribute('data-revision'));
      await nav.getByRole('button', { name: 'Decks' }).click();
      await studyAll(page);
      for (let j = 0; j < 10; j++) {
        if (await page.locator('.done').count()) throw new Error(`${size}: the queue ran out before Browse was opened again`);
        await page.keyboard.press('Space');
        await page.locator('.ratings').waitFor();
        await page.keyboard.press(pattern[j]);
        await page.locator('.show-answer, .done').first().waitFor();
      }
      await page.waitForFunction(() => document.querySelector('[data-unsaved]')?.getAttribute('data-unsaved') === '0');
      reopen.push(await navigationToFrame(page, 'Browse', `section.browse:not([data-revision="${revision}"])`));
      await page.getByTestId('browse-count').waitFor();
    }
    figures.browse_reopen_ms = median(reopen);
    log(size, `browse open after 10 answers: ${reopen.map((x) => x.toFixed(0)).join(' ')} ms; rebuilt ${await page.evaluate(() => performance.getEntriesByName('browse:load', 'measure').length)} time(s) on this page; change log reset by ${await page.evaluate(() => [...new Set(performance.getEntriesByName('changes:reset').map((e) => e.detail))].join(', ') || 'nothing')}; could not follow: ${await page.evaluate(() => performance.getEntriesByName('browse:rebuild').map((e) => e.detail).join(', ') || 'never')}`);

    await context.close();
    context = await chromium.launchPersistentContext(profile, LAUNCH);
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(120_000);
    const t0 = performance.now();
    await page.goto(app);
    await studyAll(page);
    figures.cold_startup_ms = performance.now() - t0;
    return figures;
  } finally {
    await context?.close().catch(() => {});
    if (profile) rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * One import of a generated file (`csv` or `colpkg`), from the bytes in hand to the transaction committed, against its
 * floor: a bare IndexedDB write of as many plain records of the same sizes as the import writes (as for the
 * collections). Floor and import take turns IMPORT_ROUNDS times, each in a fresh browser profile of its own (a second
 * round in the same profile ran while LevelDB compacted the first one's deleted data, up to 40% slower), and the
 * medians count: one import or floor alone varied by a third between runs on this shared machine. The file is
 * generated once, in the first profile, and served to the others; the first floor's profile also finds out what the
 * import writes (its record sizes). With --schema-floor, that profile also times the same records written into the
 * app's object stores, keys and indexes (the schema floor), which separates what storing the cards in our schema
 * costs from what the import code adds.
 */
async function measureImport(kind, cards, baseUrl) {
  const nowMs = Date.now();
  const files = IMPORT_FILES;
  let made = null;
  const inProfile = async (name, work) => {
    const profile = mkdtempSync(join(tmpdir(), `retain-bench-${name}-`));
    try {
      const { context, page } = await openBenchPage(profile, baseUrl);
      try {
        return await work(page);
      } finally {
        await context.close().catch(() => {}); // if the browser died, the work's own error says why
      }
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  };
  /** The file in this page: generated in the first profile (and saved), fetched from disk in the others. */
  const withFile = async (page) => {
    if (made) {
      await page.evaluate(([name]) => globalThis.retainBench.loadImport(`/bench-files/${encodeURIComponent(name)}`, name), [made.file]);
      return;
    }
    made = await page.evaluate(([k, n, now]) => globalThis.retainBench.prepareImport(k, n, now), [kind, cards, nowMs]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.evaluate(() => globalThis.retainBench.saveImport())]);
    await download.saveAs(join(files, made.file));
    log(`import ${kind}: ${made.file}, ${(made.bytes / 2 ** 20).toFixed(1)} MiB, generated in ${made.generate_ms.toFixed(0)} ms`);
  };
  try {
    let sizing = null;
    let schema = null;
    const floors = [];
    const runs = [];
    for (let round = 0; round < IMPORT_ROUNDS; round++) {
      floors.push(
        await inProfile(`import-floor-${kind}`, async (page) => {
          if (!sizing) {
            await withFile(page);
            sizing = await page.evaluate((now) => globalThis.retainBench.importSizing(now), nowMs);
            if (SCHEMA_FLOOR) schema = await page.evaluate(() => globalThis.retainBench.importSchemaFloor());
          }
          return page.evaluate((sizes) => globalThis.retainBench.importFloor(sizes), sizing.sizes);
        }),
      );
      runs.push(
        await inProfile(`import-${kind}`, async (page) => {
          await withFile(page);
          return page.evaluate((now) => globalThis.retainBench.runImport(now), nowMs);
        }),
      );
      const run = runs[round];
      log(
        `import ${kind} round ${round + 1}: floor ${floors[round].toFixed(0)} ms for ${sizing.records} records, ` +
          `${(sizing.bytes / 2 ** 20).toFixed(1)} MiB; import ${run.ms.toFixed(0)} ms (file to bundle ${run.open_ms.toFixed(0)}, ` +
          `reading the collection ${run.read_ms.toFixed(0)}, preparing and writing ${run.write_ms.toFixed(0)}): ${run.notes} notes, ` +
          `${run.cards} cards, ${run.reviews} reviews, ${run.problems} problems, ${run.records} records`,
      );
      if (run.records !== sizing.records) throw new Error(`import ${kind}: the floor wrote ${sizing.records} records, the import ${run.records}`);
    }
    if (schema !== null) log(`import ${kind}: schema floor (the same records, the app's keys and indexes) ${schema.toFixed(0)} ms`);
    const ms = median(runs.map((r) => r.ms));
    return { ms, ratio: ms / median(floors), ...(schema === null ? {} : { schemaRatio: ms / schema }) };
  } finally {
    rmSync(join(files, made?.file ?? 'none'), { force: true });
  }
}

// The generated import files, served to the profiles after the first at /bench-files/.
const IMPORT_FILES = mkdtempSync(join(tmpdir(), 'retain-bench-files-'));
const { server, url } = await serve(OUT, 0, { '/bench-files/': IMPORT_FILES });
const results = {};
const imports = {};
try {
  for (const size of sizes) {
    log(`measuring ${size}...`);
    const figures = await measure(size, url);
    for (const [k, v] of Object.entries(figures)) results[`${size}.${k}`] = Math.round(v * 100) / 100;
  }
  if (IMPORTS) {
    if (IMPORT_SIZE !== 100_000) log(`imports of ${IMPORT_SIZE} cards, not 100,000: the import figures keep their names but are not comparable`);
    for (const [kind, name] of [['csv', 'import_csv_100k'], ['colpkg', 'import_colpkg']].filter(([k]) => IMPORT_KINDS.includes(k))) {
      log(`measuring the ${kind} import...`);
      const { ms, ratio, schemaRatio } = await measureImport(kind, IMPORT_SIZE, url);
      imports[`${name}_ms`] = Math.round(ms * 100) / 100;
      imports[`${name}_ratio`] = Math.round(ratio * 100) / 100;
      if (schemaRatio !== undefined) imports[`${name}_schema_ratio`] = Math.round(schemaRatio * 100) / 100;
    }
    Object.assign(results, imports);
  }
} finally {
  server.close();
  rmSync(IMPORT_FILES, { recursive: true, force: true });
}
if (results['large.review_step_p50_ms'] !== undefined && results['small.review_step_p50_ms'] !== undefined) {
  const r = (k) => Math.round((results[`large.${k}`] / results[`small.${k}`]) * 100) / 100;
  results['step_ratio'] = r('review_step_p50_ms');
  results['startup_ratio'] = r('startup_ms');
  results['stats_ratio'] = r('stats_ms');
}

const names = [...new Set(Object.keys(results).filter((k) => k.includes('.')).map((k) => k.split('.')[1]))];
const rows = names.map((n) => [n, ...sizes.map((s) => String(results[`${s}.${n}`] ?? ''))]);
const widths = [Math.max(...rows.map((r) => r[0].length), 6), ...sizes.map((s, i) => Math.max(s.length, ...rows.map((r) => r[i + 1].length)))];
const line = (cells) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
console.log(`Retain benchmark: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, ${executablePath ?? 'Playwright Chromium'}`);
if (sizes.length > 0) {
  console.log(line(['figure', ...sizes]));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}
for (const k of ['step_ratio', 'startup_ratio', 'stats_ratio']) if (results[k] !== undefined) console.log(`${k}: ${results[k]}`);
if (Object.keys(imports).length > 0) {
  const label = IMPORT_SIZE === 100_000 ? 'imports' : `imports (${IMPORT_SIZE} cards)`;
  const width = Math.max(...Object.keys(imports).map((k) => k.length), label.length);
  const valueWidth = Math.max(...Object.values(imports).map((v) => String(v).length), 5);
  console.log('');
  console.log(`| ${label.padEnd(width)} | ${'value'.padStart(valueWidth)} |`);
  console.log(`|${'-'.repeat(width + 2)}|${'-'.repeat(valueWidth + 2)}|`);
  for (const [k, v] of Object.entries(imports)) console.log(`| ${k.padEnd(width)} | ${String(v).padStart(valueWidth)} |`);
}
if (outFile) {
  writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`figures written to ${outFile}`);
}
