// "A refused input writes nothing": mutated files of every kind go through the import worker's own logic
// (createImportHandler: open, map a text file's columns, write) into a collection that already holds a bundled deck,
// studied cards and an imported Anki deck. Some imports are also cancelled at a random point of their progress.
// Whenever an import fails or is cancelled, every table must hold exactly what it held before; a failure must be an
// ImportError naming the file; an import that succeeds must leave the day and card summaries equal to their recount.
import fc from 'fast-check';
import type { SqlJsStatic } from 'sql.js';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { Scheduler } from '../../../src/core/scheduler';
import { createImportHandler, type ImportReply } from '../../../src/renderer/src/import/handler';
import type { SqlEngine } from '../../../src/renderer/src/import/pipeline';
import { syncBundledDecks } from '../../../src/renderer/src/storage/bundled-decks';
import { recordAnswer } from '../../../src/renderer/src/storage/collection';
import type { RetainDB } from '../../../src/renderer/src/storage/db';
import { importBundle } from '../../../src/renderer/src/storage/import-bundle';
import { openImport } from '../../../src/renderer/src/import/pipeline';
import { basicNotetype, buildAnkiCollection, clozeNotetype, type CollectionSpec } from '../../fixtures/anki/collection-builder';
import { buildAnkiPackage } from '../../fixtures/anki/package-builder';
import { loadSqlJsInNode } from '../../fixtures/anki/sql-js-node';
import { alphaDeck, DAY, derived, freshDb, settingsWith, T0 } from '../storage/fixtures';
import { byteOps, fuzzFamily, mutateBytes, mutateText, offsetsOf, signatureOffsets, textOp, textOps, type ByteOp, type TextOp } from './arbitraries';

const { property } = fuzzFamily('import-writes-nothing');
const settings = settingsWith();
const NOW = T0 + 30 * DAY;

function ankiSpec(schema: 11 | 18): CollectionSpec {
  return {
    schema,
    notetypes: [basicNotetype(1001), clozeNotetype(1002)],
    decks: [{ id: 20, name: 'Biology::Cells' }],
    notes: [
      { id: 1, guid: 'mito', notetypeId: 1001, fields: ['Powerhouse?', 'Mitochondria <img src="m.png">'], tags: ['bio'] },
      { id: 2, guid: 'atp', notetypeId: 1002, fields: ['{{c1::ATP}} carries {{c2::energy}}', ''] },
    ],
    cards: [
      { id: 11, noteId: 1, ord: 0, deckId: 20, type: 2, due: 100 },
      { id: 21, noteId: 2, ord: 0, deckId: 20, type: 0, due: 1 },
      { id: 22, noteId: 2, ord: 1, deckId: 20, type: 0, due: 2, suspended: true },
    ],
    revlog: [
      { id: T0, cardId: 11, ease: 3, type: 0, ms: 5000 },
      { id: T0 + 600_000, cardId: 11, ease: 3, type: 0, ms: 4000 },
      { id: T0 + 3 * DAY, cardId: 11, ease: 2, type: 1, ms: 3000 },
    ],
  };
}

const CSV = '#separator:tab\n#html:false\n#tags column:3\nhola\thello\tes\n"dos\nlines"\ttwo\t\nmito\tother\tbio\n';
const DECK = JSON.stringify({
  format: 1, id: 'capitals', name: 'Capitals', description: 'Some capitals', source: { title: 'Atlas', sections: ['Europe'] },
  notes: [
    { id: 'fr', kind: 'basic-reversed', front: 'France', back: 'Paris', tags: [], section: 'Europe' },
    { id: 'es', kind: 'cloze', text: '{{c1::Madrid}} is in Spain', tags: [], section: 'Europe' },
    // A note the collection already has (from the bundled deck): the import must leave it be.
    { id: 'a-one', kind: 'basic', front: 'Changed?', back: 'No', tags: [], section: 'Europe' },
  ],
}, null, 1);

let SQL: SqlJsStatic;
let PACKAGES: Uint8Array[] = [];
let HOTSPOTS: number[][] = [];
const engine = (): Promise<SqlEngine> => Promise.resolve(SQL as unknown as SqlEngine);

beforeAll(async () => {
  SQL = await loadSqlJsInNode();
  const media = [{ name: 'm.png', data: new Uint8Array([137, 80, 78, 71]) }];
  PACKAGES = [
    buildAnkiPackage({ generation: 'anki21', collection: await buildAnkiCollection(ankiSpec(11), SQL), media }),
    buildAnkiPackage({ generation: 'anki21b', collection: await buildAnkiCollection(ankiSpec(18), SQL), media }),
  ];
  HOTSPOTS = PACKAGES.map((p) => signatureOffsets(p, [0x04034b50, 0x02014b50, 0x06054b50]));
});

