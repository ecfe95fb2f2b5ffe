// Edit and Add: a typo found in Browse is fixed and shows in review, the card's progress kept; E edits from review;
// a cloze note is added and studied.
import type { Page } from '@playwright/test';
import { answerByKeyboard, expect, nav, test } from './app';

const rows = (page: Page) => page.getByTestId('browse-rows').getByRole('row');
const count = (page: Page) => page.getByTestId('browse-count');
async function search(page: Page, query: string): Promise<void> {
  await page.getByRole('searchbox', { name: 'Search cards' }).fill(query);
  await page.keyboard.press('Enter');
}
const T0 = new Date(2026, 2, 2, 10, 0).getTime();

test('find a card, fix a typo in its note: review shows the fix, and the card keeps its progress', async ({ app }) => {
  const { page } = await app.launch({ time: T0 });
  // Study the first card of the terms deck (Good), so it has a review to keep.
  await page.getByRole('button', { name: /^Study .*Terms and concepts$/ }).click();
  const studied = await page.locator('article.card').getAttribute('data-card-id');
  const question = await page.getByTestId('question').innerText();
  await answerByKeyboard(page, 3);
  await page.keyboard.press('Escape');

  // Find it in Browse by a word of its question, open it with Enter.
  await nav(page, 'Browse').click();
  const word = question.match(/[A-Za-z]{6,}/g)!.sort((a, b) => b.length - a.length)[0]!;
  await search(page, `"${word}" prop:reps=1`);
  await expect(count(page)).toHaveText(/^1 of/);
  await expect(rows(page).first()).toHaveAttribute('data-card-id', studied!);
  const reviewsBefore = await rows(page).first().locator('.col-reps').innerText();
  await rows(page).first().click();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Edit note' })).toBeVisible();

  // The "typo": an extra word at the end of the front. The preview follows as it is typed.
  const front = page.getByLabel('Front');
  await front.press('End');
  await front.pressSequentially(' (fixed)');
  await expect(page.getByTestId('preview').first()).toContainText('(fixed)');
  // An empty back is refused, and says where.
  const back = page.getByLabel('Back');
  const backText = await back.inputValue();
  await back.fill('   ');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByText('Back: must not be empty')).toBeVisible();
  await back.fill(backText);
  await page.keyboard.press('Control+Enter');

  // Back in Browse, the row shows the new text; its reviews are as they were.
  await expect(page.getByRole('heading', { name: 'Browse' })).toBeVisible();
  await expect(rows(page).first().locator('.col-sortField')).toContainText('(fixed)');
  await expect(rows(page).first().locator('.col-reps')).toHaveText(reviewsBefore);
  await search(page, '"(fixed)"');
  await expect(count(page)).toHaveText(/^2 of/); // the note is a reversed one: both its cards
  for (const text of await rows(page).locator('.col-sortField').allInnerTexts()) expect(text).toContain('(fixed)');

  // The next day it comes up for review with the fix, and its card info still has the first review.
  await app.close();
  const next = await app.launch({ time: T0 + 3 * 86_400_000 });
  await next.page.getByRole('button', { name: /^Study .*Terms and concepts$/ }).click();
  for (let i = 0; i < 30; i++) {
    if ((await next.page.locator('article.card').getAttribute('data-card-id')) === studied) break;
    await answerByKeyboard(next.page, 3);
  }
  await expect(next.page.locator('article.card')).toHaveAttribute('data-card-id', studied!);
  await expect(next.page.getByTestId('question')).toContainText('(fixed)');
  await next.page.keyboard.press('Space');
  await next.page.keyboard.press('i');
  await expect(next.page.getByTestId('info-reviews')).toHaveText('1');
});

test('E in review edits the note shown and comes back to it as edited', async ({ app }) => {
  const { page } = await app.launch({ time: T0 });
  await page.getByRole('button', { name: /^Study .*Who argues what$/ }).click();
  const id = await page.locator('article.card').getAttribute('data-card-id');
  await page.keyboard.press('e');
  await expect(page.getByRole('heading', { name: 'Edit note' })).toBeVisible();
  await page.getByLabel('Front').fill('Edited from the review screen?');
  await page.getByRole('button', { name: /^Save/ }).click();
  await expect(page.locator('article.card')).toHaveAttribute('data-card-id', id!);
  await expect(page.getByTestId('question')).toHaveText('Edited from the review screen?');
  // Escape from the editor changes nothing.
  await page.keyboard.press('e');
  await page.getByLabel('Front').fill('Not saved');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('question')).toHaveText('Edited from the review screen?');
});

test('add a cloze note to a deck, then study its cards', async ({ app }) => {
  const { page } = await app.launch({ time: T0 });
  await nav(page, 'Add').click();
  await expect(page.getByRole('heading', { name: 'Add a note' })).toBeVisible();
  await page.getByLabel('Type').selectOption('cloze');
  await page.getByLabel('Deck').selectOption({ label: "China and NATO's “Asia-Pacificization”: Dates and events" });
  // A malformed deletion is refused with the deck format's message.
  await page.getByLabel('Text').fill('NATO was founded in {{c1::1949');
  await page.keyboard.press('Control+Enter');
  await expect(page.locator('.field-problem')).toContainText('Text:');
  await page.getByLabel('Text').fill('NATO was founded in {{c1::1949}} in {{c2::Washington}}.');
  await expect(page.getByTestId('preview')).toHaveCount(2);
  await expect(page.getByTestId('preview').first()).toContainText('NATO was founded in [...] in Washington.');
  await page.getByLabel('Tags').fill('mine history');
  await page.screenshot({ path: 'test-results/add-cloze.png' });
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('note-message')).toContainText('Added a note with 2 cards');
  await expect(page.getByLabel('Text')).toHaveValue('');

  // Browse finds both cards; studying them shows each gap.
  await nav(page, 'Browse').click();
  await search(page, 'tag:mine');
  await expect(count(page)).toHaveText(/^2 of/);
  await search(page, 'tag:mine is:new added:1');
  await expect(count(page)).toHaveText(/^2 of/);
  await nav(page, 'Decks').click();
  await page.getByRole('button', { name: /^Study .*Dates and events$/ }).click();
  const seen: string[] = [];
  for (let i = 0; i < 40 && seen.length < 1; i++) {
    const text = await page.getByTestId('question').innerText();
    if (text.includes('NATO was founded')) seen.push(text);
    else await answerByKeyboard(page, 4);
  }
  expect(seen[0]).toMatch(/NATO was founded in \[(\.\.\.|…)\] in Washington|NATO was founded in 1949 in \[(\.\.\.|…)\]/);
});
