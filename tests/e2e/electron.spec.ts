// Real Electron, end to end: launch the built app, find the deck list, rate one card.
//
// Runs only where an Electron binary exists. The electron npm package (45) downloads its binary
// lazily: `require('electron')` reads node_modules/electron/path.txt and, when that file or
// dist/<path> is missing, runs install.js to fetch it from GitHub. Playwright's
// `_electron.launch()` does that same require. So the binary is looked for here without requiring
// the package, and the test is skipped at once when it is missing: no download is ever attempted.

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SKIP_MESSAGE =
  'No Electron binary on this machine (it downloads on first launch and there is no network): real-Electron test skipped';

type BinaryLookup = { found: true; path: string } | { found: false; detail: string };

/** Where `require('electron')` would point, without running it (it would start a download). */
function findElectronBinary(): BinaryLookup {
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(join(ROOT, 'package.json')).resolve('electron/package.json'));
  } catch {
    return { found: false, detail: 'the electron npm package is not installed' };
  }
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  let binary: string;
  if (override) binary = join(override, relative || 'electron');
  else if (relative) binary = join(packageDir, 'dist', relative);
  else return { found: false, detail: `${pathFile} is missing: the binary was never downloaded` };
  return existsSync(binary) ? { found: true, path: binary } : { found: false, detail: `${binary} is missing` };
}

/** The review screen's count of cards left: a [data-testid=remaining] element or "N remaining/left". */
async function remainingCount(page: Page): Promise<number | null> {
  const byTestId = page.getByTestId('remaining');
  const text = (await byTestId.count())
    ? await byTestId.first().innerText()
    : await page.locator('body').innerText();
  const match = /(\d+)\s*(?:cards?\s*)?(?:remaining|left)/i.exec(text) ?? (await byTestId.count() ? /(\d+)/.exec(text) : null);
  return match?.[1] === undefined ? null : Number(match[1]);
}

test.describe('Retain in real Electron', () => {
  const binary = findElectronBinary();
  test.skip(!binary.found, SKIP_MESSAGE);
  // The list reporter does not print skip reasons: say why, with what was looked for.
  if (!binary.found) console.warn(`[electron.spec] ${SKIP_MESSAGE} (${binary.detail})`);

  test('shows the decks and rates a card', async () => {
    if (binary.found) test.info().annotations.push({ type: 'electron', description: binary.path });
    expect(
      existsSync(join(ROOT, 'out/main/index.js')) && existsSync(join(ROOT, 'out/preload/index.cjs')),
      'build first: npx electron-vite build',
    ).toBe(true);

    // The built page, never a dev server that happens to be named in the environment.
    const env = { ...process.env } as Record<string, string>;
    delete env['ELECTRON_RENDERER_URL'];

    // A binary without a display (a headless Linux box) cannot open a window: run under xvfb-run.
    test.skip(
      process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY'],
      'Electron binary found but no display (DISPLAY is unset): run the test under xvfb-run',
    );

    let app: ElectronApplication;
    try {
      app = await _electron.launch({ args: ['.'], cwd: ROOT, env, timeout: 30_000 });
    } catch (error) {
      test.skip(/Unable to open X display/.test(String(error)), 'Electron cannot open an X display: run under xvfb-run');
      throw error;
    }

    try {
      const window = await app.firstWindow();

      // The window is sandboxed and isolated: no Node in the page, only the contract on window.api.
      const bridge = await window.evaluate(async () => {
        const w = globalThis as unknown as { api?: Record<string, unknown>; require?: unknown; process?: unknown };
        const api = w.api as { appInfo?: () => Promise<{ electron: string | null }> } | undefined;
        return {
          keys: Object.keys(w.api ?? {}).sort(),
          info: await api?.appInfo?.(),
          require: typeof w.require,
          process: typeof w.process,
        };
      });
      expect(bridge.keys).toEqual(['appInfo', 'chooseImportFile', 'onMenuCommand']);
      expect(bridge.info?.electron).toBeTruthy();
      expect(bridge.require).toBe('undefined');
      expect(bridge.process).toBe('undefined');

      await expect(
        window.getByRole('heading', { name: 'Decks' }).or(window.getByText('Decks', { exact: true })).first(),
      ).toBeVisible({ timeout: 15_000 });

      // Study: the page's button if it has one, else the Study menu (main -> renderer event).
      const studyButton = window.getByRole('button', { name: /study all/i }).first();
      if (await studyButton.isVisible()) await studyButton.click();
      else await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.getMenuItemById('study-all')?.click());

      const showAnswer = window.getByRole('button', { name: /show answer/i });
      await expect(showAnswer).toBeVisible({ timeout: 15_000 });
      const before = await remainingCount(window);
      expect(before, 'the review screen shows how many cards are left').not.toBeNull();
      await showAnswer.click();
      await window.getByRole('button', { name: /^good\b/i }).click();

      // Rated: the count of cards left changes (or the session ends and the count goes away).
      await expect.poll(() => remainingCount(window), { timeout: 10_000 }).not.toBe(before);
    } finally {
      await app.close();
    }
  });
});
