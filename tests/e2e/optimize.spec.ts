// The FSRS optimizer as a person meets it in Settings. In the browser build, Optimize says why it cannot run. With the
// desktop app's bridge (stood in for: tests/e2e/desktop-bridge.ts, the main process's optimizer service running in
// this Node process), someone who brings a few thousand answers from Anki presses Optimize, sees how well their old
// and new parameters predict those answers, studies with the new ones, and can go back.
import { loadBinding } from '../../src/main/optimizer';
import { studiedCollection } from './anki-history';
import { expect, nav, test } from './app';
import { installDesktopBridge } from './desktop-bridge';


test('the browser build explains why it cannot optimize', async ({ app }) => {
  const { page } = await app.launch();
  await nav(page, 'Settings').click();
  await expect(page.getByRole('heading', { name: 'FSRS parameters' })).toBeVisible();
  const optimize = page.getByTestId('fsrs-optimize');
  await expect(optimize).toBeDisabled();
  await expect(optimize).toHaveAccessibleDescription(/Optimizing needs the desktop app/);
  // Typed parameters are checked like every other setting: a wrong count is refused, naming it.
  await page.getByRole('textbox', { name: 'Parameters', exact: true }).fill('0.2, 1.2, 3');
  await page.getByRole('button', { name: 'Use these parameters' }).click();
  await expect(page.getByRole('alert')).toHaveText(/FSRS needs 21 parameters, and 3 were given/);
});

const binding = loadBinding();
test.describe('with the desktop app\'s optimizer', () => {
  test.skip(!binding.ok, `the FSRS optimizer's native package is not installed here${binding.ok ? '' : `: ${binding.reason}`}`);

  test('a few thousand answers from Anki: optimize, see both figures, study with the result, go back', async ({ app }) => {
    test.setTimeout(120_000);
    const { page } = await app.launch({ beforeOpen: (p) => installDesktopBridge(p).then(() => {}) });
    const { bytes, reviews } = await studiedCollection(400, Date.now());
    expect(reviews).toBeGreaterThan(2000);
    await nav(page, 'Import').click();
    await page.getByLabel('Choose file').setInputFiles({ name: 'vocabulary.apkg', mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
    await expect(page.getByText(`400 cards added, with ${reviews.toLocaleString('en')} reviews of history`)).toBeVisible({ timeout: 30_000 });

    // What a new card would be given for Easy: its first stability, which the history was made with at 20 days (FSRS's
    // default: 8.3).
    const easyInterval = async () => {
      await nav(page, 'Decks').click();
      await page.getByRole('button', { name: /^Study .*Terms and concepts$/ }).click();
      const question = await page.getByTestId('question').innerText();
      await page.keyboard.press('Space');
      const interval = await page.locator('#interval-4').innerText();
      await page.keyboard.press('Escape');
      return `${question}: ${interval}`;
    };
    const before = await easyInterval();

    await nav(page, 'Settings').click();
    const params = page.getByRole('textbox', { name: 'Parameters', exact: true });
    await expect(params).toHaveValue('');
    await page.getByTestId('fsrs-evaluate').click();
    const current = page.getByTestId('fsrs-row-current');
    await expect(current).toContainText(/In use\s*0\.\d{4}\s*\d+\.\d\d %/);

    const optimize = page.getByTestId('fsrs-optimize');
    await expect(optimize).toBeEnabled();
    await optimize.click();
    await expect(page.getByRole('status').filter({ hasText: /^Saved: the optimized parameters predict your [\d,]+ answers better/ })).toBeVisible({ timeout: 30_000 });
    await expect(current).toContainText(/Before optimizing\s*0\.\d{4}\s*\d+\.\d\d %/);
    await expect(page.getByTestId('fsrs-row-optimized')).toContainText(/Optimized \(kept\)\s*0\.\d{4}\s*\d+\.\d\d %/);
    const fitted = (await params.inputValue()).split(', ').map(Number);
    expect(fitted).toHaveLength(21);
    // The history was made with first stabilities of 5 days for Good and 20 for Easy (the defaults: 2.3 and 8.3): the
    // fit finds them roughly.
    expect(fitted[2]).toBeGreaterThan(3.5);
    expect(fitted[2]).toBeLessThan(7);
    expect(fitted[3]).toBeGreaterThan(15);
    expect(fitted[3]).toBeLessThan(26);
    // Both figures drop, as the table shows them.
    const figure = async (row: string) => Number((await page.getByTestId(row).locator('td').first().textContent())!);
    expect(await figure('fsrs-row-optimized')).toBeLessThan(await figure('fsrs-row-current'));
    await page.screenshot({ path: test.info().outputPath('optimize.png'), fullPage: true });

    // Go back puts the defaults back; optimizing again fits the same parameters (fsrs-rs is deterministic).
    await page.getByRole('button', { name: 'Go back to the previous parameters' }).click();
    await expect(page.getByRole('status').filter({ hasText: "Back to FSRS's default parameters." })).toBeVisible();
    await expect(params).toHaveValue('');
    await optimize.click();
    await expect(page.getByRole('status').filter({ hasText: /^Saved/ })).toBeVisible({ timeout: 30_000 });
    await expect(params).toHaveValue(fitted.join(', '));

    // Kept across a reload, and studied with: the same card is given another interval for Easy.
    await page.reload();
    await nav(page, 'Settings').click();
    await expect(params).toHaveValue(fitted.join(', '));
    const after = await easyInterval();
    expect(after.split(': ')[0]).toBe(before.split(': ')[0]);
    const days = (shown: string) => Number(shown.match(/: (\d+)d$/)?.[1]);
    expect(days(before), before).toBeLessThan(12);
    expect(days(after), after).toBeGreaterThan(14);
  });
});
