// Presets and what hangs on them, as a person meets them in Settings: a preset with its own limits given to one deck
// (and inherited by a deck moved under it), deleted again; then, on cards with a history from Anki, the opt-in
// reschedule (its before/after offer, applying it, undoing it) and the workload simulation.
import type { Page } from '@playwright/test';
import { studiedCollection } from './anki-history';
import { deckCounts, expect, nav, test } from './app';

const DATES = /Dates and events$/;

async function deckPresetSelect(page: Page, deck: RegExp) {
  return page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Preset' }) }).getByRole('combobox', { name: deck });
}

test('a preset with its own limits, given to one deck, inherited under it, deleted again', async ({ app }) => {
  const { page } = await app.launch();
  const datesName = 'Dates and events';
  const before = await deckCounts(page, datesName);
  expect(before.new).toBeGreaterThan(3);
  // Two decks of the person's own, one under the other.
  for (const name of ['Mine', 'Mine::Child']) {
    await page.getByRole('button', { name: 'Create deck' }).click();
    await page.getByLabel('Name of the new deck').fill(name);
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(page.getByLabel('Name of the new deck')).toBeHidden();
  }

  await nav(page, 'Settings').click();
  await page.getByRole('button', { name: 'Add preset…' }).click();
  await page.getByLabel(/Name of the new preset/).fill('Light');
  await page.getByRole('main').getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByText('Added the preset "Light", a copy of "Default".')).toBeVisible();
  await expect(page.getByLabel('Preset', { exact: true })).toHaveValue(/^p-/);
  await expect(page.getByText('No deck uses “Light” yet')).toBeVisible();
  // A taken name is refused, naming it.
  await page.getByRole('button', { name: 'Rename…' }).click();
  await page.getByLabel('New name').fill('default');
  await page.getByRole('button', { name: 'Rename', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('There is already a preset named "Default". Nothing was changed.');
  await page.getByRole('button', { name: 'Cancel' }).click();

  await page.getByLabel('New cards/day').fill('3');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  await (await deckPresetSelect(page, DATES)).selectOption({ label: 'Light' });
  await expect(page.getByText(/Used by one deck: .*Dates and events\./)).toBeVisible();
  // Given to a parent, the preset reaches the deck under it, which says where it comes from.
  await (await deckPresetSelect(page, /^Mine$/)).selectOption({ label: 'Light' });
  await expect(page.getByText(/Used by 3 decks: .*Dates and events, Mine, Mine::Child\./)).toBeVisible();
  await expect((await deckPresetSelect(page, /^Mine::Child$/)).locator('option:checked')).toHaveText('From above: Light');
  await page.screenshot({ path: test.info().outputPath('presets.png'), fullPage: true });

  await nav(page, 'Decks').click();
  await expect.poll(() => deckCounts(page, datesName)).toMatchObject({ new: 3 });
  // Default's decks keep Default's 20 a day.
  expect((await deckCounts(page, 'Terms and concepts')).new).toBe(20);

  // Back in Settings, Default is shown first again; choose Light, delete it: the deck goes back to Default's limits.
  await nav(page, 'Settings').click();
  await page.getByLabel('Preset', { exact: true }).selectOption({ label: 'Light' });
  await expect(page.getByLabel('New cards/day')).toHaveValue('3');
  await page.getByRole('button', { name: 'Delete…' }).click();
  await expect(page.getByText('Delete the preset “Light”? Its 3 decks will use the preset of the deck above them, or Default.')).toBeVisible();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByText(/Deleted the preset "Light"/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Delete…' })).toBeDisabled(); // Default is shown, and cannot be deleted
  await expect((await deckPresetSelect(page, /^Mine::Child$/)).locator('option:checked')).toHaveText('From above: Default');
  await nav(page, 'Decks').click();
  await expect.poll(() => deckCounts(page, datesName)).toEqual(before);
});

test('evaluated in the browser; reschedule on change: offered with the days before and after, applied, undone; the workload simulated', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = await app.launch();
  const { bytes, reviews } = await studiedCollection(150, Date.now());
  await nav(page, 'Import').click();
  await page.getByLabel('Choose file').setInputFiles({ name: 'vocabulary.apkg', mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
  await expect(page.getByText(`150 cards added, with ${reviews.toLocaleString('en')} reviews of history`)).toBeVisible({ timeout: 30_000 });

  await nav(page, 'Settings').click();
  // Evaluate works in the browser build too (in TypeScript, as fsrs-rs computes it).
  await page.getByTestId('fsrs-evaluate').click();
  await expect(page.getByTestId('fsrs-row-current')).toContainText(/In use\s*0\.\d{4}\s*\d+\.\d\d %/);
  // Off by default: a new retention alone moves nothing and offers nothing.
  const optIn = page.getByLabel('Offer to reschedule when they change');
  await expect(optIn).not.toBeChecked();
  await page.getByLabel('Desired retention').fill('0.93');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  await expect(page.getByRole('group', { name: /Rescheduling would change/ })).toHaveCount(0);
  await optIn.check();
  await page.getByLabel('Desired retention').fill('0.97');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const offer = page.getByRole('group', { name: /Rescheduling would change/ });
  await expect(offer).toBeVisible();
  const table = page.getByTestId('reschedule-forecast');
  const row = async (name: string) => (await table.getByRole('row', { name: new RegExp(`^${name}`) }).getByRole('cell').allTextContents()).map(Number);
  const now = await row('Now');
  const after = await row('After');
  expect(now).toHaveLength(7);
  // A higher retention brings reviews earlier: at least as many due by each day, more in all.
  let a = 0;
  let b = 0;
  for (let i = 0; i < 7; i++) {
    a += after[i]!;
    b += now[i]!;
    expect(a).toBeGreaterThanOrEqual(b);
  }
  expect(a).toBeGreaterThan(b);
  await page.screenshot({ path: test.info().outputPath('reschedule-offer.png'), fullPage: true });
  const cards = Number((await page.getByRole('button', { name: /^Reschedule \d+ cards?$/ }).textContent())!.match(/\d+/)![0]);
  await page.getByRole('button', { name: /^Reschedule \d+ cards?$/ }).click();
  await expect(page.getByText(`Rescheduled ${cards.toLocaleString('en')} cards. Each move is in its card's history.`)).toBeVisible();

  // The deck list counts what is due today after the move.
  await nav(page, 'Decks').click();
  const dueAfter = (await deckCounts(page, 'Vocabulary')).review;
  expect(dueAfter).toBe(after[0]);

  await nav(page, 'Settings').click();
  await page.getByRole('button', { name: 'Undo the reschedule' }).click();
  await expect(page.getByText(`Put back ${cards.toLocaleString('en')} cards as they were.`)).toBeVisible();
  await nav(page, 'Decks').click();
  await expect.poll(async () => (await deckCounts(page, 'Vocabulary')).review).toBe(now[0]);

  // The workload at 97 % and beside it: more reviews a day the higher the retention.
  await nav(page, 'Settings').click();
  await page.getByTestId('workload-simulate').click();
  const workload = page.getByTestId('workload-table');
  await expect(workload.getByRole('row')).toHaveCount(4);
  await expect(workload.getByRole('row', { name: /97 % \(this preset\)/ })).toBeVisible();
  const perDay = async (name: RegExp) => Number(await workload.getByRole('row', { name }).getByRole('cell').first().textContent());
  expect(await perDay(/^92 %/)).toBeLessThan(await perDay(/^97 %/));
  expect(await perDay(/^97 %/)).toBeLessThan(await perDay(/^99 %/));
  await expect(page.getByTestId('workload-chart')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('workload.png'), fullPage: true });
});
