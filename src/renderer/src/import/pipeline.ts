// From a file's bytes to what can be imported: an ImportBundle, or for delimited text the parsed rows the user maps
// to fields first. Runs in the import worker (and in tests, in Node): no DOM, no storage.
import { readAnkiCollection } from '../../../core/anki/collection';
import { readAnkiPackage } from '../../../core/anki/package';
import { validateDeck } from '../../../core/deck-format';
import { ImportError, type ImportBundle, type ImportedNotetype } from '../../../core/import/bundle';
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
  const result = validateDeck(value, file);
  if (!result.ok) {
    const [first, ...rest] = result.problems;
    const more = rest.length > 0 ? ` (and ${rest.length} more: ${rest.map((p) => `${p.path}: ${p.message}`).join('; ')})` : '';
    throw new ImportError({ file, where: first!.path, message: `${first!.message}${more}` });
  }
  const { deck } = result;
  const kinds = new Set(deck.notes.map((n) => n.kind));
  return {
    file,
    format: 'retain-json',
    notetypes: [...kinds].map((k) => RETAIN_NOTETYPES[k]),
    decks: [{ id: deck.id, name: deck.name, description: deck.description }],
    notes: deck.notes.map((n) => ({
      guid: n.id,
      notetypeId: RETAIN_NOTETYPES[n.kind].id,
      fields: n.kind === 'cloze' ? [n.text, n.extra ?? '', n.context ?? ''] : [n.front, n.back, n.context ?? ''],
      tags: n.tags,
    })),
    cards: deck.notes.flatMap((n, i) =>
      cardOrds(n).map((ord) => ({ noteGuid: n.id, ord, deckId: deck.id, suspended: false, reviews: [], newPosition: i })),
    ),
    media: [],
    skipped: [],
  };
}
