// The Statistics screen after study on three days with a known pattern of ratings: today's answers, Again count and
// true retention, the streaks, the calendar's cells and the true-retention table are the numbers worked out here.
import type { Page } from '@playwright/test';
import { answerByKeyboard, DAY, expect, nav, test } from './app';

const DECK = 'Dates and events';
const studyButton = (page: Page, deck = DECK) => page.getByRole('button', { name: new RegExp(`^Study .*${deck}$`) });
// A Monday morning, local time, well after the 4:00 day start; its study day is its local calendar date.
const T0 = new Date(2026, 2, 2, 10, 0, 0).getTime();
const DAY0 = Math.floor(Date.UTC(2026, 2, 2) / DAY);

test('statistics after three study days: today, streaks, calendar and true retention', async ({ app }) => {
  // Day 0: three new cards Easy (they graduate to review at once, the buttons say in how many days), one Again.
  let { page } = await app.launch({ time: T0 });
  await studyButton(page).click();
  const graduated: string[] = [];
  const intervals: number[] = [];
  for (let i = 0; i < 3; i++) {
    graduated.push(await page.getByTestId('question').innerText()); // before the answer shows (a cloze fills in)
    await page.keyboard.press('Space');
    intervals.push(Number.parseInt(await page.getByRole('button', { name: 'Easy' }).locator('.interval').innerText(), 10));
    await page.keyboard.press('4');
    await expect(page.getByRole('button', { name: 'Show answer' })).toBeVisible();
  }
  await answerByKeyboard(page, 1);
  await page.keyboard.press('Escape');
  await expect(studyButton(page)).toBeVisible(); // the deck list shows once the ratings are stored

  // Day 1: two new cards of another deck, Good (so that no card of day 0's notes is studied or buried before the
  // reviews come up: answering a card buries its siblings for the day).
  await app.close();
  ({ page } = await app.launch({ time: T0 + DAY }));
  await studyButton(page, 'Who argues what').click();
  for (let i = 0; i < 2; i++) await answerByKeyboard(page, 3);
  await page.keyboard.press('Escape');
  await expect(studyButton(page)).toBeVisible();

  // The day all three reviews are due, with no new cards: the three reviews (the first to come Good, the second
  // Again, the third Good) and day 0's learning card (Good).
  const reviewDay = Math.max(...intervals);
  expect(reviewDay, 'Easy on a new card is a young interval (under 21 days)').toBeLessThan(21);
  await app.close();
  ({ page } = await app.launch({ time: T0 + reviewDay * DAY }));
  await nav(page, 'Settings').click();
  await page.getByLabel('New cards/day').fill('0');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Settings saved.');
  await nav(page, 'Decks').click();
  await studyButton(page).click();
  const reviewRatings: (1 | 3)[] = [3, 1, 3];
  let infoSeen = false;
  for (let i = 0; i < 4; i++) {
    const question = await page.getByTestId('question').innerText();
    if (graduated.includes(question) && !infoSeen) {
      // Card info (I, after the answer): one review so far, Easy, with the interval it gave; the memory state now.
      infoSeen = true;
      await page.keyboard.press('Space');
      await page.keyboard.press('i');
      const info = page.getByRole('region', { name: 'Card info' });
      await expect(info.getByTestId('info-reviews')).toHaveText('1');
      await expect(info.getByTestId('info-history').locator('tbody tr')).toHaveCount(1);
      await expect(info.getByTestId('info-history').locator('tbody td').nth(1)).toHaveText('Easy');
      await expect(info.getByTestId('info-history').locator('tbody td').nth(2)).toHaveText(/^\d+d$/);
      await expect(info.getByTestId('info-stability')).toHaveText(/^\d+\.\d days$/);
      await expect(info.getByTestId('info-retrievability')).toHaveText(/^\d+%$/);
      await page.screenshot({ path: test.info().outputPath('card-info.png'), fullPage: true });
      await page.keyboard.press('i');
      await expect(info).toHaveCount(0);
      await page.keyboard.press(String(reviewRatings.shift()!));
      await expect(page.getByRole('button', { name: 'Show answer' })).toBeVisible();
      continue;
    }
    await answerByKeyboard(page, graduated.includes(question) ? reviewRatings.shift()! : 3);
  }
  expect(infoSeen).toBe(true);
  expect(reviewRatings, 'all three reviews came up').toEqual([]);
  const answered = 4;
  await page.keyboard.press('Escape');

  await nav(page, 'Statistics').click();
  await expect(page.getByRole('heading', { name: 'Statistics', level: 1 })).toBeVisible();
  await expect(page.getByTestId('today-answers')).toHaveText(String(answered));
  await expect(page.getByTestId('today-summary')).toContainText(`Studied ${answered} card`);
  await expect(page.getByTestId('today-again')).toHaveText('1');
  // Review cards today: Good, Again, Good.
  await expect(page.getByTestId('today-retention')).toHaveText('66.7%');
  // Studied on days 0, 1 and today (days later): the current streak is today alone, the longest two days.
  await expect(page.getByTestId('streak-current')).toHaveText('1 day');
  await expect(page.getByTestId('streak-longest')).toHaveText('2 days');

  const cell = (day: number) => page.locator(`svg.heatmap rect[data-day="${day}"]`);
  await expect(cell(DAY0 + reviewDay)).toHaveAttribute('data-reviews', String(answered));
  await expect(cell(DAY0)).toHaveAttribute('data-reviews', '4');
  await expect(cell(DAY0 + 1)).toHaveAttribute('data-reviews', '2');
  await expect(cell(DAY0 + 2)).toHaveAttribute('data-reviews', '0');
  // The busiest days (4 answers) are the darkest, day 1 (2 of 4) the second shade; each cell names its date and
  // count for a pointer or a screen reader.
  await expect(cell(DAY0 + reviewDay)).toHaveClass('heat-4');
  await expect(cell(DAY0)).toHaveClass('heat-4');
  await expect(cell(DAY0 + 1)).toHaveClass('heat-2');
  await expect(cell(DAY0 + 2)).toHaveClass('heat-0');
  await expect(cell(DAY0).locator('title')).toContainText('4 answers');
  await expect(page.getByRole('img', { name: /Answers per day over the last year/ })).toBeVisible();

  const row = (period: string) => page.getByTestId('retention-table').getByRole('row').filter({ has: page.getByRole('rowheader', { name: period, exact: true }) });
  await expect(row('Today').getByRole('cell')).toHaveText(['66.7%', '—', '66.7%', '3']);
  // Day 0 and day 1 had no review cards (new and learning answers are not in true retention).
  await expect(row('All time').getByRole('cell')).toHaveText(['66.7%', '—', '66.7%', '3']);

  await page.screenshot({ path: test.info().outputPath('statistics.png'), fullPage: true });
});
