// The notes as the card browser searches and shows them, a chunk of notes per record: each note's fields as plain
// text (core/browse.ts plainText) and its tags. Opening Browse reads 128 records of a few strings each instead of
// 100,000 note records (and does not make 100,000 plain texts again): a chunk stores its ids, texts and tags as three
// strings, RECORD_SEPARATOR between notes (reading 300,000 short strings cost Chromium several times what three long
// ones do). Storage keeps them in step with the notes table on every write (storage/note-texts.ts); they are, by
// invariant, what noteTextsOf() builds from the notes.
import { browseNoteOf } from './browse';
import { fnv1a } from './hash';
import type { NoteRecord } from './model';

export const NOTE_TEXT_CHUNKS = 128;

export interface NoteTexts {
  chunk: number;
  ids: string[];
  /** BrowseNote.text of each note, in the order of `ids`. */
  text: string[];
  /** Each note's tags, joined by spaces (a tag holds none). */
  tags: string[];
}

/** A chunk as stored: `count` notes, their ids, texts and tags each joined by RECORD_SEPARATOR. */
export interface StoredNoteTexts {
  chunk: number;
  count: number;
  ids: string;
  text: string;
  tags: string;
}

/** Between notes in a stored chunk. No note id, plain text or tag holds it (plainText and tagsOf take it out; ids
 * are checked by every importer to hold no control character). */
export const RECORD_SEPARATOR = '\x1e';
const SEPARATORS = /[\x1e]/g;

export function packNoteTexts(t: NoteTexts): StoredNoteTexts {
  return { chunk: t.chunk, count: t.ids.length, ids: t.ids.join(RECORD_SEPARATOR), text: t.text.join(RECORD_SEPARATOR), tags: t.tags.join(RECORD_SEPARATOR) };
}

export function unpackNoteTexts(s: StoredNoteTexts): NoteTexts {
  const split = (joined: string) => (s.count === 0 ? [] : joined.split(RECORD_SEPARATOR));
  const out = { chunk: s.chunk, ids: split(s.ids), text: split(s.text), tags: split(s.tags) };
  if (out.text.length !== out.ids.length || out.tags.length !== out.ids.length || out.ids.length !== s.count) {
    throw new Error(`note texts of chunk ${s.chunk}: ${s.count} notes, but ${out.ids.length} ids, ${out.text.length} texts, ${out.tags.length} tag lists`);
  }
  return out;
}

export const chunkOfNote = (noteId: string): number => fnv1a(noteId) % NOTE_TEXT_CHUNKS;

export function emptyNoteTexts(chunk: number): NoteTexts {
  return { chunk, ids: [], text: [], tags: [] };
}

/** One chunk being edited: notes upserted and removed, many at a time; `record` is then what to store. */
export class NoteTextChunk {
  private readonly ids: string[];
  private readonly text: string[];
  private readonly tags: string[];
  private readonly slots: Map<string, number>;

  constructor(
    stored: NoteTexts,
    readonly chunk = stored.chunk,
  ) {
    if (stored.text.length !== stored.ids.length || stored.tags.length !== stored.ids.length) {
      throw new Error(`note texts of chunk ${stored.chunk}: ${stored.ids.length} ids, ${stored.text.length} texts, ${stored.tags.length} tag lists`);
    }
    this.ids = [...stored.ids];
    this.text = [...stored.text];
    this.tags = [...stored.tags];
    this.slots = new Map(this.ids.map((id, i) => [id, i]));
  }

  upsert(notes: readonly Pick<NoteRecord, 'id' | 'fields' | 'tags'>[]): void {
    for (const note of notes) {
      const b = browseNoteOf(note);
      let slot = this.slots.get(note.id);
      if (slot === undefined) {
        slot = this.ids.length;
        this.ids.push(note.id);
        this.slots.set(note.id, slot);
      }
      this.text[slot] = b.text;
      this.tags[slot] = b.tags.join(' ').replace(SEPARATORS, ' ');
    }
  }

  remove(noteIds: Iterable<string>): void {
    for (const id of noteIds) {
      const slot = this.slots.get(id);
      if (slot === undefined) continue;
      // The last note moves into the hole.
      const last = this.ids.length - 1;
      if (slot !== last) {
        this.ids[slot] = this.ids[last]!;
        this.text[slot] = this.text[last]!;
        this.tags[slot] = this.tags[last]!;
        this.slots.set(this.ids[slot]!, slot);
      }
      this.ids.pop();
      this.text.pop();
      this.tags.pop();
      this.slots.delete(id);
    }
  }

  record(): NoteTexts {
    return { chunk: this.chunk, ids: [...this.ids], text: [...this.text], tags: [...this.tags] };
  }
}

/** The note texts of these notes, built from nothing: what the stored chunks must equal (as a set per chunk). */
export function noteTextsOf(notes: Iterable<Pick<NoteRecord, 'id' | 'fields' | 'tags'>>): NoteTexts[] {
  const byChunk = new Map<number, Pick<NoteRecord, 'id' | 'fields' | 'tags'>[]>();
  for (const note of notes) {
    const chunk = chunkOfNote(note.id);
    let list = byChunk.get(chunk);
    if (!list) byChunk.set(chunk, (list = []));
    list.push(note);
  }
  return [...byChunk]
    .sort((a, b) => a[0] - b[0])
    .map(([chunk, list]) => {
      const edit = new NoteTextChunk(emptyNoteTexts(chunk));
      edit.upsert(list);
      return edit.record();
    });
}

/** Each note's text and tags by id, from stored chunks (for the database check and tests). */
export function noteTextRows(chunks: readonly NoteTexts[]): Map<string, { text: string; tags: string }> {
  const out = new Map<string, { text: string; tags: string }>();
  for (const c of chunks) c.ids.forEach((id, i) => out.set(id, { text: c.text[i]!, tags: c.tags[i]! }));
  return out;
}
