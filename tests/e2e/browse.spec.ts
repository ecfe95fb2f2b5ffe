// The Browse screen: every card of the bundled decks in a table, found by a query, sorted by a column, selected by
// keyboard and mouse.
import type { Page } from '@playwright/test';
import { answerByKeyboard, deckCounts, expect, nav, test } from './app';

const rows = (page: Page) => page.getByTestId('browse-rows').getByRole('row');
const count = (page: Page) => page.getByTestId('browse-count');
async function search(page: Page, query: string): Promise<void> {
  await page.getByRole('searchbox', { name: 'Search cards' }).fill(query);
  await page.keyboard.press('Enter');
}

test('find cards by query, sort them, select by keyboard; a malformed query says what is wrong', async ({ app }) => {
  const { page } = await app.launch({ time: new Date(2026, 2, 2, 10, 0).getTime() });
  // Study two cards first, so that some cards have been reviewed.
  await page.getByRole('button', { name: /^Study .*Terms and concepts$/ }).click();
  await answerByKeyboard(page, 3);
  await answerByKeyboard(page, 1);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { name: 'Decks' })).toBeVisible();

  await nav(page, 'Browse').click();
  await expect(count(page)).toHaveText(/^\d+ of \d+ cards$/);
  const [shown, total] = (await count(page).innerText()).match(/\d+/g)!.map(Number);
  expect(shown).toBe(total);
  expect(total).toBeGreaterThan(100);
  // Only the rows in view are drawn.
  expect(await rows(page).count()).toBeLessThan(60);

  await search(page, '"small yards"');
  await expect(count(page)).toHaveText(/^3 of/); // one cloze note with three gaps
  for (const text of await rows(page).locator('.col-sortField').allInnerTexts()) expect(text).toMatch(/small yards with high walls/i);

  await search(page, 'deck:*Dates* is:new');
  const dates = Number((await count(page).innerText()).match(/\d+/)![0]);
  expect(dates).toBeGreaterThan(10);
  for (const deck of await rows(page).locator('.col-deck').allInnerTexts()) expect(deck).toContain('Dates and events');

  await search(page, '-is:new');
  await expect(count(page)).toHaveText(/^2 of/);
  await expect(rows(page).first().locator('.col-reps')).toHaveText('1');

  // Sorting by Reviews descending puts the reviewed cards first.
  await search(page, '');
  await page.getByRole('columnheader', { name: /Reviews/ }).getByRole('button').click();
  await page.getByRole('columnheader', { name: /Reviews/ }).getByRole('button').click();
  await expect(page.getByRole('columnheader', { name: /Reviews/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(rows(page).nth(0).locator('.col-reps')).toHaveText('1');
  await expect(rows(page).nth(1).locator('.col-reps')).toHaveText('1');
  await expect(rows(page).nth(2).locator('.col-reps')).toHaveText('0');

  // Keyboard: the first row is the cursor; Shift+Down twice selects three; Ctrl+A all.
  await rows(page).nth(0).click();
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await expect(page.getByTestId('browse-rows').locator('[aria-selected="true"]')).toHaveCount(3);
  await expect(page.getByText(', 3 selected')).toBeVisible();
  await page.keyboard.press('End');
  await expect(page.getByTestId('browse-rows').locator('[aria-selected="true"]')).toHaveCount(1);
  await page.keyboard.press('Control+a');
  await expect(page.getByText(`, ${total} selected`)).toBeVisible();

  // A malformed query names the problem and keeps the rows.
  await search(page, 'prop:ivl>>3');
  await expect(page.getByTestId('query-problem')).toContainText('prop:ivl needs a number');
  await expect(page.getByRole('searchbox', { name: 'Search cards' })).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: 'test-results/browse.png' });
});

