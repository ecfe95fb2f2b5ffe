// A week of study with a known pattern of ratings (the clock moved a day at a time), then the Statistics screen:
// today's answers and Again count, the streak, each day's calendar cell and the reviews of the month, and the
// forecast, day by day, worked out here from the interval each pressed button showed.
import type { Page } from '@playwright/test';
import { DAY, expect, nav, test } from './app';

// A deck of plain one-card notes, imported on the first day: no note has a second card, so answering one never sets
// another aside until tomorrow, and every answered card is where its button said it would be.
const DECK = 'Week';
const CSV = Array.from({ length: 40 }, (_, i) => `Question ${i + 1},Answer ${i + 1}`).join('\n');
const studyButton = (page: Page) => page.getByRole('button', { name: new RegExp(`^Study .*${DECK}$`) });
// A Monday, 10:00 local time, well after the 4:00 day start: its study day is its local calendar date.
const T0 = new Date(2026, 4, 4, 10, 0, 0).getTime();
const DAY0 = Math.floor(Date.UTC(2026, 4, 4) / DAY);
/** Answers per day, Monday to Sunday. */
const PLAN = [5, 3, 4, 2, 6, 3, 4];

test('a week of study: the Statistics screen shows what was studied, retained and is due next', async ({ app }) => {
  test.setTimeout(120_000);
  // Question text -> the study day its card is due on, from the interval on the button last pressed for it.
  const dueDay = new Map<string, number>();
  // Question text -> the interval (days) the button last pressed for it gave: young under 21, mature from 21.
  const interval = new Map<string, number>();
  const againOn = new Map<number, number>();
  const reviewsOn = new Map<number, { passed: number; failed: number }>();

  for (let d = 0; d < PLAN.length; d++) {
    const { page } = await app.launch({ time: T0 + d * DAY });
    if (d === 0) {
      // No learning steps: a new card answered Good is a review card at once, due in days, so that reviews come
      // back within the week.
      await nav(page, 'Settings').click();
      await page.getByLabel('Learning steps', { exact: true }).fill('');
      await page.getByLabel('Relearning steps').fill('');
      await page.getByRole('button', { name: 'Save' }).click();
      await expect(page.getByRole('status')).toHaveText('Settings saved.');
      await nav(page, 'Import').click();
      await page.getByLabel('Choose file').setInputFiles({ name: 'Week.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
      await page.getByRole('region', { name: 'Import' }).getByRole('button', { name: 'Import', exact: true }).click();
      await expect(page.getByText('40 notes added')).toBeVisible();
      await page.getByRole('button', { name: 'Go to decks' }).click();
    }
    await studyButton(page).click();
    for (let i = 0; i < PLAN[d]!; i++) {
      const question = await page.getByTestId('question').innerText();
      const isReview = dueDay.has(question);
      // New cards Good; reviews Good, but the second review of each day Again.
      const reviewIndex = isReview ? (reviewsOn.get(d)?.passed ?? 0) + (reviewsOn.get(d)?.failed ?? 0) : -1;
      const rating = reviewIndex === 1 ? 'Again' : 'Good';
      await page.keyboard.press('Space');
      const button = page.getByRole('button', { name: rating });
      const label = await button.locator('.interval').innerText();
      const days = /^(\d+)d$/.exec(label);
      expect(days, `${rating} gives a whole number of days (${label})`).not.toBeNull();
      dueDay.set(question, d + Number(days![1]));
      interval.set(question, Number(days![1]));
      if (rating === 'Again') againOn.set(d, (againOn.get(d) ?? 0) + 1);
      if (isReview) {
        const r = reviewsOn.get(d) ?? { passed: 0, failed: 0 };
        if (rating === 'Again') r.failed++;
        else r.passed++;
        reviewsOn.set(d, r);
      }
      await page.keyboard.press(rating === 'Again' ? '1' : '3');
      await expect(page.getByRole('button', { name: 'Show answer' }).or(page.getByRole('heading', { name: 'Finished for today' }))).toBeVisible();
    }
    await page.keyboard.press('Escape');
    await expect(studyButton(page)).toBeVisible(); // the deck list shows once the ratings are stored
    await app.close();
  }
  expect([...reviewsOn.values()].reduce((n, r) => n + r.passed + r.failed, 0), 'reviews came back during the week').toBeGreaterThan(0);

  const page = (await app.launch({ time: T0 + 6 * DAY + 3_600_000 })).page;
  await nav(page, 'Statistics').click();
  await expect(page.getByRole('heading', { name: 'Statistics', level: 1 })).toBeVisible();
  const today = 6;
  await expect(page.getByTestId('today-answers')).toHaveText(String(PLAN[today]));
  await expect(page.getByTestId('today-again')).toHaveText(String(againOn.get(today) ?? 0));
  const r = reviewsOn.get(today);
  await expect(page.getByTestId('today-retention')).toHaveText(r ? `${((100 * r.passed) / (r.passed + r.failed)).toFixed(1)}%` : '—');
  await expect(page.getByTestId('streak-current')).toHaveText('7 days');
  await expect(page.getByTestId('streak-longest')).toHaveText('7 days');

  // The calendar: each day of the week its answers; the day before the week none.
  for (let d = 0; d < PLAN.length; d++) {
    await expect(page.locator(`svg.heatmap rect[data-day="${DAY0 + d}"]`)).toHaveAttribute('data-reviews', String(PLAN[d]));
  }
  await expect(page.locator(`svg.heatmap rect[data-day="${DAY0 - 1}"]`)).toHaveAttribute('data-reviews', '0');
  const total = PLAN.reduce((a, b) => a + b, 0);
  await expect(page.getByTestId('reviews-summary')).toContainText(`${total} answers`);
  await expect(page.getByTestId('reviews-summary')).toContainText('on 7 days of 30');

  // The forecast: every studied card on the day its last button said, overdue ones today.
  const expected = new Array<number>(30).fill(0);
  for (const due of dueDay.values()) if (due - today < 30) expected[Math.max(0, due - today)]!++;
  const overdue = [...dueDay.values()].filter((due) => due < today).length;
  const inMonth = expected.reduce((a, b) => a + b, 0);
  await expect(page.getByTestId('forecast-summary')).toHaveText(
    `${expected[0]} card${expected[0] === 1 ? '' : 's'} due today${overdue > 0 ? ` (${overdue} overdue)` : ''}, ${expected[1]} tomorrow, ${inMonth} in the next 30 days.`,
  );
  const table = page.getByTestId('forecast-table');
  await table.getByText('Show the numbers').click();
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(30);
  let running = 0;
  for (let i = 0; i < 30; i++) {
    running += expected[i]!;
    await expect(rows.nth(i).getByRole('cell')).toHaveText([String(expected[i]), String(running)]);
  }

  await page.screenshot({ path: test.info().outputPath('statistics-week.png'), fullPage: true });
  await table.getByText('Show the numbers').click(); // closed again

  // Card counts: every studied card is a review card, young or mature by its interval; the rest of the imported
  // deck is new, beside the bundled decks' new cards.
  const counts = page.getByTestId('counts-table');
  const row = (name: string) => counts.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
  const mature = [...interval.values()].filter((days) => days >= 21).length;
  await expect(row('Young').getByRole('cell').first()).toHaveText(String(dueDay.size - mature));
  await expect(row('Mature').getByRole('cell').first()).toHaveText(String(mature));
  await page.getByRole('combobox', { name: 'Decks' }).selectOption({ label: DECK });
  await expect(row('New').getByRole('cell').first()).toHaveText(String(40 - dueDay.size));
  await expect(row('Total').getByRole('cell').first()).toHaveText('40');
  await expect(page.getByTestId('today-answers')).toHaveText(String(PLAN[today]));

  // One deck only: another deck has none of it; then all decks again, over the year.
  await page.getByRole('combobox', { name: 'Decks' }).selectOption({ label: `China and NATO's “Asia-Pacificization”: Who argues what` });
  await expect(page.getByTestId('today-answers')).toHaveText('0');
  await page.getByRole('radio', { name: 'Last year' }).click();
  await expect(page.getByTestId('stats-scope')).toContainText('Last year');
  await page.screenshot({ path: test.info().outputPath('statistics-week-other-deck.png'), fullPage: true });
  await page.getByRole('combobox', { name: 'Decks' }).selectOption({ index: 0 });
  await expect(page.getByTestId('today-answers')).toHaveText(String(PLAN[today]));
  await expect(page.getByTestId('reviews-summary')).toContainText('on 7 days of 365');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: test.info().outputPath('statistics-week-dark.png'), fullPage: true });
});
