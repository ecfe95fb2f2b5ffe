import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { historyColumn, historyLength } from '../../../src/core/history';
import type { Deck, Note } from '../../../src/core/deck-types';
import { Queue, type CardRecord } from '../../../src/core/model';
import { Rating, State } from '../../../src/core/scheduler';
import { deckOverview, gatherDeck, listDecks, studyDay, unburyBefore } from '../../../src/renderer/src/storage/collection';
import { syncBundledDecks } from '../../../src/renderer/src/storage/bundled-decks';
import type { RetainDB } from '../../../src/renderer/src/storage/db';
import {
  ALPHA_CARDS,
  alphaDeck,
  alphaNotes,
  answer,
  betaDeck,
  DAY,
  dump,
  freshDb,
  mustGet,
  queueOf,
  settingsWith,
  T0,
} from './fixtures';

let db: RetainDB;
beforeEach(() => {
  db = freshDb();
});
afterEach(() => {
  db.close();
});

const settings = settingsWith();

/** Version 2 of alpha: a-two edited, a-three removed, a-cloze gains c3, a-four added at the end. */
function alphaV2(): Note[] {
  return [
    alphaNotes.one,
    { ...alphaNotes.two, back: 'Madrid (since 1561)' },
    alphaNotes.rev,
    { ...alphaNotes.cloze, text: '{{c1::Mitochondria}} make most of the cell\'s {{c2::ATP::molecule}} by {{c3::respiration}}.' },
    { id: 'a-four', kind: 'basic', front: 'Capital of Portugal?', back: 'Lisbon', tags: [], section: 'One' },
  ];
}

describe('first sync', () => {
  it('adds the deck, its notes and one new card per card ord, in deck order', async () => {
    const report = await syncBundledDecks(db, [alphaDeck()], T0);
    expect(report).toEqual({ decksChanged: ['alpha'], notesAdded: 5, notesUpdated: 0, notesRetired: 0 });

    const decks = await listDecks(db);
    expect(decks.map((d) => [d.id, d.name, d.bundled])).toEqual([['alpha', 'Alpha', true]]);

    const notes = (await db.notes.toArray()).filter((n) => n.deckId === 'alpha').sort((a, b) => a.position - b.position);
    expect(notes.map((n) => [n.id, n.position, n.retired])).toEqual([
      ['a-one', 0, false],
      ['a-two', 1, false],
      ['a-three', 2, false],
      ['a-rev', 3, false],
      ['a-cloze', 4, false],
    ]);
    expect(notes[0]!.fields).toEqual({ front: 'Capital of France?', back: 'Paris' });
    expect(notes[4]!.fields).toEqual({ text: alphaNotes.cloze.text, extra: alphaNotes.cloze.extra });
    expect(notes[4]!.context).toBe('Energy.');

    // New cards in the index's due order are the deck order, and their `due` is their position.
    const news = await queueOf(db, 'alpha', Queue.New);
    expect(news.map((c) => c.id)).toEqual(ALPHA_CARDS);
    expect(await db.cards.count()).toBe(7);
    for (const c of news) {
      expect(c.due).toBe(c.position);
      expect(c.sched.state).toBe(State.New);
      expect(c.sched.reps).toBe(0);
      expect(historyColumn(c.history, 't')).toEqual([]);
    }
    expect(news.map((c) => c.ord)).toEqual([0, 0, 0, 0, 1, 0, 1]);
  });

  it('introduces new cards in deck order, one per note per day', async () => {
    await syncBundledDecks(db, [alphaDeck()], T0);
    const q = await gatherDeck(db, 'alpha', settings, studyDay(T0, settings));
    expect(q.news.map((c) => c.id)).toEqual(['a-one:0', 'a-two:0', 'a-three:0', 'a-rev:0', 'a-cloze:0']);
  });

  it('puts several decks in the deck list in the order given', async () => {
    await syncBundledDecks(db, [betaDeck(), alphaDeck()], T0);
    expect((await listDecks(db)).map((d) => d.id)).toEqual(['beta', 'alpha']);
  });
});

describe('syncing the same decks again', () => {
  it('changes nothing and says so', async () => {
    await syncBundledDecks(db, [alphaDeck(), betaDeck()], T0);
    await answer(db, 'a-one:0', Rating.Good, T0 + 60_000);
    const before = await dump(db);

    const report = await syncBundledDecks(db, [alphaDeck(), betaDeck()], T0 + DAY);
    expect(report).toEqual({ decksChanged: [], notesAdded: 0, notesUpdated: 0, notesRetired: 0 });
    expect(await dump(db)).toEqual(before);
  });

  it('leaves an unchanged deck alone when another deck changed', async () => {
    await syncBundledDecks(db, [alphaDeck(), betaDeck()], T0);
    await answer(db, 'b-one:0', Rating.Easy, T0 + 60_000);
    const betaCards = await queueOf(db, 'beta', Queue.Review);

    const report = await syncBundledDecks(db, [alphaDeck(alphaV2()), betaDeck()], T0 + DAY);
    expect(report.decksChanged).toEqual(['alpha']);
    expect(await queueOf(db, 'beta', Queue.Review)).toEqual(betaCards);
  });
});

