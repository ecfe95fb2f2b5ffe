// Shared set-up for the end-to-end tests: the built renderer (out/renderer) served over http on 127.0.0.1, driven
// in Chromium. Every test fails on a request that leaves the app's own origin and on a CSP violation.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, expect, test as base, type BrowserContext, type Page } from '@playwright/test';
// @ts-expect-error: a plain .mjs script without type declarations
import { serve } from '../../scripts/serve.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// RETAIN_OUT: a build made elsewhere than out/ (see electron.vite.config.ts).
const RENDERER = join(resolve(ROOT, process.env['RETAIN_OUT'] ?? 'out'), 'renderer');

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // CRASH_CHROMIUM_ARGS: extra flags, space separated (e.g. logging while investigating a crash-test failure).
  ...(process.env['CRASH_CHROMIUM_ARGS'] ?? '').split(' ').filter(Boolean),
];

/** Debian's Chromium here and in CI; CHROMIUM_PATH overrides; elsewhere Playwright's own browser. */
function executablePath(): string | undefined {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv) return fromEnv;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

export interface AppHandle {
  url: string;
  /** The browser profile folder (IndexedDB is under Default/IndexedDB). */
  profile: string;
  /** Starts the browser on a profile folder (kept across launches, as a user's would be) and opens the app. */
  launch(options?: { time?: number; beforeOpen?: (page: Page) => Promise<void> }): Promise<{ context: BrowserContext; page: Page }>;
  /** Closes the browser (the profile stays). */
  close(): Promise<void>;
  /** Kills the browser at once (SIGKILL to every process of its profile), as a crash or a power cut would. */
  kill(): Promise<void>;
  /** What went wrong so far: requests off the app's origin, CSP violations, page errors. */
  problems: string[];
}

export const test = base.extend<{ app: AppHandle }, { server: { url: string } }>({
  server: [
    async ({}, use) => {
      if (!existsSync(join(RENDERER, 'index.html'))) throw new Error('Build first: npm run build (out/renderer is missing)');
      const { server, url } = (await serve(RENDERER)) as { server: Server; url: string };
      await use({ url });
      server.close();
    },
    { scope: 'worker' },
  ],
  app: async ({ server }, use) => {
    const profile = mkdtempSync(join(tmpdir(), 'retain-e2e-'));
    // KEEP_PROFILE=1: the profile folder stays after the test, to look into.
    if (process.env['KEEP_PROFILE']) console.log(`[app] profile: ${profile}`);
    const origin = new URL(server.url).origin;
    const problems: string[] = [];
    let context: BrowserContext | null = null;
    let snapshots = 0;
    const handle: AppHandle = {
      url: server.url,
      profile,
      problems,
      async launch(options = {}) {
        const path = executablePath();
        context = await chromium.launchPersistentContext(profile, {
          ...(path ? { executablePath: path } : {}),
          args: ARGS,
          headless: true,
          viewport: { width: 1100, height: 800 },
        });
        context.on('request', (request) => {
          const url = request.url();
          if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin) {
            problems.push(`request left the app: ${url}`);
          }
        });
        const page = context.pages()[0] ?? (await context.newPage());
        if (options.time !== undefined) await page.clock.install({ time: options.time });
        // What must be in place before the app's first script runs (a stand-in for the desktop app's bridge).
        await options.beforeOpen?.(page);
        page.on('console', (message) => {
          if (process.env['PAGE_CONSOLE']) console.log(`[page ${message.type()}] ${message.text()}`);
          if (/Content Security Policy/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
        });
        page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
        await page.goto(server.url);
        // Opening a large collection after a kill (IndexedDB recovers first) can take a while on a loaded machine. The
        // app opens on its deck list, or on the screen that says the browser lost the collection.
        await expect(page.getByRole('heading', { name: 'Decks' }).or(page.getByTestId('lost-collection'))).toBeVisible({ timeout: 30_000 });
        return { context, page };
      },
      async close() {
        await context?.close();
        context = null;
      },
      async kill() {
        const pids = () =>
          spawnSync('pgrep', ['-f', '--', `--user-data-dir=${profile}`], { encoding: 'utf8' })
            .stdout.split('\n')
            .filter(Boolean)
            .map(Number);
        for (const pid of pids()) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
        context = null;
        await expect.poll(() => pids().length, { message: 'the killed browser is gone' }).toBe(0);
        // KEEP_PROFILE: the IndexedDB folder as the kill left it (before the next start recovers it), the last two kept.
        if (process.env['KEEP_PROFILE']) {
          snapshots++;
          cpSync(join(profile, 'Default', 'IndexedDB'), `${profile}-kill${snapshots}`, { recursive: true });
          rmSync(`${profile}-kill${snapshots - 2}`, { recursive: true, force: true });
        }
      },
    };
    await use(handle);
    await handle.close();
    if (!process.env['KEEP_PROFILE']) rmSync(profile, { recursive: true, force: true });
    expect(problems, 'requests off the app origin, CSP violations or page errors').toEqual([]);
  },
});

export { expect };

/** The counts of one row in the deck list (or the "All decks" totals with `deck` undefined). */
export async function deckCounts(page: Page, deckName?: string): Promise<{ new: number; learning: number; review: number }> {
  const row = deckName
    ? page.getByRole('row').filter({
        // A deck's row header holds its name (after the common "...: " prefix for the bundled decks) and description.
        // A nested deck's row shows its last level, with the levels above in text for screen readers (`Colours:: Warm`).
        has: page.getByRole('rowheader', {
          name: new RegExp(`(?:^|: )${deckName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/::/g, '::\\s?')}(?: |$)`),
        }),
      })
    : page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'All decks' }) });
  const read = async (kind: string) => Number(await row.locator(`td.count-${kind}`).innerText());
  return { new: await read('new'), learning: await read('learning'), review: await read('review') };
}

/** The review screen's remaining counts. */
export async function remaining(page: Page): Promise<{ new: number; learning: number; review: number }> {
  const read = async (kind: string) => Number(await page.locator(`[data-remaining="${kind}"]`).innerText());
  return { new: await read('new'), learning: await read('learning'), review: await read('review') };
}

/** Answers the shown card by keyboard: Space shows the answer, then the rating key. Returns the question text. */
export async function answerByKeyboard(page: Page, rating: 1 | 2 | 3 | 4): Promise<string> {
  const question = await page.getByTestId('question').innerText();
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Good' })).toBeVisible();
  await page.keyboard.press(String(rating));
  await expect(
    page.getByRole('button', { name: 'Show answer' }).or(page.getByRole('heading', { name: 'Finished for today' })),
  ).toBeVisible();
  return question;
}

export const MINUTE = 60_000;
export const DAY = 86_400_000;

/** A button of the main navigation (Decks, Statistics, Import, Settings). */
export const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name });
