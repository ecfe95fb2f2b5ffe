// Studying imported cards: rendered from their note type's templates, with their media as blob: URLs and their CSS
// scoped to them; rated like any other card.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportBundle } from '../../../src/core/import/bundle';
import { Rating, State } from '../../../src/core/scheduler';
import { mediaNames, withMediaUrls } from '../../../src/renderer/src/state/card-media';
import { ReviewSession } from '../../../src/renderer/src/state/review-session.svelte';
import { studyDay, deckOverview } from '../../../src/renderer/src/storage/collection';
import type { RetainDB } from '../../../src/renderer/src/storage/db';
import { importBundle } from '../../../src/renderer/src/storage/import-bundle';
import { freshDb, settingsWith, T0 } from './fixtures';

const settings = settingsWith();
let db: RetainDB;
let now = T0;

const bundle: ImportBundle = {
  file: 'animals.apkg',
  format: 'apkg',
  notetypes: [
    {
      id: '42',
      name: 'Picture',
      kind: 'standard',
      fields: ['Word', 'Picture', 'Sound'],
      templates: [{ name: 'Recognise', front: '{{Picture}}', back: '{{FrontSide}}<hr id=answer>{{Word}} {{Sound}}' }],
      css: '.card { color: teal; }',
    },
  ],
  decks: [{ id: '9', name: 'Animals' }],
  notes: [{ guid: 'cat', notetypeId: '42', fields: ['cat', '<img src="cat.png">', '[sound:meow.mp3]'], tags: ['pets'] }],
  cards: [{ noteGuid: 'cat', ord: 0, deckId: '9', suspended: false, reviews: [] }],
  media: [
    { name: 'cat.png', data: new Uint8Array([137, 80, 78, 71]) },
    { name: 'meow.mp3', data: new Uint8Array([73, 68, 51]) },
  ],
  skipped: [],
};

beforeEach(async () => {
  db = freshDb();
  now = T0;
  await importBundle(db, bundle, settings, T0);
});
afterEach(() => db.close());

describe('an imported card in a study session', () => {
  it('is shown from its templates, with its media as blob URLs and its note type CSS', async () => {
    const [overview] = await deckOverview(db, settings, now);
    expect(overview).toMatchObject({ deck: { name: 'Animals' }, counts: { new: 1 } });
    const s = new ReviewSession(db, settings, [overview!.deck.id], new Map([[overview!.deck.id, 'Animals']]), () => now);
    await s.start();
    const shown = s.shown!;
    expect(shown.question).toMatch(/^<img src="blob:[^"]+">$/);
    expect(shown.answer).toContain('cat');
    expect(shown.answer).toMatch(/<audio class="card-sound" controls preload="none" src="blob:[^"]+"><\/audio>/);
    expect(shown.answerIsWhole).toBe(true);
    expect(shown.style).toMatchObject({ css: '.card { color: teal; }', classes: 'card1' });
    const blob = await (await fetch(shown.question.match(/src="([^"]+)"/)![1]!)).arrayBuffer();
    expect(new Uint8Array(blob)).toEqual(new Uint8Array([137, 80, 78, 71]));
    s.reveal();
    await s.rate(Rating.Good);
    await s.settled();
    expect((await db.cards.get('cat:0'))?.sched.state).toBe(State.Learning);
    s.close();
    expect(studyDay(now, settings).day).toBeGreaterThan(0);
  });
});

describe('card media references', () => {
  it('finds local file names in src attributes and sound tags, not remote ones', () => {
    expect(mediaNames(`<img src="a b.png"><img src='c.jpg'><img src=d.gif> [sound:e.mp3] <img src="https://x/y.png"> <img src="data:image/png;base64,AA">`)).toEqual([
      'a b.png', 'c.jpg', 'd.gif', 'e.mp3',
    ]);
  });

  it('points them at their URLs, and shows what is missing', () => {
    const urls = new Map([['a.png', 'blob:1'], ['s.mp3', 'blob:2']]);
    expect(withMediaUrls('<img src="a.png"> <img src="gone.png"> [sound:s.mp3] [sound:nope.mp3]', urls)).toBe(
      '<img src="blob:1"> <img src="missing:gone.png"> <audio class="card-sound" controls preload="none" src="blob:2"></audio> <span class="missing-media">[missing sound: nope.mp3]</span>',
    );
  });
});
