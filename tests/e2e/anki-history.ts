// An Anki package with a studied history, for the end-to-end tests of what learns from or moves by the history
// (the optimizer, rescheduling, the workload simulation).
import { createEmptyCard, default_w, forgetting_curve, fsrs, Rating, type Card, type Grade } from 'ts-fsrs';
import { basicNotetype, buildAnkiCollection, type CardSpec, type NoteSpec, type RevlogSpec } from '../fixtures/anki/collection-builder';
import { buildAnkiPackage } from '../fixtures/anki/package-builder';
import { seededRandom } from '../../src/core/simulate';

const DAY = 86_400_000;


/**
 * An Anki collection of `count` cards studied under parameters other than FSRS's defaults (first stabilities 0.5, 2,
 * 5 and 20 days): each learnt on one day, then reviewed when FSRS said, recalled as those parameters' forgetting
 * curve predicts, up to today.
 */
export async function studiedCollection(count: number, now: number): Promise<{ bytes: Uint8Array; reviews: number }> {
  const w = [...default_w];
  w.splice(0, 4, 0.5, 2, 5, 20);
  const f = fsrs({ w, enable_short_term: false, enable_fuzz: false });
  const next = seededRandom(7);
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

