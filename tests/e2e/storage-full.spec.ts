// A full disk (or a used-up storage quota) in the browser build: IndexedDB writes are made to fail as they do then,
// with a QuotaExceededError, while a flag in the page is set. During a review the rating is refused with a clear
// message and its card comes back; during an import nothing is imported. After a reload the collection is exactly as
// it was, and once there is space again the same rating and the same import go through.
import type { BrowserContext, Page } from '@playwright/test';
import { answerByKeyboard, deckCounts, expect, nav, test } from './app';

const DECK = 'Terms and concepts';
const T0 = new Date(2026, 2, 2, 10, 0, 0).getTime(); // a Monday morning, well after the 4:00 day start
const NO_SPACE = "there is no space left for Retain's data (the disk is full or the browser's storage quota is used up)";
const studyButton = (page: Page) => page.getByRole('button', { name: new RegExp(`^Study .*${DECK}$`) });

/**
 * In the page: every IndexedDB put and add throws a QuotaExceededError while `window.__retainWritesFail` is true.
 * The import worker is a thread of its own that an init script does not reach: the page sends it the flag ahead of
 * every message (it takes effect for the work that message starts), and its script is served with the same patch.
 */
function failingWritesInPage(): void {
  const flags = window as unknown as { __retainWritesFail: boolean };
  flags.__retainWritesFail = false;
  for (const name of ['put', 'add'] as const) {
    const original = IDBObjectStore.prototype[name] as (...args: unknown[]) => IDBRequest;
    (IDBObjectStore.prototype as unknown as Record<string, unknown>)[name] = function (this: IDBObjectStore, ...args: unknown[]) {
      if (flags.__retainWritesFail) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return original.apply(this, args);
    };
  }
  const post = Worker.prototype.postMessage as (this: Worker, ...args: unknown[]) => void;
  Worker.prototype.postMessage = function (this: Worker, ...args: unknown[]) {
    post.call(this, { __retainWritesFail: flags.__retainWritesFail });
    post.apply(this, args);
  } as Worker['postMessage'];
}

const WORKER_PATCH = `(() => {
  let fail = false;
  self.addEventListener('message', (event) => {
    if (event.data && typeof event.data === 'object' && '__retainWritesFail' in event.data) {
      fail = event.data.__retainWritesFail === true;
      event.stopImmediatePropagation();
    }
  });
  for (const name of ['put', 'add']) {
    const original = IDBObjectStore.prototype[name];
    IDBObjectStore.prototype[name] = function (...args) {
      if (fail) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return original.apply(this, args);
    };
  }
})();
`;

async function withFailingWrites(context: BrowserContext, page: Page): Promise<{ workersPatched: () => number }> {
  let patched = 0;
  await context.route(/\/import\.worker-[^/]*\.js$/, async (route) => {
    const response = await route.fetch();
    patched++;
    await route.fulfill({ response, body: WORKER_PATCH + (await response.text()) });
  });
  await page.addInitScript(failingWritesInPage);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Decks' })).toBeVisible();
  return { workersPatched: () => patched };
}

/** Shows the answer and presses Good (3), without waiting for what follows. */
async function rateGood(page: Page): Promise<void> {
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Good' })).toBeVisible();
  await page.keyboard.press('3');
}

const writesFail = (page: Page, fail: boolean) =>
  page.evaluate((value) => void ((window as unknown as { __retainWritesFail: boolean }).__retainWritesFail = value), fail);

/** The Statistics screen's Today panel, as text: answers, new cards, Again, retention, streaks. */
async function todayPanel(page: Page): Promise<string> {
  await nav(page, 'Statistics').click();
  const panel = page.getByRole('region', { name: 'Today' });
  await expect(panel).toBeVisible();
  const text = await panel.innerText();
  await nav(page, 'Decks').click();
  await expect(studyButton(page)).toBeVisible();
  return text;
}

