// The FSRS optimizer as a person meets it in Settings. In the browser build, Optimize says why it cannot run. With the
// desktop app's bridge (stood in for: tests/e2e/desktop-bridge.ts, the main process's optimizer service running in
// this Node process), someone who brings a few thousand answers from Anki presses Optimize, sees how well their old
// and new parameters predict those answers, studies with the new ones, and can go back.
import { createEmptyCard, default_w, forgetting_curve, fsrs, Rating, type Card, type Grade } from 'ts-fsrs';
import { loadBinding } from '../../src/main/optimizer';
import { basicNotetype, buildAnkiCollection, type CardSpec, type NoteSpec, type RevlogSpec } from '../fixtures/anki/collection-builder';
import { buildAnkiPackage } from '../fixtures/anki/package-builder';
import { expect, nav, test } from './app';
import { installDesktopBridge } from './desktop-bridge';

const DAY = 86_400_000;

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

/** A seeded generator (mulberry32): the same history on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * An Anki collection of `count` cards studied under parameters other than FSRS's defaults (first stabilities 0.5, 2,
 * 5 and 20 days): each learnt on one day, then reviewed when FSRS said, recalled as those parameters' forgetting
 * curve predicts, up to today.
 */
async function studiedCollection(count: number, now: number): Promise<{ bytes: Uint8Array; reviews: number }> {
  const w = [...default_w];
  w.splice(0, 4, 0.5, 2, 5, 20);
  const f = fsrs({ w, enable_short_term: false, enable_fuzz: false });
  const next = random(7);
  const notes: NoteSpec[] = [];
  const cards: CardSpec[] = [];
  const revlog: RevlogSpec[] = [];
  for (let i = 1; i <= count; i++) {
    notes.push({ id: i, guid: `g${i}`, notetypeId: 7, fields: [`Question ${i}`, `Answer ${i}`] });
    cards.push({ id: i, noteId: i, ord: 0, deckId: 3, type: 2, due: 1 });
    let t = now - (150 + Math.floor(next() * 150)) * DAY + i * 1000;
    const u = next();
    // Many first answers are Easy, so the fit can find its first stability (20 days; FSRS's default is 8.3).
    const first: Grade = u < 0.15 ? Rating.Again : u < 0.25 ? Rating.Hard : u < 0.65 ? Rating.Good : Rating.Easy;
    let card: Card = f.next(createEmptyCard(new Date(t)), new Date(t), first).card;
    revlog.push({ id: t, cardId: i, ease: first, type: 0, ms: 5000 });
    for (;;) {
      const days = Math.max(1, card.scheduled_days);
      t += days * DAY;
      if (t > now - DAY) break;
      const recalled = next() < forgetting_curve(w, days, card.stability);
      const v = next();
      const rating: Grade = !recalled ? Rating.Again : v < 0.8 ? Rating.Good : v < 0.9 ? Rating.Hard : Rating.Easy;
      revlog.push({ id: t, cardId: i, ease: rating, type: 1, ms: 4000 });
      card = f.next(card, new Date(t), rating).card;
    }
  }
  const collection = await buildAnkiCollection({ schema: 11, notetypes: [basicNotetype(7)], decks: [{ id: 3, name: 'Vocabulary' }], notes, cards, revlog });
  return { bytes: buildAnkiPackage({ generation: 'anki21', collection, media: [] }), reviews: revlog.length };
}

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
