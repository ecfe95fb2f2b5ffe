// Fuzzing the backup file (src/core/backup.ts) and the restore: arbitrary bytes, a real backup mutated byte by byte,
// and its manifest mutated value by value and zipped again. Every input is restored or refused with a BackupError
// naming the file; a refused one, or a restore that fails, leaves the collection exactly as it was. Also the IPC
// argument schemas (src/main/ipc-schemas.ts): whatever a renderer sends, a channel gets its typed arguments or a
// refusal naming the channel.
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { BackupError, encodeBackup, parseBackup, sealBackup, type CollectionSnapshot } from '../../../src/core/backup';
import { EVENT_CHANNELS, IPC_CHANNELS, type InvokeChannel } from '../../../src/core/ipc-contract';
import { Rating } from '../../../src/core/scheduler';
import { checkArguments, InvalidArgumentsError } from '../../../src/main/ipc-schemas';
import { restoreCollection, snapshotCollection } from '../../../src/renderer/src/storage/backup';
import { syncBundledDecks } from '../../../src/renderer/src/storage/bundled-decks';
import type { RetainDB } from '../../../src/renderer/src/storage/db';
import { alphaDeck, answer, betaDeck, dump, freshDb, HOUR, T0 } from '../storage/fixtures';
import { byteOps, expectClearMessage, fuzzFamily, jsonOps, latin1, mutateBytes, mutateJson, signatureOffsets, weirdJsValue, type Outcome } from './arbitraries';

const FILE = 'fuzz.retain-backup';
const backup = fuzzFamily('backup');
const ipc = fuzzFamily('ipc');

let source: RetainDB;
let target: RetainDB;
let valid: Uint8Array;
let manifest: unknown;
let before: Awaited<ReturnType<typeof dump>>;

beforeAll(async () => {
  source = freshDb();
  await syncBundledDecks(source, [alphaDeck(), betaDeck()], T0);
  await answer(source, 'a-one:0', Rating.Good, T0);
  await answer(source, 'a-one:0', Rating.Again, T0 + HOUR);
  await answer(source, 'b-two:0', Rating.Easy, T0 + 2 * HOUR);
  await source.notetypes.put({ id: 'nt', name: 'Picture', kind: 'standard', fields: ['Front', 'Back'], templates: [{ name: 'Card 1', front: '{{Front}}', back: '{{Back}}' }], css: '' });
  await source.media.put({ name: 'cat.png', data: new Uint8Array([1, 2, 3, 4]) });
  valid = encodeBackup(await snapshotCollection(source, T0 + 3 * HOUR, '0.1.0'));
  manifest = JSON.parse(strFromU8(unzipSync(valid)['retain-backup.json']!));
  // The collection a restore would replace: another one, with a review of its own.
  target = freshDb();
  await syncBundledDecks(target, [betaDeck()], T0);
  await answer(target, 'b-one:0', Rating.Hard, T0);
  before = await dump(target);
});
afterAll(async () => {
  for (const db of [source, target]) {
    db.close();
    await db.delete();
  }
});

/** Parses; returns the snapshot, or undefined for a refusal that names the file and says what is wrong. */
function parsed(bytes: Uint8Array, echo = latin1(bytes)): CollectionSnapshot | undefined {
  try {
    return parseBackup(bytes, FILE);
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    expect(error.message.startsWith(`${FILE}: `)).toBe(true);
    expectClearMessage(error.message.slice(FILE.length + 2), echo);
    return undefined;
  }
}

const outcome = (s: CollectionSnapshot | undefined): Outcome => (s ? 'accepted' : 'refused');

/** The manifest of the valid backup changed by `ops`, zipped again with the rest. */
function withManifest(ops: Parameters<typeof mutateJson>[1]): { bytes: Uint8Array; text: string } {
  const files = unzipSync(valid);
  const text = JSON.stringify(mutateJson(manifest, ops)) ?? 'null';
  files['retain-backup.json'] = strToU8(text);
  return { bytes: sealBackup(files), text };
}

