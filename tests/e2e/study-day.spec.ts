// A study day in the browser build, as a person lives it: the decks on first run, five cards by keyboard, undo,
// reload, a browser restart on the same profile, learning steps coming due, and reviews returning days later.
import type { Page } from '@playwright/test';
import { answerByKeyboard, DAY, deckCounts, expect, MINUTE, remaining, test } from './app';

const DECK = 'Terms and concepts';
const DECKS = ['Terms and concepts', 'Dates and events', 'Who argues what', 'Causes and consequences'];
const studyButton = (page: Page) => page.getByRole('button', { name: new RegExp(`^Study .*${DECK}$`) });

// A Monday morning, local time, well after the 4:00 day start.
const T0 = new Date(2026, 2, 2, 10, 0, 0).getTime();

test('first run shows the bundled decks with today’s counts', async ({ app }) => {
  const { page } = await app.launch({ time: T0 });
  // 20 new cards a day per deck, one card per note: the dates deck has only 16 notes.
  const expectedNew = [20, 16, 20, 20];
  for (const [i, name] of DECKS.entries()) {
    await expect(page.getByRole('rowheader', { name })).toBeVisible();
    await expect.poll(() => deckCounts(page, name)).toEqual({ new: expectedNew[i], learning: 0, review: 0 });
  }
  expect(await deckCounts(page)).toEqual({ new: 76, learning: 0, review: 0 });
  await expect(page.getByRole('button', { name: 'Study all' })).toBeEnabled();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' })).toBeVisible();
});

test('study five cards by keyboard, undo, reload and relaunch: progress is kept', async ({ app }) => {
  let { page } = await app.launch({ time: T0 });
  await studyButton(page).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Show answer' })).toBeVisible();
  expect(await remaining(page)).toEqual({ new: 20, learning: 0, review: 0 });

  // Good, Good, Easy, Again, Good: four cards stay in learning (10m or 1m steps), one graduates to review.
  const asked: string[] = [];
  for (const rating of [3, 3, 4, 1, 3] as const) asked.push(await answerByKeyboard(page, rating));
  expect(new Set(asked).size).toBe(5);
  expect(await remaining(page)).toEqual({ new: 15, learning: 4, review: 0 });

  // Undo with U: the fifth card comes back, as it was (new again), with the counts before its rating.
  await page.keyboard.press('u');
  await expect(page.getByTestId('question')).toHaveText(asked[4]!);
  expect(await remaining(page)).toEqual({ new: 16, learning: 3, review: 0 });
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Again' })).toContainText('1m');
  await expect(page.getByRole('button', { name: 'Good' })).toContainText('10m');
  // Undo with Ctrl+Z after answering again: same result.
  await page.keyboard.press('3');
  await expect(page.getByRole('button', { name: 'Show answer' })).toBeVisible();
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('question')).toHaveText(asked[4]!);
  await answerByKeyboard(page, 3);
  expect(await remaining(page)).toEqual({ new: 15, learning: 4, review: 0 });

  // Back to the decks (Escape), then a reload: the counts come from storage.
  await page.keyboard.press('Escape');
  await expect.poll(() => deckCounts(page, DECK)).toEqual({ new: 15, learning: 4, review: 0 });
  await page.reload();
  await expect.poll(() => deckCounts(page, DECK)).toEqual({ new: 15, learning: 4, review: 0 });

  // Close the browser and start it again on the same profile, eleven minutes later: the learning cards are due.
  await app.close();
  ({ page } = await app.launch({ time: T0 + 11 * MINUTE }));
  await expect.poll(() => deckCounts(page, DECK)).toEqual({ new: 15, learning: 4, review: 0 });
  await studyButton(page).click();
  const first = await page.getByTestId('question').innerText();
  expect(asked, 'a learning card whose step is due comes before new cards').toContain(first);
});

test('moving the clock forward brings the scheduled reviews back', async ({ app }) => {
  let { page } = await app.launch({ time: T0 });
  await studyButton(page).click();
  // Easy on a new card graduates it at once; the button says after how many days it comes back.
  const intervals: number[] = [];
  const asked: string[] = [];
  for (let i = 0; i < 3; i++) {
    asked.push(await page.getByTestId('question').innerText());
    await page.keyboard.press('Space');
    const easy = await page.getByRole('button', { name: 'Easy' }).locator('.interval').innerText();
    expect(easy).toMatch(/^\d+d$/);
    intervals.push(Number.parseInt(easy, 10));
    await page.keyboard.press('4');
    await expect(page.getByRole('button', { name: 'Show answer' })).toBeVisible();
  }
  await page.keyboard.press('Escape');
  await expect.poll(() => deckCounts(page, DECK)).toEqual({ new: 17, learning: 0, review: 0 });

  // The next day: a fresh daily allowance of new cards, and nothing due yet.
  await app.close();
  ({ page } = await app.launch({ time: T0 + DAY }));
  await expect.poll(() => deckCounts(page, DECK)).toEqual({ new: 20, learning: 0, review: 0 });

  // The day the last of them is due: all three are back, and they are the cards studied on the first day.
  await app.close();
  ({ page } = await app.launch({ time: T0 + Math.max(...intervals) * DAY }));
  await expect.poll(() => deckCounts(page, DECK)).toEqual({ new: 20, learning: 0, review: 3 });
  await studyButton(page).click();
  const seen: string[] = [];
  for (let i = 0; i < 23; i++) seen.push(await answerByKeyboard(page, 3));
  expect(seen.filter((q) => asked.includes(q)).sort()).toEqual([...asked].sort());
});

test('the day is done when the limits are reached, and says when to come back', async ({ app }) => {
  const { page } = await app.launch({ time: T0 });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('New cards/day').fill('2');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Settings saved.');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Decks' }).click();
  await expect.poll(() => deckCounts(page, DECK)).toEqual({ new: 2, learning: 0, review: 0 });

  await studyButton(page).click();
  await answerByKeyboard(page, 4);
  await answerByKeyboard(page, 4);
  await expect(page.getByRole('heading', { name: 'Finished for today' })).toBeVisible();
  await expect(page.getByTestId('next-due')).toHaveText('The next card is due tomorrow.');
  await page.getByRole('button', { name: 'Back to decks' }).click();
  await expect.poll(() => deckCounts(page, DECK)).toEqual({ new: 0, learning: 0, review: 0 });
  await expect(studyButton(page)).toBeDisabled();
});

test('invalid settings are refused with a message, and nothing changes', async ({ app }) => {
  const { page } = await app.launch({ time: T0 });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Desired retention').fill('1.5');
  await page.getByLabel('Learning steps', { exact: true }).fill('1m ten');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Desired retention must be a number from 0.70 to 0.99.')).toBeVisible();
  await expect(page.getByText('Learning steps: "ten" is not a step')).toBeVisible();
  await expect(page.getByLabel('Desired retention')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('status')).toContainText('Not saved');
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByLabel('Desired retention')).toHaveValue('0.9');
  await expect(page.getByLabel('Learning steps', { exact: true })).toHaveValue('1m 10m');
});
