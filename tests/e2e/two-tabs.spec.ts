// Two tabs of the browser build on one profile. One at a time owns the collection: a second tab says Retain is open
// elsewhere, "Use Retain here" moves it (the first tab then says so and offers nothing to rate), ratings given in
// either tab are stored and seen by the other once it has the collection back. And a newer version of the collection
// opened in another tab stops this one until it is reloaded.
import type { BrowserContext, Page } from '@playwright/test';
import { answerByKeyboard, deckCounts, expect, test, type AppHandle } from './app';

const DECK = 'Terms and concepts';
const studyButton = (page: Page) => page.getByRole('button', { name: new RegExp(`^Study .*${DECK}$`) });
const useHere = (page: Page) => page.getByRole('button', { name: 'Use Retain here' });
const elsewhere = (page: Page) => page.getByRole('heading', { name: 'Retain is open in another tab or window' });
const moved = (page: Page) => page.getByRole('heading', { name: 'Retain is now open in another tab' });
const decksHeading = (page: Page) => page.getByRole('heading', { name: 'Decks' });

/** A second tab on the same profile; its page errors fail the test as the first tab's do. */
async function secondTab(app: AppHandle, context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => app.problems.push(`page error (second tab): ${error.message}`));
  await page.goto(app.url);
  return page;
}

test('a second tab says Retain is open elsewhere; "Use Retain here" moves it there and back', async ({ app }) => {
  const { context, page: first } = await app.launch();
  const second = await secondTab(app, context);
  await expect(elsewhere(second)).toBeVisible();
  await expect(useHere(second)).toBeVisible();
  await expect(second.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
  await second.screenshot({ path: test.info().outputPath('open-elsewhere.png') });
  // The first tab works on, unaware.
  await expect.poll(() => deckCounts(first, DECK)).toEqual({ new: 20, learning: 0, review: 0 });

  // A rating given in the first tab just before the move is stored before it lets go.
  await studyButton(first).click();
  await expect(first.getByRole('button', { name: 'Show answer' })).toBeVisible();
  await first.keyboard.press('Space');
  await expect(first.getByRole('button', { name: 'Good' })).toBeVisible();
  await first.keyboard.press('3');
  await useHere(second).click();
  await expect(decksHeading(second)).toBeVisible();
  await expect.poll(() => deckCounts(second, DECK)).toEqual({ new: 19, learning: 1, review: 0 });

  // The first tab says where Retain went, and has nothing to rate or navigate to.
  await expect(moved(first)).toBeVisible();
  await expect(useHere(first)).toBeVisible();
  await expect(first.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
  await expect(first.getByRole('button', { name: /^(Show answer|Good|Study)/ })).toHaveCount(0);
  await first.keyboard.press('Space');
  await first.keyboard.press('3');
  await first.screenshot({ path: test.info().outputPath('moved.png') });

  // A rating in the second tab is stored: it is there after a reload.
  await studyButton(second).click();
  await expect(second.getByRole('button', { name: 'Show answer' })).toBeVisible();
  await answerByKeyboard(second, 3);
  await second.keyboard.press('Escape');
  await expect.poll(() => deckCounts(second, DECK)).toEqual({ new: 18, learning: 2, review: 0 });
  await second.reload();
  await expect(decksHeading(second)).toBeVisible();
  await expect.poll(() => deckCounts(second, DECK)).toEqual({ new: 18, learning: 2, review: 0 });
  await expect(moved(first), 'the first tab stays let go while the second reloads').toBeVisible();

  // Back to the first tab: it opens the collection again and sees both ratings; the second says it moved.
  await useHere(first).click();
  await expect(decksHeading(first)).toBeVisible();
  await expect.poll(() => deckCounts(first, DECK)).toEqual({ new: 18, learning: 2, review: 0 });
  await expect(moved(second)).toBeVisible();
  // And it studies there: the next card is one neither tab rated yet.
  await studyButton(first).click();
  await expect(first.getByRole('button', { name: 'Show answer' })).toBeVisible();
  await answerByKeyboard(first, 3);
  await first.keyboard.press('Escape');
  await expect.poll(() => deckCounts(first, DECK)).toEqual({ new: 17, learning: 3, review: 0 });
});

test('a newer version opened in another tab: this tab says so, takes no rating, and a reload goes on', async ({ app }) => {
  const { context, page: first } = await app.launch();
  const before = await deckCounts(first);
  await studyButton(first).click();
  await expect(first.getByRole('button', { name: 'Show answer' })).toBeVisible();
  await first.keyboard.press('Space');
  await expect(first.getByRole('button', { name: 'Good' })).toBeVisible();

  // The second tab runs "a newer version": it opens the collection one native version up, as an upgrade does (one
  // version, not ten: a reload of the first tab serves this same build again, which must still be able to open it).
  const second = await secondTab(app, context);
  await expect(elsewhere(second)).toBeVisible();
  const upgraded = await second.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        void indexedDB.databases().then((all) => {
          const version = all.find((d) => d.name === 'retain')?.version;
          if (!version) return reject(new Error('no retain database'));
          const request = indexedDB.open('retain', version + 1);
          request.onupgradeneeded = () => request.result.createObjectStore('fromNewerVersion');
          request.onsuccess = () => {
            request.result.close();
            resolve(version + 1);
          };
          request.onerror = () => reject(request.error);
          // Blocked would mean the first tab kept its connection open: the test then fails on its timeout.
        });
      }),
  );
  expect(upgraded).toBeGreaterThan(1);

  await expect(first.getByRole('heading', { name: 'Retain was updated in another tab' })).toBeVisible();
  await expect(first.getByText('Reload this tab to continue.')).toBeVisible();
  await expect(first.getByRole('button', { name: 'Good' })).toHaveCount(0);
  await first.keyboard.press('3'); // no rating is taken
  await first.screenshot({ path: test.info().outputPath('updated-elsewhere.png') });

  await first.getByRole('button', { name: 'Reload' }).click();
  await expect(decksHeading(first)).toBeVisible();
  expect(await deckCounts(first), 'the rating shown when the update came was never taken').toEqual(before);
  await expect(elsewhere(second)).toBeVisible();
});
