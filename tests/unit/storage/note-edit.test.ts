// Editing and adding notes: the fields are checked as a deck file's are, and an edit keeps every card's progress;
// cloze deletions added or taken out add or retire cards; a note moved takes its cards, at the end of the new deck.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkDraft, parseTags } from '../../../src/core/note-edit';
import { Queue } from '../../../src/core/model';
import { syncBundledDecks } from '../../../src/renderer/src/storage/bundled-decks';
import { cardsOfNotes, deckOverview } from '../../../src/renderer/src/storage/collection';
import type { RetainDB } from '../../../src/renderer/src/storage/db';
import { NoteGoneError, saveNote } from '../../../src/renderer/src/storage/note-edit';
import { alphaDeck, answer, betaDeck, derived, freshDb, mustGet, settingsWith, T0 } from './fixtures';

let db: RetainDB;
const settings = settingsWith();

beforeEach(async () => {
  db = freshDb();
  await syncBundledDecks(db, [alphaDeck(), betaDeck()], T0);
});
afterEach(() => db.close());

async function edit(noteId: string, fields: Record<string, string>, more: { tags?: string[]; deckId?: string } = {}) {
  const note = (await db.notes.get(noteId))!;
  const checked = checkDraft(note, { fields: { ...note.fields, ...fields }, tags: more.tags ?? note.tags, deckId: more.deckId ?? note.deckId });
  if (!checked.ok) throw new Error(checked.problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  return saveNote(db, checked.note, T0 + 1000, false);
}

describe('checkDraft', () => {
  const base = { id: 'x', kind: 'basic' as const, section: '', position: 0 };
  it('refuses what a deck file would refuse, naming the field', () => {
    expect(checkDraft(base, { fields: { front: ' ', back: 'b' }, tags: [], deckId: 'd' })).toEqual({ ok: false, problems: [{ field: 'front', message: 'must not be empty' }] });
    const cloze = checkDraft({ ...base, kind: 'cloze' }, { fields: { text: 'No deletion here' }, tags: [], deckId: 'd' });
    expect(cloze).toEqual({ ok: false, problems: [{ field: 'text', message: 'no cloze deletion such as {{c1::answer}}' }] });
    const open = checkDraft({ ...base, kind: 'cloze' }, { fields: { text: 'Open {{c1::here' }, tags: [], deckId: 'd' });
    expect(open.ok ? null : open.problems[0]!.field).toBe('text');
    expect(checkDraft(base, { fields: { front: 'f', back: 'b' }, tags: ['two words'], deckId: 'd' })).toMatchObject({ ok: false, problems: [{ field: 'tags' }] });
  });

  it('gives the record to store: the kind\'s fields only, an empty extra left out', () => {
    const done = checkDraft({ ...base, kind: 'cloze' }, { fields: { text: 'A {{c1::b}}', extra: '  ', junk: 'x' }, tags: ['t'], deckId: 'd' });
    expect(done).toMatchObject({ ok: true, note: { id: 'x', kind: 'cloze', fields: { text: 'A {{c1::b}}' }, tags: ['t'], deckId: 'd' } });
  });

  it('reads tags separated by spaces or commas, once each', () => {
    expect(parseTags(' a, b  a\tc,,')).toEqual(['a', 'b', 'c']);
  });
});

describe('saveNote', () => {
  it('a typo fixed: the note changes, the card keeps its state and history', async () => {
    const studied = await answer(db, 'a-one:0', 3, T0, settings);
    const saved = await edit('a-one', { front: 'Capital of France (the country)?' });
    expect(saved.cards).toEqual([]); // no card needed writing
    expect((await db.notes.get('a-one'))!.fields.front).toBe('Capital of France (the country)?');
    expect(await mustGet(db, 'a-one:0')).toEqual(studied);
    const { stored, expected } = await derived(db, settings.dayStartHour);
    expect(stored).toEqual(expected);
  });

  it('cloze deletions: a new one adds a card, one taken out retires its card (history kept), and it comes back', async () => {
    const c2 = await answer(db, 'a-cloze:1', 3, T0, settings);
    let saved = await edit('a-cloze', { text: '{{c1::Mitochondria}} make {{c3::ATP}}.' });
    expect(saved.cards.map((c) => [c.id, c.queue])).toEqual([['a-cloze:1', Queue.Retired], ['a-cloze:2', Queue.New]]);
    expect((await mustGet(db, 'a-cloze:1')).history).toEqual(c2.history);
    saved = await edit('a-cloze', { text: '{{c1::Mitochondria}} make {{c2::ATP}} and {{c3::heat}}.' });
    const back = await mustGet(db, 'a-cloze:1');
    expect(back.queue).toBe(c2.queue);
    expect(back.sched).toEqual(c2.sched);
    expect((await cardsOfNotes(db, ['a-cloze'])).map((c) => c.id).sort()).toEqual(['a-cloze:0', 'a-cloze:1', 'a-cloze:2']);
    const { stored, expected } = await derived(db, settings.dayStartHour);
    expect(stored).toEqual(expected);
  });

  it('moving to another deck takes the cards, progress kept, new cards last in the new deck', async () => {
    const studied = await answer(db, 'a-rev:0', 4, T0, settings);
    await edit('a-rev', {}, { deckId: 'beta' });
    const note = (await db.notes.get('a-rev'))!;
    expect(note.deckId).toBe('beta');
    expect(note.position).toBe(2); // after b-one and b-two
    const [rev0, rev1] = await cardsOfNotes(db, ['a-rev']);
    expect(rev0).toMatchObject({ deckId: 'beta', sched: studied.sched, history: studied.history });
    expect(rev1).toMatchObject({ deckId: 'beta', queue: Queue.Buried }); // still set aside by its sibling's answer
    const overview = await deckOverview(db, settings, T0 + 2 * 86_400_000);
    expect(overview.find((d) => d.deck.id === 'beta')!.queue.news.map((c) => c.id)).toEqual(['b-one:0', 'b-two:0', 'a-rev:1']);
  });

  it('a new note is added with its cards; a note deleted meanwhile is not written back', async () => {
    const checked = checkDraft({ id: 'u-new1', kind: 'basic-reversed', section: '', position: 0 }, { fields: { front: 'gato', back: 'cat' }, tags: ['mine'], deckId: 'alpha' });
    if (!checked.ok) throw new Error('refused');
    const saved = await saveNote(db, checked.note, T0, true);
    expect(saved.all.map((c) => c.id)).toEqual(['u-new1:0', 'u-new1:1']);
    expect(saved.note.position).toBe(5);
    await expect(saveNote(db, checked.note, T0, true)).rejects.toThrow('already exists');
    await db.notes.delete('a-two');
    const two = checkDraft({ id: 'a-two', kind: 'basic', section: 'One', position: 1 }, { fields: { front: 'x', back: 'y' }, tags: [], deckId: 'alpha' });
    if (!two.ok) throw new Error('refused');
    await expect(saveNote(db, two.note, T0, false)).rejects.toThrow(NoteGoneError);
    expect(await db.notes.get('a-two')).toBeUndefined();
  });

  it('a bundled deck updated later keeps the notes added to it', async () => {
    const checked = checkDraft({ id: 'u-mine', kind: 'basic', section: '', position: 0 }, { fields: { front: 'Mine?', back: 'Yes' }, tags: [], deckId: 'alpha' });
    if (!checked.ok) throw new Error('refused');
    await saveNote(db, checked.note, T0, true);
    const changed = alphaDeck();
    changed.notes[0] = { ...changed.notes[0]!, tags: ['changed'] } as never;
    await syncBundledDecks(db, [changed, betaDeck()], T0 + 1000);
    expect((await db.notes.get('u-mine'))!.retired).toBe(false);
    expect((await mustGet(db, 'u-mine:0')).queue).toBe(Queue.New);
  });
});
