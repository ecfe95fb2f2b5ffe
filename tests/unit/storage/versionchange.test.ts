// Another tab opens a newer schema of the collection (an app update) while this one has it open: this connection
// closes at once and for good, says so, and refuses every later write instead of reopening at a schema it does not
// know. And the other way round: an upgrade that waits for an old tab says what it waits for.
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { Rating } from '../../../src/core/scheduler';
import { AppState } from '../../../src/renderer/src/state/app.svelte';
import { ReviewSession } from '../../../src/renderer/src/state/review-session.svelte';
import { syncBundledDecks } from '../../../src/renderer/src/storage/bundled-decks';
import { RetainDB } from '../../../src/renderer/src/storage/db';
import { isStorageClosed } from '../../../src/renderer/src/storage/errors';
import { everything } from './failing-writes';
import { alphaDeck, settingsWith, T0 } from './fixtures';

const opened: Dexie[] = [];
afterEach(() => {
  for (const d of opened.splice(0)) d.close();
});
const track = <T extends Dexie>(d: T): T => (opened.push(d), d);

/** The collection as a newer version of the app opens it: this schema and one version more. */
class NewerRetainDB extends RetainDB {
  constructor(name: string) {
    super(name);
    this.version(this.verno + 1).stores({ extra: 'id' });
  }
}
const newerVersionOf = (db: RetainDB) => track(new NewerRetainDB(db.name));

/** Opens the stored database as it is (whatever its schema) and reads everything. */
async function stored(name: string) {
  const raw = track(new Dexie(name));
  await raw.open();
  const all = await everything(raw);
  raw.close();
  return all;
}

describe('a newer schema opened elsewhere', () => {
  it('closes this connection at once, reports it, and refuses writes (DatabaseClosedError)', async () => {
    const db = track(new RetainDB(`vc-${crypto.randomUUID()}`));
    await syncBundledDecks(db, [alphaDeck()], T0);
    let reported = 0;
    db.onClosedElsewhere(() => reported++);

    const newer = newerVersionOf(db);
    await newer.open(); // not blocked: the old connection let go
    expect(newer.verno).toBe(db.verno + 1);
    expect(reported).toBe(1);
    expect(db.closedElsewhere).toBe(true);
    expect(db.isOpen()).toBe(false);

    const write = await db.settings.put({ ...settingsWith(), id: 'settings' }).catch((e: unknown) => e);
    expect(isStorageClosed(write), String(write)).toBe(true);
    const read = await db.decks.toArray().catch((e: unknown) => e);
    expect(isStorageClosed(read), 'not even reopened for a read').toBe(true);
    // Nothing of this connection's attempts reached the stored collection.
    expect(await newer.settings.count()).toBe(0);
  });

  it('a review session refuses the rating with the message, and the card stays on screen', async () => {
    const db = track(new RetainDB(`vc-${crypto.randomUUID()}`));
    await syncBundledDecks(db, [alphaDeck()], T0);
    const s = new ReviewSession(db, settingsWith(), ['alpha'], new Map([['alpha', 'Alpha']]), () => T0);
    await s.start();
    s.reveal();
    await newerVersionOf(db).open();
    await s.rate(Rating.Good);
    await s.settled();
    expect(s.error).toBe(
      "Your rating was not saved: Retain's storage was closed because Retain was opened or updated in another tab or window. Reload this tab to continue.",
    );
    expect(s.phase).toBe('answer');
    expect(s.shown?.card.id).toBe('a-one:0');
  });

  it('a rating whose write was still waiting when the connection closed is reported, not lost silently', async () => {
    const db = track(new RetainDB(`vc-${crypto.randomUUID()}`));
    await syncBundledDecks(db, [alphaDeck()], T0);
    const s = new ReviewSession(db, settingsWith(), ['alpha'], new Map([['alpha', 'Alpha']]), () => T0);
    await s.start();
    s.reveal();
    const rated = s.rate(Rating.Good); // its write waits for the next frame
    db.closeForNewerVersion(); // as the versionchange handler does, before that write starts
    await rated;
    await s.settled();
    expect(s.error).toMatch(/^Your rating was not saved: Retain's storage was closed/);
  });

  it('the app stops: not ready, and it neither opens nor writes once closed', async () => {
    const name = `vc-${crypto.randomUUID()}`;
    const app = new AppState(() => T0, name);
    track(app.db);
    let told = 0;
    app.db.onClosedElsewhere(() => told++);
    await app.init();
    expect(app.ready).toBe(true);
    await newerVersionOf(app.db).open();
    expect(told).toBe(1);
    expect(app.ready).toBe(false);
    expect(app.fatal).toBeNull();
  });

  it('a tab of the old version that gets the collection back after an update does not open it', async () => {
    const name = `vc-${crypto.randomUUID()}`;
    const first = track(new RetainDB(name));
    await first.open();
    first.close();
    await newerVersionOf(first).open(); // the updated tab had it meanwhile
    opened.pop()!.close();
    const before = await stored(name);

    const app = new AppState(() => T0, name);
    track(app.db);
    let told = 0;
    app.db.onClosedElsewhere(() => told++);
    await app.init();
    expect(told).toBe(1);
    expect(app.ready).toBe(false);
    expect(app.fatal).toBeNull();
    // Nothing was written: the bundled decks were not synced into the newer collection.
    expect(await stored(name)).toEqual(before);
  });
});

describe('an upgrade blocked by an old connection elsewhere', () => {
  it('says it waits, then opens once the old connection closes', async () => {
    const name = `blocked-${crypto.randomUUID()}`;
    // An old tab that does not close on versionchange (as a version of Retain without this handler might not).
    const old = track(new Dexie(name));
    old.version(1).stores({ decks: 'id', notes: 'id, deckId', cards: 'id, noteId, [deckId+queue+due], queue', days: '[deckId+day], day', settings: 'id' });
    old.on('versionchange', () => false);
    await old.open();

    const app = new AppState(() => T0, name);
    track(app.db);
    const opening = app.init();
    await expect.poll(() => app.blocked).toBe(true);
    expect(app.ready).toBe(false);
    old.close();
    await opening;
    expect(app.blocked).toBe(false);
    expect(app.ready).toBe(true);
    expect(app.decks.map((d) => d.deck.id).length).toBeGreaterThan(0);
  });
});
