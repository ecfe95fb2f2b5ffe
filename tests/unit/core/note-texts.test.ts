// The note texts' chunks: edited by upsert and remove, stored as three joined strings and read back unchanged.
import { describe, expect, it } from 'vitest';
import { emptyNoteTexts, NoteTextChunk, noteTextRows, noteTextsOf, packNoteTexts, RECORD_SEPARATOR, unpackNoteTexts } from '../../../src/core/note-texts';
import { plainText } from '../../../src/core/browse';

const note = (id: string, front: string, tags: string[] = []) => ({ id, fields: { front, back: 'b' }, tags });

describe('note text chunks', () => {
  it('upsert, overwrite and remove (the last note moves into the hole)', () => {
    const edit = new NoteTextChunk(emptyNoteTexts(3));
    edit.upsert([note('a', 'A'), note('b', 'B', ['x', 'y']), note('c', 'C')]);
    edit.upsert([note('a', 'A2')]);
    edit.remove(['a', 'missing']);
    expect(edit.record()).toEqual({ chunk: 3, ids: ['c', 'b'], text: ['C\x1fb', 'B\x1fb'], tags: ['', 'x y'] });
  });

  it('pack into three strings and unpack to the same, empty chunks included; a damaged record is refused', () => {
    for (const chunk of [...noteTextsOf([note('a', 'A'), note('b', '', ['t'])]), emptyNoteTexts(9)]) {
      const stored = packNoteTexts(chunk);
      expect(typeof stored.ids).toBe('string');
      expect(unpackNoteTexts(stored)).toEqual(chunk);
    }
    const [one] = noteTextsOf([note('a', 'A')]);
    expect(() => unpackNoteTexts({ ...packNoteTexts(one!), count: 2 })).toThrow(/2 notes, but 1 ids/);
  });

  it('no text or tag can hold the separator between notes (typed, or as an entity)', () => {
    const [chunk] = noteTextsOf([note('a', `one${RECORD_SEPARATOR}two &#30; three`, [`t${RECORD_SEPARATOR}u`])]);
    expect(noteTextRows([chunk!]).get('a')).toEqual({ text: 'one two three\x1fb', tags: 't u' });
    expect(plainText('a\u0000b\u001fc')).toBe('a b c');
  });
});
