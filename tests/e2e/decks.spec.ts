// Decks made by the person: created (nested with ::), renamed with the decks under them, filled from Add, deleted
// after a confirmation that says what goes; a bundled deck explains why it cannot be deleted.
import { expect, nav, test } from './app';

test('create a nested deck, rename it, add a note to it, delete it after the confirmation', async ({ app }) => {
  const { page } = await app.launch({ time: new Date(2026, 2, 2, 10, 0).getTime() });
  const decksTable = page.locator('.deck-table tbody');
  await page.getByRole('button', { name: 'Create deck' }).click();
  await page.getByLabel('Name of the new deck').fill('Languages :: Spanish');
  await page.keyboard.press('Enter');
  await expect(decksTable.getByRole('rowheader', { name: /Spanish/ })).toBeVisible();
  await expect(decksTable.getByRole('rowheader', { name: 'Languages', exact: true })).toBeVisible(); // the parent's row
  // A taken name is refused and says so.
  await page.getByRole('button', { name: 'Create deck' }).click();
  await page.getByLabel('Name of the new deck').fill('languages::spanish');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toHaveText('There is already a deck named "Languages::Spanish".');
  await page.getByRole('button', { name: 'Cancel' }).click();

  // Rename: Languages::Spanish -> Español.
  await page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /Spanish/ }) }).locator('summary').click();
  await page.getByRole('button', { name: 'Rename…' }).click();
  await page.getByLabel(/New name of/).fill('Español');
  await page.keyboard.press('Enter');
  await expect(decksTable.getByRole('rowheader', { name: /Español/ })).toBeVisible();
  await expect(decksTable.getByRole('rowheader', { name: /Spanish/ })).toHaveCount(0);

  // A note into it, from Add.
  await nav(page, 'Add').click();
  // The deck list's own region is labelled "Decks": wait for the Add screen before looking for its Deck field.
  await expect(page.getByRole('heading', { name: 'Add a note' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Deck', exact: true }).selectOption({ label: 'Español' });
  await page.getByLabel('Front').fill('gato');
  await page.getByLabel('Back').fill('cat');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('note-message')).toContainText('Added a note with 1 card to Español');
  await nav(page, 'Decks').click();
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /Español/ }) });
  await expect(row.locator('td.count-new')).toHaveText('1');

  // Delete, after the confirmation.
  await row.locator('summary').click();
  await page.getByRole('button', { name: 'Delete…' }).click();
  await expect(page.getByTestId('delete-summary')).toContainText('This deletes 1 note and 1 card. A backup is made first.');
  await page.screenshot({ path: 'test-results/delete-deck.png' });
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(decksTable.getByRole('rowheader', { name: /Español/ })).toHaveCount(0);
  await nav(page, 'Browse').click();
  await page.getByRole('searchbox', { name: 'Search cards' }).fill('gato');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('browse-count')).toHaveText(/^0 of/);
});

test('a bundled deck explains why it cannot be deleted', async ({ app }) => {
  const { page } = await app.launch({ time: new Date(2026, 2, 2, 10, 0).getTime() });
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /Terms and concepts/ }) });
  await row.locator('summary').click();
  await page.getByRole('button', { name: 'Delete…' }).click();
  await expect(page.getByTestId('delete-summary')).toContainText('cannot be deleted');
  await page.getByRole('dialog').getByRole('button', { name: 'OK' }).click();
  await expect(row).toBeVisible();
});