describe('a newer version of a deck', () => {
  /** Studies a few cards of version 1, then syncs version 2; returns the studied cards as they were. */
  async function studyThenUpdate() {
    await syncBundledDecks(db, [alphaDeck(), betaDeck()], T0);
    await answer(db, 'a-one:0', Rating.Good, T0 + 1 * 60_000); // learning
    await answer(db, 'a-two:0', Rating.Easy, T0 + 2 * 60_000); // review
    await answer(db, 'a-three:0', Rating.Easy, T0 + 3 * 60_000); // review, then removed from the deck
    await answer(db, 'a-cloze:0', Rating.Again, T0 + 4 * 60_000); // learning
    const studied = new Map<string, CardRecord>();
    for (const id of ['a-one:0', 'a-two:0', 'a-three:0', 'a-cloze:0']) studied.set(id, await mustGet(db, id));
    const report = await syncBundledDecks(db, [alphaDeck(alphaV2()), betaDeck()], T0 + DAY);
    return { studied, report };
  }

  it('reports the change', async () => {
    const { report } = await studyThenUpdate();
    expect(report.decksChanged).toEqual(['alpha']);
    expect(report.notesAdded).toBe(1);
    expect(report.notesRetired).toBe(1);
    // a-two and a-cloze were edited (a-rev and a-cloze also moved up one place).
    expect(report.notesUpdated).toBeGreaterThanOrEqual(2);
  });

  it('keeps the scheduling state and history of every studied card exactly', async () => {
    const { studied } = await studyThenUpdate();
    for (const [id, before] of studied) {
      const after = await mustGet(db, id);
      expect(after.sched, id).toEqual(before.sched);
      expect(after.history, id).toEqual(before.history);
      expect(historyLength(after.history), id).toBe(1);
    }
    // The ones still in the deck stay in their queues at their due times.
    for (const id of ['a-one:0', 'a-two:0', 'a-cloze:0']) {
      const after = await mustGet(db, id);
      expect([after.queue, after.due], id).toEqual([studied.get(id)!.queue, studied.get(id)!.due]);
    }
  });

  it("updates the edited note's fields", async () => {
    await studyThenUpdate();
    const two = await db.notes.get('a-two');
    expect(two?.fields).toEqual({ front: 'Capital of Spain?', back: 'Madrid (since 1561)' });
    const cloze = await db.notes.get('a-cloze');
    expect(cloze?.fields.text).toContain('{{c3::respiration}}');
  });

  it('gives the added note and the new cloze number new cards, in the new deck order', async () => {
    await studyThenUpdate();
    const four = await mustGet(db, 'a-four:0');
    expect(four.queue).toBe(Queue.New);
    expect(historyColumn(four.history, 't')).toEqual([]);
    const c3 = await mustGet(db, 'a-cloze:2');
    expect(c3.queue).toBe(Queue.New);
    expect(c3.ord).toBe(2);
    // a-cloze:1 was buried when its sibling a-cloze:0 was studied (T0); the sync keeps it buried but moves it.
    const buried = await mustGet(db, 'a-cloze:1');
    expect([buried.queue, buried.buriedDay]).toEqual([Queue.Buried, studyDay(T0, settings).day]);
    expect(await unburyBefore(db, studyDay(T0 + DAY, settings).day)).toBe(1); // as the next day's session does
    // New cards are ordered by the file as it is now: rev (now 3rd), cloze c2 and c3 (4th), four (5th).
    const news = await queueOf(db, 'alpha', Queue.New);
    expect(news.map((c) => c.id)).toEqual(['a-rev:0', 'a-rev:1', 'a-cloze:1', 'a-cloze:2', 'a-four:0']);
    for (const c of news) expect(c.due).toBe(c.position);
  });

  it('retires the removed note: its cards keep their history and are never gathered', async () => {
    const { studied } = await studyThenUpdate();
    const note = await db.notes.get('a-three');
    expect(note?.retired).toBe(true);
    const three = await mustGet(db, 'a-three:0');
    expect(three.queue).toBe(Queue.Retired);
    expect(three.history).toEqual(studied.get('a-three:0')!.history);

    // Far in the future every review is due, but the retired card is not offered anywhere.
    const later = T0 + 200 * DAY;
    const today = studyDay(later, settings);
    const q = await gatherDeck(db, 'alpha', settings, today);
    const offered = [...q.learning, ...q.reviews, ...q.news].map((c) => c.id);
    expect(offered).toContain('a-two:0');
    expect(offered).not.toContain('a-three:0');
    const [overview] = (await deckOverview(db, settings, later)).filter((o) => o.deck.id === 'alpha');
    expect(overview?.counts.review).toBe(1);
  });

  it('un-retires a removed note that comes back, with its progress', async () => {
    const { studied } = await studyThenUpdate();
    const v3 = [...alphaV2().slice(0, 2), alphaNotes.three, ...alphaV2().slice(2)];
    const report = await syncBundledDecks(db, [alphaDeck(v3), betaDeck()], T0 + 2 * DAY);
    expect(report.notesRetired).toBe(0);

    expect((await db.notes.get('a-three'))?.retired).toBe(false);
    const three = await mustGet(db, 'a-three:0');
    const before = studied.get('a-three:0')!;
    expect(three.queue).toBe(Queue.Review);
    expect(three.due).toBe(before.due);
    expect(three.sched).toEqual(before.sched);
    expect(three.history).toEqual(before.history);

    const today = studyDay(before.due, settings);
    const q = await gatherDeck(db, 'alpha', settings, today);
    expect(q.reviews.map((c) => c.id)).toContain('a-three:0');
  });

  it('retires the card of a cloze number that was removed, and brings it back with its progress', async () => {
    await syncBundledDecks(db, [alphaDeck()], T0);
    await answer(db, 'a-cloze:1', Rating.Easy, T0 + 60_000);
    const studied = await mustGet(db, 'a-cloze:1');
    const onlyC1 = { ...alphaNotes.cloze, text: '{{c1::Mitochondria}} make most of the cell\'s ATP.' };
    await syncBundledDecks(db, [alphaDeck([...Object.values(alphaNotes).slice(0, 4), onlyC1])], T0 + DAY);
    expect((await mustGet(db, 'a-cloze:1')).queue).toBe(Queue.Retired);
    // c1 stays in the deck: still buried by the answer to its sibling on T0, not retired, and new once unburied.
    expect((await mustGet(db, 'a-cloze:0')).queue).toBe(Queue.Buried);
    expect(await unburyBefore(db, studyDay(T0 + DAY, settings).day)).toBe(1);
    const c1 = await mustGet(db, 'a-cloze:0');
    expect([c1.queue, c1.due, historyColumn(c1.history, 't')]).toEqual([Queue.New, c1.position, []]);

    await syncBundledDecks(db, [alphaDeck()], T0 + 2 * DAY);
    expect(await mustGet(db, 'a-cloze:1')).toEqual(studied);
  });

  it('keeps the deck list in its order', async () => {
    await studyThenUpdate();
    expect((await listDecks(db)).map((d) => d.id)).toEqual(['alpha', 'beta']);
    // A deck that appears in a later version of the app goes after the existing ones.
    const gamma = { ...betaDeck(), id: 'gamma', name: 'Gamma', notes: betaDeck().notes.map((n) => ({ ...n, id: `g-${n.id}` })) };
    await syncBundledDecks(db, [gamma, alphaDeck(), betaDeck()], T0 + 2 * DAY);
    expect((await listDecks(db)).map((d) => d.id)).toEqual(['alpha', 'beta', 'gamma']);
  });
});

