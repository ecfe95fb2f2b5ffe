// The card browser's index: each search operator finds exactly the cards it should, sorts order by the column, and a
// changed card's row follows it.
import { describe, expect, it } from 'vitest';
import { BrowseIndex, browseNoteOf, browseNotesOf, plainText, sortFieldOf, type SearchContext } from '../../../src/core/browse';
import { columnsOf, rowOf } from '../../../src/core/card-columns';
import { dayNumber } from '../../../src/core/day';
import { emptyHistory } from '../../../src/core/history';
import { answeredCard, Queue, type CardRecord, type Flag, type NoteRecord } from '../../../src/core/model';
import { newSchedState, Scheduler, type Grade } from '../../../src/core/scheduler';
import { parseSearch } from '../../../src/core/search';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';

const DAY = 86_400_000;
/** Mid-morning, local time. */
const NOW = new Date(2026, 5, 15, 10, 0).getTime();
const scheduler = new Scheduler(DEFAULT_SETTINGS);
const ctx: SearchContext = { nowMs: NOW, dayStartHour: 4, today: dayNumber(NOW, 4), curve: scheduler.forgettingCurve() };

function note(id: string, deckId: string, front: string, back: string, tags: string[] = []): NoteRecord {
  return { id, deckId, kind: 'basic', fields: { front, back }, tags, section: '', position: 0, retired: false };
}

/** A card added at `added`, answered with these buttons at these times. */
function card(noteId: string, deckId: string, added: number, answers: [Grade, number][] = [], extra: Partial<CardRecord> = {}): CardRecord {
  let c: CardRecord = { id: `${noteId}:0`, noteId, deckId, ord: 0, position: 0, queue: Queue.New, due: 0, sched: newSchedState(added), history: emptyHistory() };
  for (const [rating, t] of answers) c = answeredCard(c, scheduler.answer(c.id, c.sched, rating, t, 3000));
  return { ...c, ...extra };
}

const decks = [
  { id: 'geo', name: 'Geography' },
  { id: 'geo-eu', name: 'Geography::Europe' },
  { id: 'geo2', name: 'Geography 2' },
  { id: 'hist', name: 'History' },
];
const notes = [
  note('paris', 'geo-eu', 'Capital of <b>France</b>?', 'Paris', ['capital', 'europe::west']),
  note('rome', 'geo-eu', 'Capital of Italy?', 'Rome', ['capital']),
  note('nile', 'geo', 'Longest river?', 'The Nile', ['river']),
  note('andes', 'geo2', 'Longest mountain range?', 'The Andes'),
  note('waterloo', 'hist', 'Year of Waterloo?', '1815', ['battle', 'leech']),
  note('gone', 'hist', 'Retired card', '-'),
];
const cards = [
  // Reviewed long ago, Good twice: a review card.
  card('paris', 'geo-eu', NOW - 400 * DAY, [[3, NOW - 300 * DAY], [3, NOW - 299 * DAY]]),
  // Added yesterday, answered Again just now: in learning, due in a minute.
  card('rome', 'geo-eu', NOW - DAY, [[1, NOW]], { flag: 1 as Flag }),
  // New, added today.
  card('nile', 'geo', NOW - 60_000),
  // New and suspended, flagged blue.
  { ...card('andes', 'geo2', NOW - 10 * DAY), queue: Queue.Suspended, flag: 4 as Flag },
  // Lapsed: Good, then Again five days ago, then Easy three days ago; buried.
  { ...card('waterloo', 'hist', NOW - 100 * DAY, [[3, NOW - 100 * DAY], [4, NOW - 99 * DAY], [1, NOW - 5 * DAY], [4, NOW - 3 * DAY]]), queue: Queue.Buried },
  { ...card('gone', 'hist', NOW - 100 * DAY), queue: Queue.Retired },
];

function index(): BrowseIndex {
  const built = columnsOf(cards);
  return new BrowseIndex(built.columns, built.ids, browseNotesOf(notes.map(browseNoteOf)), decks);
}

/** The note ids a query finds, sorted. */
function find(query: string, ix = index()): string[] {
  return [...ix.search(parseSearch(query), ctx)].map((row) => ix.noteOf(row).id).sort();
}