test('suspend, bury and flag from the review screen, each undone with U; Browse finds what is left', async ({ app }) => {
  const { page } = await app.launch({ time: new Date(2026, 2, 2, 10, 0).getTime() });
  const before = await deckCounts(page, 'Terms and concepts');
  await page.getByRole('button', { name: /^Study .*Terms and concepts$/ }).click();
  const card = page.locator('article.card');
  const first = await card.getAttribute('data-card-id');

  // @ suspends the card shown: the next one comes, and one new card fewer is left.
  await page.keyboard.press('@');
  await expect(page.getByTestId('review-notice')).toHaveText('Card suspended. Press U to undo.');
  await expect(card).not.toHaveAttribute('data-card-id', first!);
  await expect(page.getByTestId('remaining').locator('[data-remaining="new"]')).toHaveText(String(before.new - 1));
  // U brings it back, as a question.
  await page.keyboard.press('u');
  await expect(card).toHaveAttribute('data-card-id', first!);
  await expect(page.getByTestId('review-notice')).toContainText('Undone: suspend 1 card');
  await expect(page.getByTestId('remaining').locator('[data-remaining="new"]')).toHaveText(String(before.new));

  // - buries it until tomorrow; Ctrl+1 flags the next one red, Ctrl+1 again takes the flag off, Ctrl+3 flags it green.
  await page.keyboard.press('-');
  await expect(page.getByTestId('review-notice')).toHaveText('Card buried until tomorrow. Press U to undo.');
  const second = await card.getAttribute('data-card-id');
  expect(second).not.toBe(first);
  await page.keyboard.press('Control+1');
  await expect(page.getByTestId('card-flag')).toHaveText('Red flag');
  await page.keyboard.press('Control+1');
  await expect(page.getByTestId('card-flag')).toHaveCount(0);
  await page.keyboard.press('Control+3');
  await expect(page.getByTestId('card-flag')).toHaveText('Green flag');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { name: 'Decks' })).toBeVisible();

  await nav(page, 'Browse').click();
  await search(page, 'is:buried');
  await expect(count(page)).toHaveText(/^1 of/);
  await expect(rows(page).first()).toHaveAttribute('data-card-id', first!);
  await expect(rows(page).first().locator('.col-due')).toHaveText('(New)');
  await search(page, 'is:suspended');
  await expect(count(page)).toHaveText(/^0 of/);
  await search(page, 'flag:3');
  await expect(count(page)).toHaveText(/^1 of/);
  await expect(rows(page).first()).toHaveAttribute('data-card-id', second!);
  await expect(rows(page).first().locator('.col-flag')).toHaveText('Green');
});

test('Browse: suspend and flag the selected cards from the keyboard and the toolbar, undo with Ctrl+Z', async ({ app }) => {
  const { page } = await app.launch({ time: new Date(2026, 2, 2, 10, 0).getTime() });
  await nav(page, 'Browse').click();
  await search(page, 'deck:"*Dates and events"');
  await rows(page).nth(0).click();
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  const chosen = await page.getByTestId('browse-rows').locator('[aria-selected="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-card-id')));
  expect(chosen).toHaveLength(3);

  await page.keyboard.press('Control+j');
  await expect(page.getByTestId('browse-message')).toHaveText('Suspend 3 cards: done.');
  await expect(page.getByTestId('browse-rows').locator('.suspended')).toHaveCount(3);
  await search(page, 'is:suspended');
  await expect(count(page)).toHaveText(/^3 of/);
  // Leaving Browse and coming back keeps the query, and what can be undone.
  await nav(page, 'Decks').click();
  await nav(page, 'Browse').click();
  await expect(count(page)).toHaveText(/^3 of/);
  await page.getByRole('button', { name: 'Undo suspend 3 cards' }).click();
  await expect(page.getByTestId('browse-message')).toHaveText('Undone: suspend 3 cards.');
  await expect(page.getByTestId('browse-rows').locator('.suspended')).toHaveCount(0);

  // Flag them blue from the toolbar, then Ctrl+Z takes the flag off again.
  await page.getByRole('button', { name: 'Flag Blue' }).click();
  await expect(page.getByTestId('browse-rows').locator('.flag-4')).toHaveCount(3);
  await page.screenshot({ path: 'test-results/browse-actions.png' });
  await page.getByTestId('browse-grid').focus();
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('browse-rows').locator('.flag-4')).toHaveCount(0);
  await search(page, 'is:flagged OR is:suspended');
  await expect(count(page)).toHaveText(/^0 of/);
});

test('Browse: Ctrl+Delete deletes the notes of the selected cards, Ctrl+Z puts them back', async ({ app }) => {
  const { page } = await app.launch({ time: new Date(2026, 2, 2, 10, 0).getTime() });
  await nav(page, 'Browse').click();
  const total = Number((await count(page).innerText()).match(/of ([\d,]+)/)![1]!.replace(/,/g, ''));
  await search(page, '"small yards"');
  await expect(count(page)).toHaveText(/^3 of/);
  await rows(page).first().click();
  await page.keyboard.press('Control+Delete');
  // One cloze note: all three of its cards go.
  await expect(page.getByTestId('browse-message')).toHaveText('Delete 1 note (3 cards): done.');
  await expect(rows(page)).toHaveCount(0);
  await search(page, '');
  await expect(count(page)).toHaveText(`${(total - 3).toLocaleString('en-US')} of ${(total - 3).toLocaleString('en-US')} cards`);
  await page.getByTestId('browse-grid').focus();
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('browse-message')).toHaveText('Undone: delete 1 note (3 cards).');
  await expect(count(page)).toHaveText(`${total} of ${total} cards`);
  // And after a reload, as stored.
  await page.reload();
  await nav(page, 'Browse').click();
  await search(page, '"small yards"');
  await expect(count(page)).toHaveText(/^3 of/);
});
