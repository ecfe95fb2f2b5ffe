// A deck as Anki-compatible text (TSV with header lines): one row per note with its guid, front, back and tags, so a
// spreadsheet can open it and Retain or Anki can import it again (the guid column matches the notes on re-import).
import type { NoteRecord, NotetypeRecord } from '../model';
import { formatDelimitedText } from '../import/text';

/** The two fields a note shows as front and back: the first two of its note type for imported notes. */
function frontAndBack(note: NoteRecord, notetypes: ReadonlyMap<string, NotetypeRecord>): [string, string] {
  const f = note.fields;
  switch (note.kind) {
    case 'cloze':
      return [f.text ?? '', f.extra ?? ''];
    case 'anki': {
      const names = notetypes.get(note.notetypeId ?? '')?.fields ?? Object.keys(f);
      return [f[names[0] ?? ''] ?? '', f[names[1] ?? ''] ?? ''];
    }
    default:
      return [f.front ?? '', f.back ?? ''];
  }
}

/** A deck's notes (in their order) as tab-separated text with Anki's header lines; retired notes are left out. */
export function deckToText(deckName: string, notes: readonly NoteRecord[], notetypes: readonly NotetypeRecord[]): string {
  const byId = new Map(notetypes.map((t) => [t.id, t]));
  const rows = [...notes]
    .filter((n) => !n.retired)
    .sort((a, b) => a.position - b.position)
    .map((n) => [n.id, ...frontAndBack(n, byId), n.tags.join(' ')]);
  return formatDelimitedText(rows, '\t', { html: 'true', deck: deckName, 'guid column': '1', 'tags column': '4' });
}