test('a rating when the disk is full: the message, the card again, nothing stored; then it goes through', async ({ app }) => {
  const { context, page } = await app.launch({ time: T0 });
  await withFailingWrites(context, page);

  // One card rated and stored: the collection has something to keep as it is.
  await studyButton(page).click();
  await expect(page.getByRole('button', { name: 'Show answer' })).toBeVisible();
  await answerByKeyboard(page, 3);
  await page.keyboard.press('Escape');
  await expect.poll(() => deckCounts(page, DECK)).toEqual({ new: 19, learning: 1, review: 0 });
  const counts = await deckCounts(page);
  const today = await todayPanel(page);
  expect(today).toContain('Studied 1 card');

  await studyButton(page).click();
  const question = page.getByTestId('question');
  await expect(page.getByRole('button', { name: 'Show answer' })).toBeVisible();
  const asked = await question.innerText();
  await writesFail(page, true);
  await rateGood(page);
  await expect(page.getByRole('alert')).toHaveText(`Your rating was not saved: ${NO_SPACE}. Free some space, then rate the card again.`);
  // The session went back to what is stored: the same card, asking again.
  await expect(page.getByRole('button', { name: 'Show answer' })).toBeVisible();
  await expect(question).toHaveText(asked);
  await page.screenshot({ path: test.info().outputPath('rating-disk-full.png') });

  // Nothing of the rating was stored: the deck list (read from storage) and, after a reload, the statistics.
  await page.keyboard.press('Escape');
  await expect.poll(() => deckCounts(page, DECK)).toEqual({ new: 19, learning: 1, review: 0 });
  await page.reload(); // the flag starts false again
  await expect.poll(() => deckCounts(page)).toEqual(counts);
  expect(await todayPanel(page)).toBe(today);

  // Full again, then space again in the same session: the same card, the same rating, stored this time.
  await studyButton(page).click();
  await expect(question).toHaveText(asked);
  await writesFail(page, true);
  await rateGood(page);
  await expect(page.getByRole('alert')).toContainText(NO_SPACE);
  await expect(question).toHaveText(asked);
  await writesFail(page, false);
  await rateGood(page);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Show answer' })).toBeVisible();
  await expect(question).not.toHaveText(asked);
  await page.keyboard.press('Escape');
  await expect.poll(() => deckCounts(page, DECK)).toEqual({ new: 18, learning: 2, review: 0 });
  await page.reload();
  await expect.poll(() => deckCounts(page, DECK)).toEqual({ new: 18, learning: 2, review: 0 });
  expect(await todayPanel(page)).toContain('Studied 2 cards');
});

test('an import when the disk is full: the message, no deck added; then it goes through', async ({ app }) => {
  const { context, page } = await app.launch({ time: T0 });
  const { workersPatched } = await withFailingWrites(context, page);
  const decksBefore = await page.getByRole('rowheader').allInnerTexts();
  const csv = { name: 'Spanish verbs.csv', mimeType: 'text/csv', buffer: Buffer.from('ser,to be\nir,to go\nhablar,to speak\n') };
  const importIt = async () => {
    await nav(page, 'Import').click();
    await page.getByLabel('Choose file').setInputFiles(csv);
    await expect(page.getByText('Spanish verbs.csv: 3 rows, 2 columns')).toBeVisible();
    await page.getByRole('region', { name: 'Import' }).getByRole('button', { name: 'Import', exact: true }).click();
  };

  await writesFail(page, true);
  await importIt();
  await expect(page.getByRole('alert')).toContainText('Nothing was imported.');
  await expect(page.getByRole('alert')).toContainText(`The import was not saved: ${NO_SPACE}. Free some space, then import the file again.`);
  expect(workersPatched(), 'the import worker ran with failing writes').toBe(1);
  await page.screenshot({ path: test.info().outputPath('import-disk-full.png') });
  await nav(page, 'Decks').click();
  await expect(studyButton(page)).toBeVisible();
  expect(await page.getByRole('rowheader').allInnerTexts()).toEqual(decksBefore);
  await page.reload();
  await expect(studyButton(page)).toBeVisible();
  expect(await page.getByRole('rowheader').allInnerTexts()).toEqual(decksBefore);
  await expect(page.getByRole('rowheader', { name: /Spanish verbs/ })).toHaveCount(0);

  // Space again (the page starts with writes working after the reload): the same file imports.
  await importIt();
  await expect(page.getByRole('heading', { name: 'Imported Spanish verbs.csv' })).toBeVisible();
  await page.getByRole('button', { name: 'Go to decks' }).click();
  await expect.poll(() => deckCounts(page, 'Spanish verbs')).toEqual({ new: 3, learning: 0, review: 0 });
  await page.reload();
  await expect.poll(() => deckCounts(page, 'Spanish verbs')).toEqual({ new: 3, learning: 0, review: 0 });
});
