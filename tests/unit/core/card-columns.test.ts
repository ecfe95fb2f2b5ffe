// Per-card summaries kept column by column: upserts, removals and rebuilds all say what the cards say.
import { describe, expect, it } from 'vitest';
import { chunkOfCard, COLUMN_CHUNKS, ColumnChunk, columnsOf, emptyColumns, MINUTE_MS, minuteOf, rowOf, rowsOf } from '../../../src/core/card-columns';
import { emptyHistory } from '../../../src/core/history';
import { Queue, type CardRecord } from '../../../src/core/model';
import { newSchedState, State } from '../../../src/core/scheduler';

const T = Date.UTC(2026, 2, 1);
function card(id: string, deckId: string, over: Partial<CardRecord['sched']> = {}, queue: Queue = Queue.Review): CardRecord {
  const sched = { ...newSchedState(T), state: State.Review, stability: 12.34, difficulty: 6.1, scheduledDays: 12, lastReview: T - 86_400_000, due: T + 86_400_000 * 11, ...over };
  return { id, noteId: id.split(':')[0]!, deckId, ord: 0, position: 0, queue, due: sched.due, sched, history: emptyHistory() };
}

describe('card columns', () => {
  it('spreads cards over the chunks by a hash of their id, always the same chunk for the same id', () => {
    const chunks = new Set(Array.from({ length: 2000 }, (_, i) => chunkOfCard(`note-${i}:0`)));
    expect(chunks.size).toBeGreaterThan(COLUMN_CHUNKS * 0.9);
    expect(chunkOfCard('a:0')).toBe(chunkOfCard('a:0'));
    expect(Math.max(...chunks)).toBeLessThan(COLUMN_CHUNKS);
  });

  it('upserts: a new card gets a row, a known card has its row rewritten, decks are named once', () => {
    const edit = new ColumnChunk(emptyColumns(7));
    edit.upsert([card('a:0', 'd1'), card('b:0', 'd2'), card('c:0', 'd1', { state: State.New, lastReview: null, stability: 0 }, Queue.New)]);
    expect(edit.idsChanged).toBe(true);
    edit.idsChanged = false;
    edit.upsert([card('a:0', 'd2', { stability: 40 }, Queue.Suspended)]);
    expect(edit.idsChanged).toBe(false);
    expect(edit.columns.deckIds).toEqual(['d1', 'd2']);
    expect(edit.columns.deck).toHaveLength(3);
    const rows = rowsOf([edit.columns], [edit.ids]);
    expect(rows.get('a:0')).toEqual({ ...rowOf(card('a:0', 'd2', { stability: 40 }, Queue.Suspended)) });
    expect(rows.get('a:0')).toMatchObject({ deckId: 'd2', queue: Queue.Suspended, stability: 40 });
    expect(rows.get('c:0')).toMatchObject({ queue: Queue.New, state: State.New, lastReview: null });
    // Float32 storage: what is read back is the row of the card, as rowOf rounds it.
    expect(rows.get('b:0')!.stability).toBe(Math.fround(12.34));
  });

  it('keeps times to the minute, rounded down (a day boundary stays where it is), for centuries ahead', () => {
    const dayStart = Date.UTC(2026, 2, 2, 4);
    const edit = new ColumnChunk(emptyColumns(1));
    const far = Date.UTC(2300, 0, 1); // past what seconds in 32 bits reach (2106)
    edit.upsert([
      card('a:0', 'd', { due: dayStart - 1, lastReview: dayStart + 59_999 }),
      card('b:0', 'd', { due: dayStart, scheduledDays: 100_000 }),
      card('c:0', 'd', { due: far }),
    ]);
    const rows = rowsOf([edit.columns], [edit.ids]);
    expect(rows.get('a:0')).toMatchObject({ due: dayStart - MINUTE_MS, lastReview: dayStart });
    expect(rows.get('a:0')!.due).toBeLessThan(dayStart);
    expect(rows.get('b:0')).toMatchObject({ due: dayStart, scheduledDays: 0xffff });
    expect(rows.get('c:0')!.due).toBe(far);
    for (const id of ['a:0', 'b:0', 'c:0']) expect(rows.get(id)).toEqual(rowOf(card(id, 'd', id === 'a:0' ? { due: dayStart - 1, lastReview: dayStart + 59_999 } : id === 'b:0' ? { due: dayStart, scheduledDays: 100_000 } : { due: far })));
    // Not a time, or before the epoch: 0; beyond 32 bits of minutes: the last one.
    expect([minuteOf(Number.NaN), minuteOf(-5), minuteOf(Infinity)]).toEqual([0, 0, 0xfffffffe]);
  });

  it('keeps the last of several records of one card in one batch, in one row', () => {
    const edit = new ColumnChunk(emptyColumns(0));
    edit.upsert([card('a:0', 'd1', { stability: 1 }), card('a:0', 'd1', { stability: 2 })]);
    expect(edit.ids.ids).toEqual(['a:0']);
    expect(rowsOf([edit.columns], [edit.ids]).get('a:0')?.stability).toBe(2);
  });

  it('removes cards, moving the last row into the hole, and ignores ids it does not hold', () => {
    const cards = ['a:0', 'b:0', 'c:0', 'd:0'].map((id, i) => card(id, 'd1', { stability: i + 1 }));
    const edit = new ColumnChunk(emptyColumns(0));
    edit.upsert(cards);
    edit.idsChanged = false;
    edit.remove(['b:0', 'zzz:0']);
    expect(edit.idsChanged).toBe(true);
    expect(edit.ids.ids).toEqual(['a:0', 'd:0', 'c:0']);
    expect(edit.columns.stability).toEqual(new Float32Array([1, 4, 3]));
    const rebuilt = columnsOf([cards[0]!, cards[2]!, cards[3]!]);
    expect(rowsOf([edit.columns], [edit.ids])).toEqual(rowsOf(rebuilt.columns, rebuilt.ids));
    // Then an upsert of a removed card adds it back, at the end.
    edit.upsert([cards[1]!]);
    expect(edit.ids.ids).toEqual(['a:0', 'd:0', 'c:0', 'b:0']);
    edit.remove(['a:0', 'd:0', 'c:0', 'b:0']);
    expect(edit.ids.ids).toEqual([]);
    expect(edit.columns.due).toHaveLength(0);
  });

  it('stores arrays exactly as long as the chunk (a typed array is stored whole)', () => {
    const edit = new ColumnChunk(emptyColumns(0));
    edit.upsert(Array.from({ length: 5 }, (_, i) => card(`n${i}:0`, 'd')));
    for (const f of ['deck', 'queue', 'state', 'due', 'lastReview', 'stability', 'difficulty', 'scheduledDays'] as const) {
      expect(edit.columns[f].length, f).toBe(5);
      expect(edit.columns[f].buffer.byteLength, f).toBe(5 * edit.columns[f].BYTES_PER_ELEMENT);
    }
  });

  it('refuses a stored chunk whose ids and rows disagree', () => {
    const { columns } = emptyColumns(3);
    expect(() => new ColumnChunk({ columns, ids: { chunk: 3, ids: ['a:0'] } })).toThrow(/chunk 3: 0 rows for 1 ids/);
  });

  it('builds the chunks of a whole collection, one per chunk that has cards', () => {
    const cards = Array.from({ length: 300 }, (_, i) => card(`n${i}:0`, `d${i % 3}`));
    const built = columnsOf(cards);
    expect(built.columns.reduce((n, c) => n + c.deck.length, 0)).toBe(300);
    expect(built.columns.map((c) => c.chunk)).toEqual([...new Set(cards.map((c) => chunkOfCard(c.id)))].sort((a, b) => a - b));
    const rows = rowsOf(built.columns, built.ids);
    expect(rows.size).toBe(300);
    for (const c of cards) expect(rows.get(c.id)).toEqual(rowOf(c));
  });
});
