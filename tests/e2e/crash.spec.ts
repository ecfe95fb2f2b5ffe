// Crash safety: the browser is killed (SIGKILL, every process of its profile) at seeded random moments while a person
// studies and while a large import runs, then started again on the same profile. After every kill the collection must
// hold: every card's state is the replay of its history and every day summary the recount of the histories (Check
// database finds nothing), an import is wholly there or wholly absent, and at most the one rating whose write was in
// flight is missing. CRASH_SEED picks another sequence of moments; the seed and every moment are logged.
import { prng } from '../bench/generate';
import { expect, nav, test } from './app';
import { checkDatabase, importCsv, readStored } from './collection';

const SEED = Number(process.env['CRASH_SEED'] ?? 20261203);
// Fewer kills or a smaller import, to look into a failure quickly: CRASH_STUDY_KILLS, CRASH_IMPORT_KILLS, CRASH_NOTES.
const STUDY_KILLS = Number(process.env['CRASH_STUDY_KILLS'] ?? 20);
const IMPORT_KILLS = Number(process.env['CRASH_IMPORT_KILLS'] ?? 12);
const IMPORT_NOTES = Number(process.env['CRASH_NOTES'] ?? 10_000);
function csv(round: number): string {
  const lines = ['front,back'];
  for (let i = 0; i < IMPORT_NOTES; i++) lines.push(`crash ${round} question ${i},answer ${i} of round ${round}`);
  return lines.join('\n');
}

test(`killed at ${STUDY_KILLS + IMPORT_KILLS} random moments while studying and importing, the collection stays whole`, async ({ app }) => {
  test.setTimeout(20 * 60_000);
  const rand = prng(SEED);
  const log = (line: string) => console.log(`[crash seed ${SEED}] ${line}`);
  let { page } = await app.launch();
  let stored = await readStored(page);
  let kills = 0;
  let restores = 0;
  // After a kill: the app opens on its deck list, or says the browser lost the collection (Chromium discards a
  // database it finds damaged: google/leveldb#1287), and then the safety copy and its journal must bring it all back.
  const relaunch = async () => {
    const opened = (await app.launch()).page;
    if (await opened.getByTestId('lost-collection').isVisible()) {
      restores++;
      log(`after kill ${kills} the browser had discarded the collection: restoring the safety copy (${await opened.getByTestId('lost-copy').innerText()})`);
      await opened.getByRole('button', { name: 'Restore the safety copy' }).click();
      await expect(opened.getByRole('heading', { name: 'Decks' })).toBeVisible({ timeout: 60_000 });
    }
    return opened;
  };

  // Enough new cards for every round of studying: the imported deck's, without the daily limit.
  await nav(page, 'Settings').click();
  await page.getByLabel('New cards/day').fill('9999');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();

  // Importing: one import whole, to learn how long it takes; then kills at random moments inside that span.
  const importRound = (round: number) => importCsv(page, `Crash import ${round}.csv`, csv(round));
  const started = Date.now();
  await importRound(0);
  await expect(page.getByRole('heading', { name: 'Imported Crash import 0.csv' })).toBeVisible({ timeout: 120_000 });
  const span = Date.now() - started;
  log(`a whole import of ${IMPORT_NOTES} notes took ${span} ms`);
  let whole = 0;
  const finished = ['Crash import 0'];
  for (let round = 1; round <= IMPORT_KILLS; round++) {
    // Inside the span of a whole import. CRASH_LATE=1 aims just after it instead (the import committed, its safety
    // copy being written).
    const delay = process.env['CRASH_LATE'] ? Math.floor(span * (1 + rand() * 0.3)) : Math.floor(rand() * span);
    await nav(page, 'Decks').click();
    const killed = new Promise<void>((resolve) => setTimeout(() => void app.kill().then(resolve), delay));
    await importRound(round).catch(() => {});
    await killed;
    kills++;
    page = await relaunch();
    const now = await readStored(page);
    const deck = now.decks.filter((d) => d.name === `Crash import ${round}`);
    log(`import kill ${kills} after ${delay} ms: ${deck.length === 0 ? 'absent' : `${deck[0]!.notes} notes, ${deck[0]!.cards} cards`}`);
    if (deck.length > 0) {
      expect(deck, 'an import is wholly there').toEqual([{ name: `Crash import ${round}`, cards: IMPORT_NOTES, notes: IMPORT_NOTES }]);
      whole++;
    }
    expect(now.reviews, 'no review lost to an import').toBe(stored.reviews);
    // The first import and every earlier one that finished are still there, whole.
    if (deck.length > 0) finished.push(`Crash import ${round}`);
    const imported = now.decks.filter((x) => x.name.startsWith('Crash import'));
    expect(imported.map((d) => d.name).sort(), 'every finished import is still there').toEqual([...finished].sort());
    for (const d of imported) expect(d.cards).toBe(IMPORT_NOTES);
    await checkDatabase(page);
  }
  await nav(page, 'Decks').click();

  // Studying: a rating goes to storage in the background after the next card is shown. The next rating waits until
  // the one before it is saved (a person takes longer than that write), so a kill can catch at most one in flight.
  for (let round = 0; round < STUDY_KILLS; round++) {
    const delay = 200 + Math.floor(rand() * 2500);
    const ratings = Array.from({ length: 200 }, () => 1 + Math.floor(rand() * 4));
    const studyAll = page.getByRole('button', { name: 'Study all' });
    await expect(studyAll, 'there are cards to study').toBeEnabled({ timeout: 10_000 });
    await studyAll.click();
    let sent = 0;
    let saved = 0;
    const killed = new Promise<void>((resolve) => setTimeout(() => void app.kill().then(resolve), delay));
    const study = (async () => {
      for (const rating of ratings) {
        await page.getByRole('button', { name: 'Show answer' }).click({ timeout: 5_000 });
        await page.getByRole('button', { name: 'Good' }).waitFor({ timeout: 5_000 });
        sent++;
        await page.keyboard.press(String(rating));
        await page.locator('section.review[data-unsaved="0"]').waitFor({ timeout: 5_000 });
        saved = sent;
      }
    })().catch(() => {
      // The browser died under the loop: expected.
    });
    await killed;
    await study;
    kills++;
    page = await relaunch();
    const now = await readStored(page);
    const added = now.reviews - stored.reviews;
    expect(now.decks.filter((x) => x.name.startsWith('Crash import')).map((d) => d.name).sort(), 'the imported decks are all still there').toEqual([...finished].sort());
    log(`study kill ${kills} after ${delay} ms: ${sent} ratings given, ${saved} seen saved, ${added} stored; decks ${now.decks.map((d) => `${d.name.replace(/^China and NATO.s .Asia-Pacificization.: /, '')} (${d.cards})`).join(', ')}`);
    expect(added, 'only the rating in flight may be missing').toBeGreaterThanOrEqual(saved);
    expect(added).toBeLessThanOrEqual(sent);
    expect(added, 'at most one rating was in flight').toBeGreaterThanOrEqual(sent - 1);
    await checkDatabase(page);
    stored = now;
  }

  log(`${kills} kills survived; ${whole} of ${IMPORT_KILLS} killed imports had finished, the others left nothing; ${restores} restores from the safety copy`);
  expect(kills).toBe(STUDY_KILLS + IMPORT_KILLS);
});
