// From a file's bytes to what can be imported: an ImportBundle, or for delimited text the parsed rows the user maps
// to fields first. Runs in the import worker (and in tests, in Node): no DOM, no storage.
import { readAnkiCollection } from '../../../core/anki/collection';
import { readAnkiPackage } from '../../../core/anki/package';
import { validateDeck } from '../../../core/deck-format';
import { ImportError, type ImportBundle, type ImportedCard, type ImportedNote, type ImportedNotetype } from '../../../core/import/bundle';
import type { CardProgress, Deck } from '../../../core/deck-types';
import { cardOrdinals } from '../../../core/anki/template';
import { entryFromRow } from '../../../core/history';
import { parseDelimitedText, suggestColumns, textToBundle, type ParsedText, type TextColumns, type TextImportOptions } from '../../../core/import/text';
import { cardOrds } from '../../../core/cards';
import { checkSize, detectKind } from './detect';

/** sql.js, loaded by the caller (the worker loads its wasm from the app's own files; tests from node_modules). */
export interface SqlEngine {
  Database: new (data?: Uint8Array) => {
    exec(sql: string, params?: (string | number | null)[]): { columns: string[]; values: unknown[][] }[];
    close(): void;
  };
}

export type Opened =
  | { kind: 'bundle'; bundle: ImportBundle }
  | { kind: 'text'; file: string; parsed: ParsedText; suggested: TextColumns };

export async function openImport(file: string, bytes: Uint8Array, loadSql: () => Promise<SqlEngine>): Promise<Opened> {
  const opened = await openFile(file, bytes, loadSql);
  if (opened.kind === 'bundle' && opened.bundle.notes.length === 0) {
    // An empty deck, or one whose every note had to be left out: say so rather than "imported 0 notes".
    const { skipped } = opened.bundle;
    const why = skipped[0] ? ` (${skipped.length} left out; the first: ${skipped[0].where}: ${skipped[0].message})` : '';
    throw new ImportError({ file, where: '', message: `holds no notes to import${why}` });
  }
  return opened;
}

async function openFile(file: string, bytes: Uint8Array, loadSql: () => Promise<SqlEngine>): Promise<Opened> {
  checkSize(file, bytes.length);
  const kind = detectKind(file, bytes.subarray(0, 64));
  if (kind === 'text') {
    const parsed = parseDelimitedText(bytes, file);
    return { kind: 'text', file, parsed, suggested: suggestColumns(parsed) };
  }
  if (kind === 'retain-json') return { kind: 'bundle', bundle: retainDeckBundle(file, bytes) };
  const pkg = readAnkiPackage(bytes, file);
  const sql = await loadSql();
  let db: InstanceType<SqlEngine['Database']>;
  try {
    db = new sql.Database(pkg.collection);
  } catch (e) {
    throw new ImportError({ file, where: `collection.${pkg.generation}`, message: `is not a readable database (${(e as Error).message})` });
  }
  try {
    const data = readAnkiCollection(db, file);
    return {
      kind: 'bundle',
      bundle: {
        file,
        format: file.toLowerCase().endsWith('.colpkg') ? 'colpkg' : 'apkg',
        ...data,
        media: pkg.media,
        skipped: [...pkg.skipped, ...data.skipped],
      },
    };
  } finally {
    db.close();
  }
}

export function textBundle(parsed: ParsedText, options: TextImportOptions): ImportBundle {
  return textToBundle(parsed, options);
}

/** The note types a Retain deck's notes become when imported: our three kinds, with the note's context after the answer. */
const RETAIN_NOTETYPES: Record<'basic' | 'basic-reversed' | 'cloze', ImportedNotetype> = {
  basic: {
    id: 'retain-basic',
    name: 'Retain basic',
    kind: 'standard',
    fields: ['Front', 'Back', 'Context'],
    templates: [{ name: 'Card 1', front: '{{Front}}', back: '{{Back}}{{#Context}}<div class="context">{{Context}}</div>{{/Context}}' }],
    css: '',
  },
  'basic-reversed': {
    id: 'retain-basic-reversed',
    name: 'Retain basic and reversed',
    kind: 'standard',
    fields: ['Front', 'Back', 'Context'],
    templates: [
      { name: 'Card 1', front: '{{Front}}', back: '{{Back}}{{#Context}}<div class="context">{{Context}}</div>{{/Context}}' },
      { name: 'Card 2', front: '{{Back}}', back: '{{Front}}{{#Context}}<div class="context">{{Context}}</div>{{/Context}}' },
    ],
    css: '',
  },
  cloze: {
    id: 'retain-cloze',
    name: 'Retain cloze',
    kind: 'cloze',
    fields: ['Text', 'Extra', 'Context'],
    templates: [
      {
        name: 'Cloze',
        front: '{{cloze:Text}}',
        back: '{{cloze:Text}}{{#Extra}}<div class="extra">{{Extra}}</div>{{/Extra}}{{#Context}}<div class="context">{{Context}}</div>{{/Context}}',
      },
    ],
    css: '',
  },
};

