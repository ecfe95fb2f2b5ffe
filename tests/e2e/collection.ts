// What end-to-end tests read of the stored collection (straight from IndexedDB, not through the app's code), and
// what they do to it through the app (import a CSV file, run Check database).
import type { Page } from '@playwright/test';
import { expect, nav } from './app';

/** Fields per review in a stored history (src/core/history.ts HISTORY_FIELDS). */
const HISTORY_STRIDE = 12;

export interface Stored {
  reviews: number;
  decks: { name: string; cards: number; notes: number }[];
}

/** What is stored, read straight from IndexedDB (not through the app's code). */
export function readStored(page: Page): Promise<Stored> {
  return page.evaluate(async (stride) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('retain');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction(['cards', 'decks', 'notes'], 'readonly');
    const all = <T,>(store: string) =>
      new Promise<T[]>((resolve, reject) => {
        const r = tx.objectStore(store).getAll();
        r.onsuccess = () => resolve(r.result as T[]);
        r.onerror = () => reject(r.error);
      });
    type Card = { deckId: string; history: Float64Array };
    const [cards, decks, notes] = await Promise.all([all<Card>('cards'), all<{ id: string; name: string }>('decks'), all<{ deckId: string }>('notes')]);
    db.close();
    const count = <T extends { deckId: string }>(rows: T[], id: string) => rows.filter((r) => r.deckId === id).length;
    return {
      reviews: cards.reduce((sum, c) => sum + c.history.length / stride, 0),
      decks: decks.map((d) => ({ name: d.name, cards: count(cards, d.id), notes: count(notes, d.id) })),
    };
  }, HISTORY_STRIDE);
}


/** Runs Check database from Settings: it must find nothing wrong. Returns its summary line. */
export async function checkDatabase(page: Page): Promise<string> {
  await nav(page, 'Settings').click();
  await page.getByTestId('check-database').click();
  const summary = page.getByTestId('check-summary');
  await expect(summary).toBeVisible({ timeout: 30_000 });
  const text = await summary.innerText();
  expect(text, (await page.getByTestId('check-report').innerText())).toMatch(/no problems found\.$/);
  await nav(page, 'Decks').click();
  return text;
}

/** Imports a CSV file with a header row (front,back) from the Import screen; resolves once the import started. */
export async function importCsv(page: Page, name: string, text: string): Promise<void> {
  await nav(page, 'Import').click();
  await page.getByLabel('Choose file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.getByLabel('The first row holds column names').check();
  await page.getByRole('region', { name: 'Import' }).getByRole('button', { name: 'Import', exact: true }).click();
}
