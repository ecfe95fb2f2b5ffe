// When the browser loses the collection (Chromium discards an origin's IndexedDB it finds damaged at start: see
// src/renderer/src/state/safety.svelte.ts), the app says so instead of starting empty, and restores the safety copy
// it keeps outside IndexedDB with the answers journaled after it: the same decks, cards and reviews as before.
import { readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, nav, test } from './app';
import { checkDatabase, importCsv, readStored } from './collection';

/** The safety folder's files (Origin Private File System), as the page sees them. */
function safetyFiles(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const dir = await root.getDirectoryHandle('retain-safety', { create: true });
    const names: string[] = [];
    for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
    return names.sort();
  });
}

async function answer(page: Page, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    await page.getByRole('button', { name: 'Show answer' }).click();
    await page.keyboard.press('3');
    await page.locator('section.review[data-unsaved="0"]').waitFor();
  }
}

/** Where Chromium keeps the origin's IndexedDB (LevelDB) folder in the profile. */
function indexedDbFolders(profile: string): string[] {
  const base = join(profile, 'Default', 'IndexedDB');
  return readdirSync(base).filter((n) => n.endsWith('.indexeddb.leveldb')).map((n) => join(base, n));
}

test('a collection the browser lost is restored from the safety copy, with the answers given after it', async ({ app }) => {
  test.setTimeout(120_000);
  let { page } = await app.launch();
  await importCsv(page, 'Recovery.csv', ['front,back', ...Array.from({ length: 20 }, (_, i) => `question ${i},answer ${i}`)].join('\n'));
  await expect(page.getByRole('heading', { name: 'Imported Recovery.csv' })).toBeVisible({ timeout: 30_000 });
  // The import is followed by a safety copy.
  await expect.poll(async () => (await safetyFiles(page)).filter((n) => n.startsWith('copy-')).length, { timeout: 15_000 }).toBeGreaterThan(0);
  await nav(page, 'Decks').click();
  await page.getByRole('button', { name: 'Study all' }).click();
  // Answers after the copy: the journal holds them.
  await answer(page, 4);
  await nav(page, 'Decks').click();
  const before = await readStored(page);
  expect(before.reviews).toBe(4);
  expect((await safetyFiles(page)).filter((n) => n.startsWith('journal-'))).toHaveLength(4);
  await app.close();

  // What Chromium does when it finds the database damaged: the origin's IndexedDB folder is gone.
  for (const folder of indexedDbFolders(app.profile)) rmSync(folder, { recursive: true, force: true });
  ({ page } = await app.launch());
  await expect(page.getByRole('heading', { name: 'Your collection needs restoring' })).toBeVisible();
  await expect(page.getByTestId('lost-copy')).toContainText('4 answers given after it will be replayed on it.');
  await page.getByRole('button', { name: 'Restore the safety copy' }).click();
  await expect(page.getByRole('heading', { name: 'Decks' })).toBeVisible();
  const after = await readStored(page);
  expect(after).toEqual(before);
  expect(after.decks.find((d) => d.name === 'Recovery')).toEqual({ name: 'Recovery', cards: 20, notes: 20 });
  await checkDatabase(page);

  // Started again, it opens as usual.
  await app.close();
  ({ page } = await app.launch());
  await expect(page.getByRole('heading', { name: 'Decks' })).toBeVisible();
  expect(await readStored(page)).toEqual(before);
});

test('a damaged database is reported too: Chromium deletes it as the app opens it', async ({ app }) => {
  test.setTimeout(120_000);
  let { page } = await app.launch();
  await page.getByRole('button', { name: 'Study all' }).click();
  await answer(page, 2);
  await nav(page, 'Decks').click();
  const before = await readStored(page);
  await app.close();

  // Damage LevelDB's manifest (every file of the database goes through it), as a torn write would.
  for (const folder of indexedDbFolders(app.profile)) {
    const manifest = readdirSync(folder).find((n) => n.startsWith('MANIFEST-'))!;
    const bytes = readFileSync(join(folder, manifest));
    for (let i = 8; i < bytes.length; i += 7) bytes[i] = bytes[i]! ^ 0xff;
    writeFileSync(join(folder, manifest), bytes);
  }
  ({ page } = await app.launch());
  await expect(page.getByRole('heading', { name: 'Your collection needs restoring' })).toBeVisible();
  await page.getByRole('button', { name: 'Restore the safety copy' }).click();
  await expect(page.getByRole('heading', { name: 'Decks' })).toBeVisible();
  expect(await readStored(page)).toEqual(before);
});
