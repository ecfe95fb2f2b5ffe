// Keeps the notes' plain text for the browser (core/note-texts.ts) in step with the notes table: a Dexie middleware
// sees every write to `notes` (an import, a deck update, an edit, a restore) and updates the chunks of the same notes
// in the same transaction, as card-columns.ts does for the card summaries. In batch mode (withBatchedDerived) the
// notes written are kept and applied once, at the end.
import type { DBCore, DBCoreMutateRequest, DBCoreMutateResponse, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie';
import { chunkOfNote, emptyNoteTexts, NoteTextChunk, noteTextsOf, packNoteTexts, unpackNoteTexts, type NoteTexts, type StoredNoteTexts } from '../../../core/note-texts';
import type { RetainDB } from './db';
import type { NoteRecord } from '../../../core/model';
import { batchOf, byChunk, clearTables, covering, flushNow, mutateAndFollow, writeInBatch } from './derived-tables';

export const NOTE_TEXTS_TABLE = 'noteTexts';
const NOTES_TABLE = 'notes';

type Trans = DBCoreTransaction & { objectStoreNames?: DOMStringList };
type NoteText = Pick<NoteRecord, 'id' | 'fields' | 'tags'>;

/** Only what the texts are made of: a batch would otherwise hold every imported note whole until the end. */
const textOf = (n: NoteRecord): NoteText => ({ id: n.id, fields: n.fields, tags: n.tags });

export const noteTextsMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'RetainNoteTexts',
  level: -2,
  create(down) {
    const edits = new WeakMap<DBCoreTransaction, Map<number, Promise<NoteTextChunk>>>();
    const hasTexts = (trans: Trans) => trans.objectStoreNames?.contains(NOTE_TEXTS_TABLE) ?? false;

    const chunkIn = (trans: DBCoreTransaction, chunk: number): Promise<NoteTextChunk> => {
      let open = edits.get(trans);
      if (!open) edits.set(trans, (open = new Map()));
      let edit = open.get(chunk);
      if (!edit) {
        edit = (down.table(NOTE_TEXTS_TABLE).get({ trans, key: chunk }) as Promise<StoredNoteTexts | undefined>).then(
          (stored) => new NoteTextChunk(stored ? unpackNoteTexts(stored) : emptyNoteTexts(chunk)),
        );
        open.set(chunk, edit);
      }
      return edit;
    };

    const apply = async (trans: DBCoreTransaction, upserts: readonly NoteText[], removals: readonly string[]) => {
      const ups = byChunk(upserts, (n) => n.id, chunkOfNote);
      const rems = byChunk(removals, (id) => id, chunkOfNote);
      const touched = [...new Set([...ups.keys(), ...rems.keys()])];
      if (touched.length === 0) return;
      const chunks = await Promise.all(touched.map((c) => chunkIn(trans, c)));
      touched.forEach((c, i) => {
        chunks[i]!.upsert(ups.get(c) ?? []);
        chunks[i]!.remove(rems.get(c) ?? []);
      });
      const res = await down.table(NOTE_TEXTS_TABLE).mutate({ trans, type: 'put', values: chunks.map((c) => packNoteTexts(c.record())) });
      if (res.numFailures > 0) throw Object.values(res.failures)[0]!;
    };

    const notesTable = (table: DBCoreTable): DBCoreTable => ({
      ...table,
      async mutate(req: DBCoreMutateRequest): Promise<DBCoreMutateResponse> {
        const trans = req.trans as Trans;
        if (!hasTexts(trans)) return table.mutate(req);
        if (batchOf(trans) && req.type !== 'deleteRange') {
          return writeInBatch<NoteRecord, NoteText>(table, req, NOTE_TEXTS_TABLE, (note) => [note.id, textOf(note)], (t, upserts, removals) =>
            apply(t, upserts.map(([, n]) => n), removals),
          );
        }
        await flushNow(trans, NOTE_TEXTS_TABLE);
        return mutateAndFollow<NoteRecord, string>(table, req, {
          upsert: (t, notes) => apply(t, notes, []),
          remove: (t, ids) => apply(t, [], ids),
          async clear(t, all) {
            await clearTables(down, t, [NOTE_TEXTS_TABLE], all);
            edits.delete(t);
          },
        });
      },
    });

    return covering(down, NOTES_TABLE, [NOTE_TEXTS_TABLE], notesTable);
  },
};

/** Builds the texts again from the notes (a schema upgrade; the database check). */
export async function rebuildNoteTexts(
  notes: Iterable<NoteText>,
  table: { clear(): Promise<unknown>; bulkPut(rows: StoredNoteTexts[]): Promise<unknown> },
): Promise<void> {
  const built = noteTextsOf(notes);
  await table.clear();
  await table.bulkPut(built.map(packNoteTexts));
}

/** Every chunk of note texts, unpacked (the browser, the database check). */
export async function readNoteTexts(db: RetainDB): Promise<NoteTexts[]> {
  return (await db.noteTexts.toArray()).map(unpackNoteTexts);
}