describe('the browse index', () => {
  it('holds every card but retired ones, with its note and deck', () => {
    const ix = index();
    expect(ix.size).toBe(5);
    expect(find('')).toEqual(['andes', 'nile', 'paris', 'rome', 'waterloo']);
    const paris = ix.rowOf('paris:0')!;
    expect(sortFieldOf(ix.noteOf(paris))).toBe('Capital of France?');
    expect(ix.deckOf(paris).name).toBe('Geography::Europe');
    expect(ix.rowOf('gone:0')).toBeUndefined();
  });

  it('free text: in any field, ignoring case and HTML; * for any run within a field; words all must match', () => {
    expect(find('france')).toEqual(['paris']);
    expect(find('"capital of france"')).toEqual(['paris']); // the <b> is not in the way
    expect(find('nile')).toEqual(['nile']); // the back field
    expect(find('longest*range')).toEqual(['andes']);
    expect(find('capital italy')).toEqual(['rome']);
    expect(find('capital*paris')).toEqual([]); // a wildcard does not run across fields
    expect(find('b>')).toEqual([]);
  });

  it('deck: the deck and those under it, not others that share a prefix; * as a wildcard', () => {
    expect(find('deck:Geography')).toEqual(['nile', 'paris', 'rome']);
    expect(find('deck:geography::europe')).toEqual(['paris', 'rome']);
    expect(find('deck:"Geography 2"')).toEqual(['andes']);
    expect(find('deck:Geo*')).toEqual(['andes', 'nile', 'paris', 'rome']);
    expect(find('-deck:Geography')).toEqual(['andes', 'waterloo']);
  });

  it('tag: the tag and its children, ignoring case', () => {
    expect(find('tag:capital')).toEqual(['paris', 'rome']);
    expect(find('tag:EUROPE')).toEqual(['paris']);
    expect(find('tag:europe::west')).toEqual(['paris']);
    expect(find('tag:west')).toEqual([]);
    expect(find('tag:r*')).toEqual(['nile']);
  });

  it('is: by state and queue', () => {
    expect(find('is:new')).toEqual(['andes', 'nile']);
    expect(find('is:learn')).toEqual(['rome']);
    expect(find('is:review')).toEqual(['paris', 'waterloo']);
    expect(find('is:suspended')).toEqual(['andes']);
    expect(find('is:buried')).toEqual(['waterloo']);
    expect(find('is:flagged')).toEqual(['andes', 'rome']);
    // Due: the review long overdue, and the learning card once its step is over.
    expect(find('is:due')).toEqual(['paris']);
    const later: SearchContext = { ...ctx, nowMs: NOW + 20 * 60_000 };
    const ix = index();
    expect([...ix.search(parseSearch('is:due'), later)].map((r) => ix.noteOf(r).id).sort()).toEqual(['paris', 'rome']);
  });

  it('flag:, rated:, added:', () => {
    expect(find('flag:1')).toEqual(['rome']);
    expect(find('flag:4')).toEqual(['andes']);
    expect(find('flag:0')).toEqual(['nile', 'paris', 'waterloo']);
    expect(find('rated:1')).toEqual(['rome']);
    expect(find('rated:3')).toEqual(['rome']); // waterloo's last answer was three days ago: day -3 is outside rated:3
    expect(find('rated:4')).toEqual(['rome', 'waterloo']);
    expect(find('rated:7:1')).toEqual(['rome', 'waterloo']);
    expect(find('rated:4:1')).toEqual(['rome']); // waterloo's Again was five days ago
    expect(find('rated:7:4')).toEqual(['waterloo']);
    expect(find('rated:365:3')).toEqual(['paris', 'waterloo']);
    expect(find('added:1')).toEqual(['nile']);
    expect(find('added:2')).toEqual(['nile', 'rome']);
    expect(find('added:30')).toEqual(['andes', 'nile', 'rome']);
  });

  it('prop: interval, stability, difficulty, retrievability, answers and lapses', () => {
    const ix = index();
    const waterloo = ix.rowOf('waterloo:0')!;
    expect(ix.lapses[waterloo]).toBe(1);
    expect(ix.reps[waterloo]).toBe(4);
    expect(find('prop:lapses>=1')).toEqual(['waterloo']);
    expect(find('prop:reps=2')).toEqual(['paris']);
    expect(find('prop:reps>0')).toEqual(['paris', 'rome', 'waterloo']);
    const ivl = ix.scheduledDays[ix.rowOf('paris:0')!]!;
    expect(ivl).toBeGreaterThan(0);
    expect(find(`prop:ivl=${ivl}`)).toEqual(['paris']);
    expect(find(`prop:ivl>${ivl}`).includes('paris')).toBe(false);
    // New cards have no interval, stability or retrievability: never found by those.
    expect(find('prop:ivl>=0')).toEqual(['paris', 'rome', 'waterloo']);
    expect(find('prop:s>=0')).toEqual(['paris', 'rome', 'waterloo']);
    const s = ix.stability[ix.rowOf('paris:0')!]!;
    expect(find(`prop:s=${s.toFixed(2)}`)).toEqual(['paris']);
    // Paris was last seen 299 days ago: its retrievability is low; Waterloo's, three days after an Easy, high.
    const rParis = ix.retrievability(ix.rowOf('paris:0')!, NOW, ctx.curve)!;
    expect(rParis).toBeLessThan(0.8);
    expect(find('prop:r<0.8')).toContain('paris');
    expect(find('prop:r>0.8')).toContain('waterloo');
    expect(find('prop:d>=1 prop:d<=10')).toEqual(['paris', 'rome', 'waterloo']);
  });

  it('AND, OR, negation and parentheses combine', () => {
    expect(find('is:new OR is:learn')).toEqual(['andes', 'nile', 'rome']);
    expect(find('tag:capital -is:learn')).toEqual(['paris']);
    expect(find('(deck:History OR tag:river) -is:buried')).toEqual(['nile']);
    expect(find('-(is:new OR is:review)')).toEqual(['rome']);
    expect(find('is:new and flag:4')).toEqual(['andes']);
  });

  it('sorts by a column, either way, ties in a stable order; new cards after every due date', () => {
    const ix = index();
    const all = ix.search(parseSearch(''), ctx);
    const ids = (rows: Uint32Array) => [...rows].map((r) => ix.noteOf(r).id);
    expect(ids(ix.order(all, 'sortField', false, ctx))).toEqual(['paris', 'rome', 'andes', 'nile', 'waterloo']);
    expect(ids(ix.order(all, 'sortField', true, ctx))).toEqual(['waterloo', 'nile', 'andes', 'rome', 'paris']);
    // Deck names ignoring case; a space sorts before "::".
    expect([...ix.order(all, 'deck', false, ctx)].map((r) => ix.deckOf(r).name)).toEqual(['Geography', 'Geography 2', 'Geography::Europe', 'Geography::Europe', 'History']);
    const byDue = ids(ix.order(all, 'due', false, ctx));
    expect(byDue.slice(0, 3).sort()).toEqual(['paris', 'rome', 'waterloo']);
    expect(byDue.slice(3).sort()).toEqual(['andes', 'nile']);
    expect(ids(ix.order(all, 'reps', true, ctx))[0]).toBe('waterloo');
    expect(ids(ix.order(all, 'flag', true, ctx)).slice(0, 2)).toEqual(['andes', 'rome']);
    expect(ids(ix.order(all, 'lapses', true, ctx))[0]).toBe('waterloo');
    // Cards never reviewed come last by retrievability, lowest first.
    const byR = ids(ix.order(all, 'retrievability', false, ctx));
    expect(byR[0]).toBe('paris');
    expect(byR.slice(3).sort()).toEqual(['andes', 'nile']);
  });

  it('a changed card\'s row follows it: its queue, flag and note text', () => {
    const ix = index();
    const nile = cards.find((c) => c.id === 'nile:0')!;
    expect(ix.update('nile:0', rowOf({ ...nile, queue: Queue.Suspended, flag: 3 }), browseNoteOf(note('nile', 'geo', 'Longest river on Earth?', 'The Nile', ['river']))))
      .toBe(true);
    expect(find('is:suspended flag:3', ix)).toEqual(['nile']);
    expect(find('earth', ix)).toEqual(['nile']);
    expect(ix.update('unknown:0', rowOf(nile))).toBe(false);
  });

  it('a sorted order stays right across changes: a card\'s own change keeps it, a note\'s new text moves it', () => {
    const ix = index();
    const all = ix.search(parseSearch(''), ctx);
    const ids = (rows: Uint32Array) => [...rows].map((r) => ix.noteOf(r).id);
    expect(ids(ix.order(all, 'sortField', false, ctx))).toEqual(['paris', 'rome', 'andes', 'nile', 'waterloo']);
    const rome = cards.find((c) => c.id === 'rome:0')!;
    // A change of the card alone (same note text): the order is unchanged.
    expect(ix.update('rome:0', rowOf({ ...rome, flag: 2 }), browseNoteOf(notes.find((n) => n.id === 'rome')!))).toBe(true);
    expect(ids(ix.order(all, 'sortField', false, ctx))).toEqual(['paris', 'rome', 'andes', 'nile', 'waterloo']);
    // An edit of the sort field: Rome's card moves to where its new text sorts.
    expect(ix.updateNote(browseNoteOf(note('rome', 'geo-eu', 'Aqueducts of Italy?', 'Rome', ['capital'])))).toBe(true);
    expect(ids(ix.order(all, 'sortField', false, ctx))).toEqual(['rome', 'paris', 'andes', 'nile', 'waterloo']);
    expect(ix.updateNote(browseNoteOf(note('new-note', 'geo-eu', 'x', 'y')))).toBe(false);
  });

  it('hidden rows (deleted cards) are found by no search and not counted, until an update brings them back', () => {
    const ix = index();
    ix.hide(['paris:0', 'paris:0', 'rome:0']);
    expect(ix.cards).toBe(3);
    expect(find('deck:Geography', ix)).toEqual(['nile']);
    expect(ix.update('rome:0', rowOf(cards.find((c) => c.id === 'rome:0')!))).toBe(true);
    expect(ix.cards).toBe(4);
    expect(find('deck:Geography', ix)).toEqual(['nile', 'rome']);
  });

  it('plain text of a field: tags out, entities decoded, cloze deletions as their answers', () => {
    expect(plainText('a<br>b&nbsp;&amp;&#x41;&#66;<div>c</div>')).toBe('a b &AB c');
    expect(plainText('{{c1::Paris::city}} is in {{c2::France}}')).toBe('Paris is in France');
    expect(plainText('&bogus; &#0;')).toBe('&bogus; &#0;');
  });
});
