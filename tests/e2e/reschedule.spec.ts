// Reset to new and set due date, as Anki has them: from Browse on the selected cards and from the review screen on
// the card shown, each asked in a dialog first, recorded in the card's history, undoable, and leaving the statistics'
// answers as they were.
import type { Page } from '@playwright/test';
import { answerByKeyboard, deckCounts, expect, nav, test } from './app';
import { checkDatabase } from './collection';

const T0 = new Date(2026, 2, 2, 10, 0).getTime();
const DAY = 86_400_000;
const rows = (page: Page) => page.getByTestId('browse-rows').getByRole('row');
const count = (page: Page) => page.getByTestId('browse-count');
const dialog = (page: Page) => page.getByTestId('reschedule-dialog');
async function search(page: Page, query: string): Promise<void> {
  await page.getByRole('searchbox', { name: 'Search cards' }).fill(query);
  await page.keyboard.press('Enter');
}

test('Browse: reset studied cards to new and give new cards a due date, each asked first and undone with Ctrl+Z', async ({ app }) => {
  let { page } = await app.launch({ time: T0 });
  await page.getByRole('button', { name: /^Study .*Terms and concepts$/ }).click();
  await answerByKeyboard(page, 4); // Easy: review cards, due in days
  await answerByKeyboard(page, 4);
  await page.keyboard.press('Escape');
  const terms = await deckCounts(page, 'Terms and concepts');

  await nav(page, 'Browse').click();
  await search(page, 'deck:"*Terms and concepts" is:new');
  const newTerms = Number((await count(page).innerText()).match(/\d+/)![0]);
  await search(page, 'is:review');
  await expect(count(page)).toHaveText(/^2 of/);
  await page.getByTestId('browse-grid').focus();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Control+Alt+n');
  await expect(dialog(page).getByRole('heading', { name: 'Reset 2 cards to new?' })).toBeVisible();
  // Cancel changes nothing.
  await dialog(page).getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog(page)).not.toBeVisible();
  await search(page, 'is:review');
  await expect(count(page)).toHaveText(/^2 of/);
  await page.getByTestId('browse-grid').focus();
  await page.keyboard.press('Control+a');
  await page.getByRole('button', { name: 'Reset…' }).click();
  await dialog(page).getByRole('checkbox').check();
  await page.screenshot({ path: 'test-results/reset-dialog.png' });
  await dialog(page).getByRole('button', { name: 'Reset to new' }).click();
  await expect(page.getByTestId('browse-message')).toHaveText('Reset 2 cards to new (counts too): done.');
  await expect(rows(page).locator('.col-due')).toHaveText(['New', 'New']);
  await expect(rows(page).locator('.col-reps')).toHaveText(['0', '0']);
  await search(page, 'is:review');
  await expect(count(page)).toHaveText(/^0 of/);
  // Both are new cards of the deck again (today's new-card limit already counted them once, as in Anki); the answers
  // stay in the statistics and the check finds nothing wrong.
  await search(page, 'deck:"*Terms and concepts" is:new');
  await expect(count(page)).toHaveText(new RegExp(`^${newTerms + 2} of`));
  await nav(page, 'Decks').click();
  expect(await deckCounts(page, 'Terms and concepts')).toEqual(terms);
  expect(await checkDatabase(page)).toContain('and 2 reviews in');
  await nav(page, 'Statistics').click();
  await expect(page.getByTestId('today-answers')).toHaveText('2');

  // Undo (Ctrl+Z in Browse) puts them back in review.
  await nav(page, 'Browse').click();
  await page.getByTestId('browse-grid').focus();
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('browse-message')).toHaveText('Undone: reset 2 cards to new (counts too).');
  await search(page, 'is:review');
  await expect(count(page)).toHaveText(/^2 of/);

  // Set due date on three new cards: a wrong entry is refused with a message, "2!" makes them due in two days.
  await search(page, 'deck:"*Dates and events" is:new');
  await rows(page).nth(0).click();
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Control+Shift+d');
  await expect(dialog(page).getByRole('heading', { name: 'Set the due date of 3 cards' })).toBeVisible();
  const days = dialog(page).getByRole('textbox', { name: 'Due in how many days?' });
  await days.fill('next week');
  await days.press('Enter');
  await expect(dialog(page).getByRole('alert')).toHaveText(/"next week" is not a number of days/);
  await expect(days).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: 'test-results/due-dialog.png' });
  await days.fill('2!');
  await days.press('Enter');
  await expect(page.getByTestId('browse-message')).toHaveText('Make 3 cards due in 2 days (interval too): done.');
  // The rows stay where the search found them: the three chosen now show a 2-day interval.
  await expect(page.getByTestId('browse-rows').locator('[aria-selected="true"] .col-interval')).toHaveText(['2d', '2d', '2d']);
  await search(page, 'deck:"*Dates and events" is:review prop:ivl=2');
  await expect(count(page)).toHaveText(/^3 of/);
  await search(page, 'is:due');
  await expect(count(page)).toHaveText(/^0 of/);
  await nav(page, 'Decks').click();
  expect(await checkDatabase(page)).toContain('and 2 reviews in');

  // Two days later they are due (the deck list counts one card of a note a day: siblings wait for the next day).
  await app.close();
  ({ page } = await app.launch({ time: T0 + 2 * DAY }));
  expect((await deckCounts(page, 'Dates and events')).review).toBeGreaterThan(0);
  await nav(page, 'Browse').click();
  await search(page, 'deck:"*Dates and events" is:due');
  await expect(count(page)).toHaveText(/^3 of/);
});

