// Check database, as a person meets it: on a sound collection it says so; after damage (written straight into
// IndexedDB, around the app, as a bug or a disk error could) it names what is wrong, repairs what can be worked out
// again from the reviews, and a second check finds nothing.
import type { Page } from '@playwright/test';
import { answerByKeyboard, expect, nav, test } from './app';


/** Doubles the stability of one studied card and adds an answer to one day's counts, in IndexedDB directly. */
function damage(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('retain');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction(['cards', 'dayBlocks'], 'readwrite');
    const done = (r: IDBRequest) => new Promise<unknown>((resolve) => (r.onsuccess = () => resolve(r.result)));
    type Card = { id: string; history: Float64Array; sched: { stability: number } };
    const cards = (await done(tx.objectStore('cards').getAll())) as Card[];
    const card = cards.find((c) => c.history.length > 0)!;
    card.sched.stability *= 2;
    tx.objectStore('cards').put(card);
    const [block] = (await done(tx.objectStore('dayBlocks').getAll())) as { counts: Uint32Array }[];
    block!.counts[block!.counts.findIndex((c) => c > 0)]! += 1;
    tx.objectStore('dayBlocks').put(block);
    await new Promise((resolve) => (tx.oncomplete = resolve));
    db.close();
    return card.id;
  });
}

test('Check database: a sound collection passes; damage is named and repaired', async ({ app }) => {
  const { page } = await app.launch();
  await page.getByRole('button', { name: 'Study all' }).click();
  for (const rating of [3, 1, 4] as const) await answerByKeyboard(page, rating);
  await nav(page, 'Decks').click();

  await nav(page, 'Settings').click();
  await page.getByRole('button', { name: 'Check database' }).click();
  await expect(page.getByTestId('check-summary')).toHaveText(
    'Checked 151 cards, 103 notes and 3 reviews in 4 decks: no problems found.',
  );

  const damaged = await damage(page);
  await page.getByRole('button', { name: 'Check database' }).click();
  const report = page.getByTestId('check-report');
  await expect(page.getByTestId('check-summary')).toHaveText(/2 problems found, 2 repaired\.$/);
  await expect(report).toContainText('Cards whose state or place does not follow from their history: 1, repaired.');
  await expect(report).toContainText(`card ${damaged}: its state is not the replay of its history`);
  await expect(report).toContainText('Days whose summary is not the count of their reviews: 1, repaired.');
  await page.screenshot({ path: test.info().outputPath('check-database.png'), fullPage: true });

  await page.getByRole('button', { name: 'Check database' }).click();
  await expect(page.getByTestId('check-summary')).toHaveText(/no problems found\.$/);
  // The repaired collection still studies: the deck list shows its counts.
  await nav(page, 'Decks').click();
  await expect(page.getByRole('button', { name: 'Study all' })).toBeEnabled();
});
