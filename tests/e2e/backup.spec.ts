// Backups in the browser build: download one, study on, restore it (after a backup of the present), and get exactly
// the collection of the backup back; restore the pre-restore backup and get the present back; a bad file changes
// nothing.
import type { Page } from '@playwright/test';
import { answerByKeyboard, expect, nav, test } from './app';


/** Reviews stored, read straight from IndexedDB. */
function storedReviews(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('retain');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const cards = await new Promise<{ history: Float64Array }[]>((resolve) => {
      const r = db.transaction('cards').objectStore('cards').getAll();
      r.onsuccess = () => resolve(r.result);
    });
    db.close();
    return cards.reduce((sum, c) => sum + c.history.length / 12, 0);
  });
}

async function study(page: Page, ratings: (1 | 2 | 3 | 4)[]): Promise<void> {
  await nav(page, 'Decks').click();
  await page.getByRole('button', { name: 'Study all' }).click();
  for (const r of ratings) await answerByKeyboard(page, r);
  await nav(page, 'Decks').click();
}

async function restoreFrom(page: Page, path: string): Promise<string> {
  await nav(page, 'Settings').click();
  await page.getByLabel('Restore from file…').setInputFiles(path);
  const question = page.getByRole('alertdialog');
  await expect(question).toBeVisible();
  const text = await question.innerText();
  const saved = page.waitForEvent('download');
  await question.getByRole('button', { name: 'Replace my collection' }).click();
  const before = await saved;
  await expect(page.getByTestId('backup-status')).toContainText(`Your collection as it was before is in ${before.suggestedFilename()}.`);
  expect(before.suggestedFilename()).toMatch(/^retain-before-restore-\d{4}-\d\d-\d\d-\d{6}\.retain-backup$/);
  const path2 = test.info().outputPath(before.suggestedFilename());
  await before.saveAs(path2);
  return `${text}\n${path2}`;
}

test('download a backup, study on, restore it: the collection of the backup comes back, and the present after it', async ({ app }) => {
  const { page } = await app.launch();
  await study(page, [3, 1, 4]);

  await nav(page, 'Settings').click();
  const setNew = async (n: string) => {
    await page.getByLabel('New cards/day').fill(n);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Settings saved.')).toBeVisible();
  };
  await setNew('30');
  // The browser build says how much space the collection takes and whether the browser keeps it for good.
  await expect(page.getByTestId('storage-status')).toContainText("Retain's data takes");
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download backup' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^retain-\d{4}-\d\d-\d\d-\d{6}\.retain-backup$/);
  const backup = test.info().outputPath(file.suggestedFilename());
  await file.saveAs(backup);
  await expect(page.getByTestId('backup-status')).toHaveText(`Saved ${file.suggestedFilename()}.`);

  await setNew('25');
  await study(page, [3, 3]);
  expect(await storedReviews(page)).toBe(5);

  const restored = await restoreFrom(page, backup);
  expect(restored).toContain('holds 4 decks, 151 cards and 3 reviews');
  await page.screenshot({ path: test.info().outputPath('restored.png'), fullPage: true });
  expect(await storedReviews(page)).toBe(3);
  // The backup's settings came back with it, and the form shows them.
  await expect(page.getByLabel('New cards/day')).toHaveValue('30');
  await page.getByRole('button', { name: 'Check database' }).click();
  await expect(page.getByTestId('check-summary')).toHaveText('Checked 151 cards, 103 notes and 3 reviews in 4 decks: no problems found.');

  // The backup made just before the restore holds the present: restoring it brings the two later reviews back.
  const presentPath = restored.split('\n').at(-1)!;
  const again = await restoreFrom(page, presentPath);
  expect(again).toContain('151 cards and 5 reviews');
  expect(await storedReviews(page)).toBe(5);
  // And the app studies on from it.
  await study(page, [3]);
  expect(await storedReviews(page)).toBe(6);
});

test('a file that is not a backup is refused with a message, and nothing changes', async ({ app }) => {
  const { page } = await app.launch();
  await study(page, [3]);
  await nav(page, 'Settings').click();
  await page.getByLabel('Restore from file…').setInputFiles({ name: 'holiday.retain-backup', mimeType: 'application/zip', buffer: Buffer.from('not a zip at all') });
  await expect(page.getByTestId('check-report')).toHaveText('holiday.retain-backup: not a Retain backup (it is not a zip file). Nothing was changed.');
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  expect(await storedReviews(page)).toBe(1);
});