/** A Retain deck file (the bundled format): validated as the bundled decks are, every problem reported at once. */
function retainDeckBundle(file: string, bytes: Uint8Array): ImportBundle {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    throw new ImportError({ file, where: '', message: `is not valid JSON (${(e as Error).message})` });
  }
  // A whole collection exported by Retain holds several decks; a deck file holds one.
  const isCollection = typeof value === 'object' && value !== null && 'retainCollection' in value;
  const raw: unknown[] = isCollection ? ((value as { decks?: unknown }).decks as unknown[]) : [value];
  if (!Array.isArray(raw) || raw.length === 0) throw new ImportError({ file, where: 'decks', message: 'must be a non-empty list of decks' });
  const parts = raw.map((item, i) => {
    const result = validateDeck(item, file);
    if (!result.ok) {
      const [first, ...rest] = result.problems;
      const prefix = isCollection ? `decks[${i}].` : '';
      const more = rest.length > 0 ? ` (and ${rest.length} more: ${rest.map((p) => `${prefix}${p.path}: ${p.message}`).join('; ')})` : '';
      throw new ImportError({ file, where: `${prefix}${first!.path}`, message: `${first!.message}${more}` });
    }
    return deckBundle(file, result.deck);
  });
  const notetypes = new Map(parts.flatMap((b) => b.notetypes).map((t) => [t.id, t]));
  return {
    file,
    format: 'retain-json',
    notetypes: [...notetypes.values()],
    decks: parts.flatMap((b) => b.decks),
    notes: parts.flatMap((b) => b.notes),
    cards: parts.flatMap((b) => b.cards),
    media: [],
    skipped: [],
  };
}

/** One validated Retain deck as bundle parts. */
function deckBundle(file: string, deck: Deck): ImportBundle {
  const kinds = new Set(deck.notes.map((n) => n.kind));
  const notetypes: ImportedNotetype[] = [...[...kinds].map((k) => RETAIN_NOTETYPES[k]), ...(deck.notetypes ?? [])];
  const notetypeById = new Map(notetypes.map((t) => [t.id, t]));
  const cards: ImportedCard[] = [];
  const cardsOf = (noteId: string, ords: number[], progress: CardProgress[] | undefined, position: number) => {
    const byOrd = new Map((progress ?? []).map((p) => [p.ord, p]));
    for (const ord of new Set([...ords, ...byOrd.keys()])) {
      const p = byOrd.get(ord);
      cards.push({
        noteGuid: noteId,
        ord,
        deckId: deck.id,
        suspended: p?.suspended ?? false,
        reviews: [],
        newPosition: position,
        ...(p ? { progress: { sched: { ...p.state }, history: p.reviews.map(entryFromRow) } } : {}),
      });
    }
  };
  const notes: ImportedNote[] = deck.notes.map((n, i) => {
    cardsOf(n.id, cardOrds(n), n.progress, i);
    return {
      guid: n.id,
      notetypeId: RETAIN_NOTETYPES[n.kind].id,
      fields: n.kind === 'cloze' ? [n.text, n.extra ?? '', n.context ?? ''] : [n.front, n.back, n.context ?? ''],
      tags: n.tags,
    };
  });
  for (const [i, n] of (deck.templatedNotes ?? []).entries()) {
    const notetype = notetypeById.get(n.notetype)!;
    const fields = notetype.fields.map((f) => n.fields[f] ?? '');
    cardsOf(n.id, cardOrdinals(notetype, fields, { tags: n.tags }), n.progress, deck.notes.length + i);
    notes.push({ guid: n.id, notetypeId: n.notetype, fields, tags: n.tags });
  }
  return {
    file,
    format: 'retain-json',
    notetypes,
    decks: [{ id: deck.id, name: deck.name, description: deck.description }],
    notes,
    cards,
    media: [],
    skipped: [],
  };
}