/** A collection with a bit of everything in it: a bundled deck with two answers, an imported Anki deck. */
async function seeded(): Promise<RetainDB> {
  const db = freshDb();
  await syncBundledDecks(db, [alphaDeck()], T0);
  for (const id of ['a-one:0', 'a-two:0']) {
    const card = (await db.cards.get(id))!;
    await recordAnswer(db, card, new Scheduler(settings).answer(id, card.sched, 3, T0 + DAY, 4000), settings);
  }
  const opened = await openImport('base.apkg', PACKAGES[0]!, engine);
  if (opened.kind !== 'bundle') throw new Error('the base package did not open');
  await importBundle(db, opened.bundle, settings, T0 + DAY);
  return db;
}

let current: { db: RetainDB; before: Record<string, unknown[]> } | undefined;
afterAll(() => current?.db.close());

/** Every table, in key order: the whole collection. */
async function everything(db: RetainDB): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of db.tables) out[table.name] = await table.toArray();
  return out;
}

type Input =
  | { kind: 'package'; which: number; ops: ByteOp[]; name: string }
  | { kind: 'csv'; ops: TextOp[]; name: string; firstRowIsHeader: boolean; swap: boolean }
  | { kind: 'deck'; ops: TextOp[]; name: string }
  | { kind: 'bytes'; bytes: Uint8Array; name: string };

const input: fc.Arbitrary<Input> = fc.oneof(
  fc.record({ kind: fc.constant('package' as const), which: fc.nat({ max: 1 }), ops: byteOps, name: fc.constantFrom('bio.apkg', 'bio.colpkg') }),
  fc.record({ kind: fc.constant('csv' as const), ops: fc.array(textOp, { maxLength: 3 }), name: fc.constantFrom('words.csv', 'words.txt', 'words.tsv'), firstRowIsHeader: fc.boolean(), swap: fc.boolean() }),
  fc.record({ kind: fc.constant('deck' as const), ops: textOps, name: fc.constantFrom('capitals.json', 'capitals.JSON') }),
  fc.record({ kind: fc.constant('bytes' as const), bytes: fc.uint8Array({ maxLength: 64 }), name: fc.constantFrom('x.apkg', 'x.csv', 'x.json', 'x') }),
);

function bytesOf(i: Input): Uint8Array {
  const encode = (s: string) => new TextEncoder().encode(s);
  switch (i.kind) {
    case 'package':
      return mutateBytes(PACKAGES[i.which]!, i.ops, HOTSPOTS[i.which]);
    case 'csv':
      return encode(mutateText(CSV, i.ops, offsetsOf(CSV, '\n\t"#')));
    case 'deck':
      return encode(mutateText(DECK, i.ops, offsetsOf(DECK, '{}[]:,"')));
    case 'bytes':
      return i.bytes;
  }
}

describe('a refused import writes nothing, fuzzed', () => {
  property(
    'refused imports leave the collection as it was',
    fc.tuple(input, fc.option(fc.nat({ max: 3 }), { nil: undefined, freq: 3 })),
    async ([i, cancelAt]) => {
      // A refused import leaves the collection as it was (that is the property), so the same seeded collection serves
      // the next input; after an import that went through, or a failed check, the next input gets a fresh one.
      current ??= await seeded().then(async (db) => ({ db, before: await everything(db) }));
      const { db, before } = current!;
      let keep = false;
      try {
        const bytes = bytesOf(i);
        const replies: ImportReply[] = [];
        let progress = 0;
        // The worker's own logic, in this thread; Cancel is sent when the chosen progress report arrives, as the
        // Import screen's button would.
        const handle = createImportHandler({
          post: (reply) => {
            replies.push(reply);
            if (reply.type === 'progress' && progress++ === cancelAt) void handle({ type: 'cancel' });
          },
          db: () => db,
          loadSql: engine,
          now: () => NOW,
        });
        await handle({ type: 'open', name: i.name, bytes });
        const preview = replies.find((r) => r.type === 'preview');
        if (preview?.type === 'preview') {
          const { suggested, deckName } = preview.preview;
          const columns = i.kind === 'csv' && i.swap ? { ...suggested, front: suggested.back, back: suggested.front } : suggested;
          await handle({ type: 'map', options: { firstRowIsHeader: i.kind === 'csv' && i.firstRowIsHeader, columns, deckName } });
        }
        const last = replies[replies.length - 1];
        expect(['done', 'failed', 'cancelled']).toContain(last?.type);
        if (last?.type === 'done') {
          const { stored, expected } = await derived(db, settings.dayStartHour);
          expect(stored).toEqual(expected);
          return 'accepted';
        }
        // Refused by a parser, or by storage, or cancelled: nothing of it is in the collection.
        if (last?.type === 'failed') expect(last.message.startsWith(`${i.name}: `), last.message).toBe(true);
        expect(await everything(db)).toEqual(before);
        keep = true;
        return 'refused';
      } finally {
        if (!keep) {
          db.close();
          current = undefined;
        }
      }
    },
    { timeoutMs: 50_000, bothOutcomes: true },
  );
});
