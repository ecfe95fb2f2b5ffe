// Importing through the screen, as a person does: choose a CSV file and map its columns, drop an Anki package on the
// window, study an imported card with its picture, and see a bad file refused without harm.
import { readFileSync } from 'node:fs';
import { basicNotetype, buildAnkiCollection } from '../fixtures/anki/collection-builder';
import { buildAnkiPackage } from '../fixtures/anki/package-builder';
import { answerByKeyboard, deckCounts, expect, nav, test } from './app';

// A 2x2 red PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGP4z8DAwMDAwMDAAAAhBwL+tEPe3wAAAABJRU5ErkJggg==',
  'base64',
);

test('a CSV file: choose it, map its columns, import, study a card', async ({ app }) => {
  const { page } = await app.launch();
  await nav(page, 'Import').click();
  await expect(page.getByRole('heading', { name: 'Import' })).toBeVisible();
  await page.getByLabel('Choose file').setInputFiles({
    name: 'Spanish verbs.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('Spanish,English,Tags\nser,to be,irregular\nir,to go,irregular\nhablar,to speak,\n'),
  });
  await expect(page.getByText('Spanish verbs.csv: 4 rows, 3 columns')).toBeVisible();
  await page.getByLabel('The first row holds column names').check();
  await page.getByLabel('Tags').selectOption({ label: 'Column 3: Tags' });
  await expect(page.getByLabel('Deck name')).toHaveValue('Spanish verbs');
  await page.screenshot({ path: 'test-results/import-csv-mapping.png' });
  await page.getByRole('region', { name: 'Import' }).getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Imported Spanish verbs.csv' })).toBeVisible();
  await expect(page.getByText('3 notes added, 0 updated, 0 unchanged, 0 skipped')).toBeVisible();
  await page.screenshot({ path: 'test-results/import-csv-summary.png' });

  await page.getByRole('button', { name: 'Go to decks' }).click();
  await expect.poll(() => deckCounts(page, 'Spanish verbs')).toEqual({ new: 3, learning: 0, review: 0 });
  await page.getByRole('button', { name: /^Study .*Spanish verbs$/ }).click();
  await expect(page.getByTestId('question')).toHaveText('ser');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('answer')).toContainText('to be');
  await page.keyboard.press('3');
  await expect(page.getByTestId('question')).toHaveText('ir');
});

test('an Anki package dropped on the window, with its history and a picture', async ({ app }) => {
  const { page } = await app.launch();
  const now = Date.now();
  const collection = await buildAnkiCollection({
    schema: 11,
    notetypes: [{ ...basicNotetype(7), css: '.card { font-family: serif; } .card img { width: 64px; }' }],
    decks: [{ id: 3, name: 'Colours::Warm' }],
    notes: [
      { id: 1, guid: 'red', notetypeId: 7, fields: ['Which colour? <img src="red.png">', 'Red'] },
      { id: 2, guid: 'orange', notetypeId: 7, fields: ['Mix of red and yellow?', 'Orange'] },
    ],
    cards: [
      { id: 1, noteId: 1, ord: 0, deckId: 3, type: 2, due: 1 },
      { id: 2, noteId: 2, ord: 0, deckId: 3, type: 0, due: 2 },
    ],
    revlog: [
      { id: now - 40 * 86_400_000, cardId: 1, ease: 3, type: 0, ms: 4000 },
      { id: now - 40 * 86_400_000 + 600_000, cardId: 1, ease: 3, type: 0, ms: 3000 },
      { id: now - 30 * 86_400_000, cardId: 1, ease: 3, type: 1, ms: 3000 },
    ],
  });
  const bytes = buildAnkiPackage({ generation: 'anki21', collection, media: [{ name: 'red.png', data: new Uint8Array(PNG) }] });
  // Drop it on the deck list, as from a file manager.
  const transfer = await page.evaluateHandle((data) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(data)], 'colours.apkg'));
    return dt;
  }, [...bytes]);
  await page.dispatchEvent('main', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
  await expect(page.getByRole('heading', { name: 'Imported colours.apkg' })).toBeVisible();
  await expect(page.getByText('2 cards added, with 3 reviews of history')).toBeVisible();
  await expect(page.getByText('1 media file (images, sounds)')).toBeVisible();

  await page.getByRole('button', { name: 'Go to decks' }).click();
  // The studied card was last seen 30 days ago with a short interval: it is due; the other is new.
  await expect.poll(() => deckCounts(page, 'Colours::Warm')).toEqual({ new: 1, learning: 0, review: 1 });
  // Nested under a "Colours" row that counts (and studies) everything in it.
  await expect.poll(() => deckCounts(page, 'Colours')).toEqual({ new: 1, learning: 0, review: 1 });
  await page.screenshot({ path: 'test-results/import-deck-tree.png' });
  await page.getByRole('button', { name: /^Study .*Colours::Warm$/ }).click();
  const question = page.getByTestId('question');
  await expect(question).toContainText('Which colour?');
  const img = question.locator('img');
  await expect(img).toHaveAttribute('src', /^blob:/);
  await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBe(2);
  await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.getBoundingClientRect().width)).toBe(64);
  await page.screenshot({ path: 'test-results/import-apkg-card.png' });
  await page.keyboard.press('Space');
  await expect(page.getByTestId('answer')).toContainText('Red');
  // A review card: its buttons offer days, not the minutes of a new card's steps.
  await expect(page.getByRole('button', { name: 'Good' })).toContainText(/\d+d|mo/);
});

