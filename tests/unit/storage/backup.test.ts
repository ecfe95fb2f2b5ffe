// Backups: the whole collection to a file and back gives the same collection; a bad file is refused, naming what is
// wrong and where, and the collection it would have replaced is untouched.
import 'fake-indexeddb/auto';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackupError, backupFileName, encodeBackup, parseBackup, sealBackup, summarize } from '../../../src/core/backup';
import { Rating } from '../../../src/core/scheduler';
import { syncBundledDecks } from '../../../src/renderer/src/storage/bundled-decks';
import { restoreCollection, snapshotCollection } from '../../../src/renderer/src/storage/backup';
import { saveSettings } from '../../../src/renderer/src/storage/collection';
import type { RetainDB } from '../../../src/renderer/src/storage/db';
import { alphaDeck, answer, betaDeck, DAY, derived, dump, freshDb, HOUR, settingsWith, T0 } from './fixtures';

let db: RetainDB;
let other: RetainDB;

beforeEach(async () => {
  db = freshDb();
  other = freshDb();
  await syncBundledDecks(db, [alphaDeck(), betaDeck()], T0);
  await saveSettings(db, settingsWith({ newPerDay: 7, desiredRetention: 0.85 }), T0);
  await answer(db, 'a-one:0', Rating.Good, T0 + HOUR, settingsWith({ desiredRetention: 0.85 }));
  await answer(db, 'a-one:0', Rating.Again, T0 + 2 * DAY, settingsWith({ desiredRetention: 0.85 }));
  await answer(db, 'b-two:0', Rating.Easy, T0 + 3 * HOUR, settingsWith({ desiredRetention: 0.85 }));
  await db.notetypes.put({ id: 'nt', name: 'Picture', kind: 'standard', fields: ['Front', 'Back'], templates: [{ name: 'Card 1', front: '{{Front}}', back: '{{Back}}' }], css: '.card { color: red }' });
  await db.media.put({ name: 'cat.png', data: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]) });
});
afterEach(async () => {
  for (const d of [db, other]) {
    d.close();
    await d.delete();
  }
});

async function backupBytes(): Promise<Uint8Array> {
  return encodeBackup(await snapshotCollection(db, T0 + 4 * DAY, '0.1.0'));
}

describe('a backup', () => {
  it('restored into an empty profile gives the same collection, derived tables and all', async () => {
    const bytes = await backupBytes();
    const snapshot = parseBackup(bytes, 'b.retain-backup');
    expect(summarize(snapshot)).toEqual({ createdAt: T0 + 4 * DAY, appVersion: '0.1.0', decks: 2, notes: 7, cards: 9, reviews: 3 });
    await restoreCollection(other, snapshot);
    const [mine, theirs] = [await dump(db), await dump(other)];
    expect(theirs).toEqual(mine);
    expect(await other.notetypes.toArray()).toEqual(await db.notetypes.toArray());
    expect(await other.media.toArray()).toEqual(await db.media.toArray());
    const d = await derived(other, 4);
    expect(d.stored).toEqual(d.expected);
    // The histories are the same numbers, not just the same length.
    const card = (await other.cards.get('a-one:0'))!;
    expect(Array.from(card.history)).toEqual(Array.from((await db.cards.get('a-one:0'))!.history));
  });

  it('replaces what was there: nothing of the collection before remains', async () => {
    const bytes = await backupBytes();
    await syncBundledDecks(other, [betaDeck()], T0);
    await answer(other, 'b-one:0', Rating.Good, T0);
    await restoreCollection(other, parseBackup(bytes, 'b.retain-backup'));
    expect(await dump(other)).toEqual(await dump(db));
  });

  it('is named by its local time, in an order that sorts', () => {
    expect(backupFileName(new Date(2026, 11, 3, 9, 5, 7).getTime())).toBe('retain-2026-12-03-090507.retain-backup');
  });
});

describe('a bad backup file', () => {
  /** The backup with its manifest changed by `edit`. */
  async function withManifest(edit: (m: Record<string, any>) => void): Promise<Uint8Array> {
    const files = unzipSync(await backupBytes());
    const manifest = JSON.parse(strFromU8(files['retain-backup.json']!));
    edit(manifest);
    files['retain-backup.json'] = strToU8(JSON.stringify(manifest));
    return sealBackup(files);
  }

  it('is refused with a message naming the file and the place', async () => {
    const cases: [Uint8Array | Promise<Uint8Array>, string][] = [
      [new Uint8Array([1, 2, 3, 4, 5]), 'b.retain-backup: not a Retain backup (it is not a zip file)'],
      [zipSync({ 'other.txt': strToU8('hello') }), 'b.retain-backup: not a Retain backup (no retain-backup.json inside)'],
      [(async () => (await backupBytes()).slice(0, 300))(), 'b.retain-backup: damaged: the zip cannot be read'],
      [(async () => {
        // A byte of a stored media file changed: the zip still reads, the checksum does not match.
        const bytes = await backupBytes();
        const at = bytes.findIndex((b, i) => b === 0x89 && bytes[i + 1] === 0x50 && bytes[i + 2] === 0x4e);
        bytes[at + 4]! ^= 0xff;
        return bytes;
      })(), 'b.retain-backup: damaged: media/0 does not match its checksum (the file was changed after it was written)'],
      [withManifest((m) => (m.version = 9)), 'b.retain-backup: made by a newer version of Retain (backup format 9); update Retain to restore it'],
      [withManifest((m) => (m.cards[3].sched.due = 'soon')), 'b.retain-backup: cards[3].sched.due: must be number, not "soon"'],
      [withManifest((m) => (m.cards[0].queue = 7)), 'b.retain-backup: cards[0].queue: must be (0 | 1 | 2 | -1 | -2 | -3), not 7'],
      [withManifest((m) => (m.notes[2].deckId = 'gone')), 'b.retain-backup: notes[2].deckId: no deck "gone" in the backup'],
      [withManifest((m) => (m.cards[1].history = [0, 999])), 'b.retain-backup: cards[1].history: reviews 0-999 are past the end of histories.f64'],
      [withManifest((m) => (m.media[0].name = '../../evil.sh')), 'b.retain-backup: media[0].name: "../../evil.sh" is not a plain file name'],
      [withManifest((m) => m.decks.push(m.decks[0])), 'b.retain-backup: decks[2].id: "alpha" appears twice'],
      [withManifest((m) => delete m.notes[1].section), 'b.retain-backup: notes[1].section: is missing'],
    ];
    for (const [bytes, message] of cases) {
      const input = await bytes;
      let error: unknown;
      try {
        parseBackup(input, 'b.retain-backup');
      } catch (e) {
        error = e;
      }
      expect(error, message).toBeInstanceOf(BackupError);
      expect((error as Error).message.startsWith(message), `${(error as Error).message} / ${message}`).toBe(true);
    }
  });

  it('changes nothing: a restore that fails halfway leaves the collection as it was', async () => {
    await syncBundledDecks(other, [betaDeck()], T0);
    await answer(other, 'b-one:0', Rating.Good, T0);
    const before = await dump(other);
    const snapshot = parseBackup(await backupBytes(), 'b.retain-backup');
    // Two cards with one id: the write fails inside the transaction, after the tables were cleared.
    snapshot.cards.push(snapshot.cards[0]!);
    await expect(restoreCollection(other, snapshot)).rejects.toThrow();
    expect(await dump(other)).toEqual(before);
  });
});