test('review: set the due date of the card shown, reset another, undo each with U; card info shows the reset', async ({ app }) => {
  const { page } = await app.launch({ time: T0 });
  await page.getByRole('button', { name: /^Study .*Who argues what$/ }).click();
  const card = page.locator('article.card');
  const first = await card.getAttribute('data-card-id');

  // Ctrl+Shift+D: the dialog takes the digits typed (they rate nothing), Escape closes it and stays in review.
  await page.keyboard.press('Control+Shift+d');
  const days = dialog(page).getByRole('textbox', { name: 'Due in how many days?' });
  await expect(days).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog(page)).not.toBeVisible();
  await expect(card).toHaveAttribute('data-card-id', first!);
  await page.getByRole('button', { name: 'Set due date…' }).click();
  await days.fill('3');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('review-notice')).toHaveText('Card due in 3 days. Press U to undo.');
  await expect(card).not.toHaveAttribute('data-card-id', first!);
  await page.keyboard.press('u');
  await expect(card).toHaveAttribute('data-card-id', first!);
  await expect(page.getByTestId('review-notice')).toHaveText('Undone: make 1 card due in 3 days.');

  // A new card has nothing to reset; a studied one has.
  await page.keyboard.press('Control+Alt+n');
  await dialog(page).getByRole('button', { name: 'Reset to new' }).click();
  await expect(page.getByTestId('review-notice')).toHaveText('This card is already new: nothing to reset.');
  await answerByKeyboard(page, 1); // Again: a learning card, back in a minute
  await page.keyboard.press('Escape');
  await nav(page, 'Browse').click();
  await search(page, 'is:learn');
  await expect(count(page)).toHaveText(/^1 of/);
  await page.keyboard.press('Control+Alt+n');
  await dialog(page).getByRole('button', { name: 'Reset to new' }).click();
  await expect(page.getByTestId('browse-message')).toHaveText('Reset 1 card to new: done.');
  await expect(rows(page).first().locator('.col-reps')).toHaveText('1'); // counts kept

  // Studied again, its card info lists the answer, the reset, the new answer.
  await nav(page, 'Decks').click();
  await page.getByRole('button', { name: /^Study .*Who argues what$/ }).click();
  await expect(card).toHaveAttribute('data-card-id', first!);
  await page.keyboard.press('Space');
  await page.keyboard.press('i');
  await expect(page.getByTestId('info-reviews')).toHaveText('1');
  await expect(page.getByTestId('info-history').locator('tbody tr td:nth-child(2)')).toHaveText(['Again', 'Reset to new']);
  await page.screenshot({ path: 'test-results/reset-card-info.png' });
});
