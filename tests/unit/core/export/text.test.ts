import { describe, expect, it } from 'vitest';
import { deckToText } from '../../../../src/core/export/text';
import { parseDelimitedText, suggestColumns, textToBundle } from '../../../../src/core/import/text';
import type { NoteRecord, NotetypeRecord } from '../../../../src/core/model';

const note = (id: string, kind: NoteRecord['kind'], fields: Record<string, string>, position: number, extra: Partial<NoteRecord> = {}): NoteRecord => ({
  id, deckId: 'd', kind, fields, tags: ['t1', 't2'], section: '', position, retired: false, ...extra,
});
const picture: NotetypeRecord = { id: 'nt-9', name: 'Picture', kind: 'standard', fields: ['Word', 'Meaning', 'Audio'], templates: [], css: '' };

describe('deckToText', () => {
  it('writes guid, front, back and tags with Anki header lines, and reads back to the same notes', () => {
    const notes = [
      note('b1', 'basic', { front: 'Tab\there', back: 'Line\nbreak and "quotes"' }, 1),
      note('c1', 'cloze', { text: '{{c1::Paris}} is in France', extra: 'capital' }, 0),
      note('a1', 'anki', { Word: 'gato', Meaning: '<b>cat</b>', Audio: '[sound:gato.mp3]' }, 2, { notetypeId: 'nt-9' }),
      note('r1', 'basic', { front: 'gone', back: 'x' }, 3, { retired: true }),
    ];
    const text = deckToText('Spanish::Animals', notes, [picture]);
    expect(text.split('\n').slice(0, 5)).toEqual(['#separator:tab', '#html:true', '#deck:Spanish::Animals', '#guid column:1', '#tags column:4']);
    const parsed = parseDelimitedText(text, 'export.tsv');
    expect(parsed.rows).toEqual([
      ['c1', '{{c1::Paris}} is in France', 'capital', 't1 t2'],
      ['b1', 'Tab\there', 'Line\nbreak and "quotes"', 't1 t2'],
      ['a1', 'gato', '<b>cat</b>', 't1 t2'],
    ]);
    const columns = suggestColumns(parsed);
    expect(columns).toMatchObject({ guid: 0, tags: 3 });
    const bundle = textToBundle(parsed, { file: 'export.tsv', firstRowIsHeader: false, columns, deckName: parsed.deck! });
    expect(bundle.notes.map((n) => n.guid)).toEqual(['c1', 'b1', 'a1']);
    expect(bundle.decks.map((d) => d.name)).toEqual(['Spanish::Animals']);
  });
});