describe('backups, fuzzed', () => {
  backup.property('parseBackup: arbitrary bytes', fc.oneof(fc.uint8Array({ maxLength: 400 }), fc.uint8Array({ maxLength: 200 }).map((b) => new Uint8Array([0x50, 0x4b, 3, 4, ...b]))), (bytes) => outcome(parsed(bytes)), { timeoutMs: 30_000 });

  backup.property('parseBackup: mutated backup files', byteOps, (ops) => {
    const bytes = mutateBytes(valid, ops, signatureOffsets(valid, [0x04034b50, 0x02014b50, 0x06054b50]));
    const snapshot = parsed(bytes);
    // A change the checksums let through touched no content (a zip header's date, a comment): the same collection.
    if (snapshot) expect(snapshot).toEqual(parseBackup(valid, FILE));
    return outcome(snapshot);
  }, { timeoutMs: 60_000, bothOutcomes: true });

  backup.property('parseBackup: mutated manifests', jsonOps(), (ops) => {
    const changed = withManifest(ops);
    const snapshot = parsed(changed.bytes, changed.text);
    if (snapshot) {
      // What is accepted is records a restore can write: ids are text, every card's history a whole number of rows.
      for (const card of snapshot.cards) expect(card.history.length % 12).toBe(0);
      expect(new Set(snapshot.cards.map((c) => c.id)).size).toBe(snapshot.cards.length);
    }
    return outcome(snapshot);
  }, { timeoutMs: 60_000, bothOutcomes: true });

  backup.property('refused backups leave the collection as it was', fc.oneof(byteOps.map((ops) => ({ bytes: ops })), jsonOps().map((ops) => ({ manifest: ops }))), async (input) => {
    const changed = 'bytes' in input ? { bytes: mutateBytes(valid, input.bytes), text: '' } : withManifest(input.manifest);
    const snapshot = parsed(changed.bytes, changed.text || latin1(changed.bytes));
    if (!snapshot) {
      expect(await dump(target)).toEqual(before);
      return 'refused';
    }
    try {
      await restoreCollection(target, snapshot);
    } catch {
      // A restore that fails inside its transaction: nothing of it may remain.
      expect(await dump(target)).toEqual(before);
      return 'refused';
    }
    // Restored: put the collection back for the next input.
    expect((await dump(target)).cards).toHaveLength(snapshot.cards.length);
    await restoreCollection(target, parseBackup(encodeBackup({ ...(await snapshotOf(before)), createdAt: T0 }), FILE));
    expect(await dump(target)).toEqual(before);
    return 'accepted';
  }, { timeoutMs: 120_000, bothOutcomes: true });
});

/** The target's original collection as a snapshot (kept once, taken before any input ran). */
let original: CollectionSnapshot | undefined;
async function snapshotOf(_: unknown): Promise<CollectionSnapshot> {
  original ??= await snapshotCollection(target, T0, '0.1.0');
  return original;
}
beforeAll(async () => {
  await snapshotOf(before);
});

const CHANNELS = Object.values(IPC_CHANNELS).filter((c): c is InvokeChannel => !(EVENT_CHANNELS as readonly string[]).includes(c));

describe('IPC arguments, fuzzed', () => {
  const argument = fc.oneof(weirdJsValue, fc.uint8Array({ maxLength: 8 }), fc.constantFrom<unknown>('manual', 'auto', 'quit', 'retain-2026-01-01-000000.retain-backup', '../x', null));
  ipc.property('IPC arguments: arbitrary values for every channel', fc.tuple(fc.constantFrom(...CHANNELS), fc.array(argument, { maxLength: 3 })), ([channel, args]) => {
    try {
      const checked = checkArguments(channel, args) as unknown[];
      // Accepted: exactly the arguments the contract names, of its types.
      expect(checked).toEqual(args);
      return 'accepted';
    } catch (error) {
      if (!(error instanceof InvalidArgumentsError)) throw error;
      expect(error.message.startsWith(`IPC "${channel}" refused: argument`)).toBe(true);
      return 'refused';
    }
  }, { timeoutMs: 30_000, bothOutcomes: true });
});