test('a bad file is refused with a message naming it, and nothing changes', async ({ app }) => {
  const { page } = await app.launch();
  const before = await deckCounts(page);
  await nav(page, 'Import').click();
  await page.getByLabel('Choose file').setInputFiles({ name: 'deck.apkg', mimeType: 'application/octet-stream', buffer: Buffer.from('%PDF-1.5\n...') });
  await expect(page.getByRole('alert')).toContainText('deck.apkg: is a PDF document, not a deck');
  const zip = buildAnkiPackage({ generation: 'anki2', collection: new TextEncoder().encode('not a database at all, just text') });
  await page.getByLabel('Choose file').setInputFiles({ name: 'broken.apkg', mimeType: 'application/octet-stream', buffer: Buffer.from(zip) });
  await expect(page.getByRole('alert')).toContainText('broken.apkg');
  await nav(page, 'Decks').click();
  expect(await deckCounts(page)).toEqual(before);
});

test('export with progress, start from a fresh profile, import: the studied card comes back as it was', async ({ app }) => {
  const { page } = await app.launch();
  const deck = 'Terms and concepts';
  await page.getByRole('button', { name: new RegExp(`^Study .*${deck}$`) }).click();
  await expect(page.getByRole('button', { name: 'Show answer' })).toBeVisible();
  await answerByKeyboard(page, 3); // Good: the card goes to its 10-minute learning step
  await page.keyboard.press('Escape');
  await expect.poll(() => deckCounts(page, deck)).toEqual({ new: 19, learning: 1, review: 0 });

  await nav(page, 'Import').click();
  await page.getByLabel('Deck', { exact: true }).selectOption({ label: 'All decks (the whole collection)' });
  await page.getByLabel('Retain deck file (.json) with progress and review history').check();
  const download = page.waitForEvent('download');
  await page.getByRole('region', { name: 'Import' }).getByRole('button', { name: 'Export' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('Retain collection.json');
  const path = await file.path();
  await page.screenshot({ path: 'test-results/export.png' });

  // A fresh profile: the collection deleted with everything else the site stored (as Clear site data does: the safety
  // copies too, or the app would offer to restore them), the app opened again (it loads the bundled decks anew).
  await page.evaluate(async () => {
    await new Promise((resolve) => {
      const request = indexedDB.deleteDatabase('retain');
      request.onsuccess = request.onerror = request.onblocked = () => resolve(null);
    });
    localStorage.clear();
    await (await navigator.storage.getDirectory()).removeEntry('retain-safety', { recursive: true }).catch(() => {});
  });
  await page.reload();
  await expect.poll(() => deckCounts(page, deck)).toEqual({ new: 20, learning: 0, review: 0 });

  await nav(page, 'Import').click();
  await page.getByLabel('Choose file').setInputFiles({ name: file.suggestedFilename(), mimeType: 'application/json', buffer: readFileSync(path) });
  await expect(page.getByRole('heading', { name: 'Imported Retain collection.json' })).toBeVisible();
  await page.getByRole('button', { name: 'Go to decks' }).click();
  await expect.poll(() => deckCounts(page, deck)).toEqual({ new: 19, learning: 1, review: 0 });
});