describe('a note that moves to another bundled deck', () => {
  // Reorganising the article decks moves notes between files with their guid: the progress must follow the note,
  // whichever deck the sync happens to process first.
  for (const order of ['old deck first', 'new deck first'] as const) {
    it(`keeps its cards' progress and joins the new deck (${order})`, async () => {
      await syncBundledDecks(db, [alphaDeck(), betaDeck()], T0);
      await answer(db, 'a-one:0', Rating.Easy, T0 + 60_000);
      const studied = await mustGet(db, 'a-one:0');

      const alpha = alphaDeck(Object.values(alphaNotes).filter((n) => n.id !== 'a-one'));
      const beta = checkedBeta([...betaDeck().notes, alphaNotes.one]);
      await syncBundledDecks(db, order === 'old deck first' ? [alpha, beta] : [beta, alpha], T0 + DAY);

      const moved = await mustGet(db, 'a-one:0');
      expect(moved.deckId).toBe('beta');
      expect(moved.queue).toBe(Queue.Review);
      expect(moved.sched).toEqual(studied.sched);
      expect(moved.history).toEqual(studied.history);
      expect(await db.notes.get('a-one')).toMatchObject({ deckId: 'beta', retired: false });
    });
  }
});

function checkedBeta(notes: Note[]): Deck {
  return { ...betaDeck(), notes };
}
