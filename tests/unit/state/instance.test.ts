// One tab at a time owns the collection: the lock, the "Use Retain here" hand-over and its order (the owner stores
// its last ratings and closes before the other opens), the last asker winning, an upgrade elsewhere, and no lock API.
import { afterEach, describe, expect, it } from 'vitest';
import type { InstanceMessage, InstancePlatform, Release } from '../../../src/renderer/src/platform/instance';
import { Rating } from '../../../src/core/scheduler';
import { historyColumn } from '../../../src/core/history';
import { AppState } from '../../../src/renderer/src/state/app.svelte';
import { InstanceState, type InstanceHooks } from '../../../src/renderer/src/state/instance.svelte';
import { T0 } from '../storage/fixtures';

/** One browser's Web Locks (a single exclusive lock, granted in request order) and BroadcastChannel, for many tabs. */
function fakeBrowser() {
  let holder: object | null = null;
  const waiting: { tab: object; grant: (release: Release) => void }[] = [];
  const listeners = new Map<object, Set<(m: InstanceMessage) => void>>();
  const grantTo = (tab: object): Release => {
    holder = tab;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      holder = null;
      const next = waiting.shift();
      if (next) next.grant(grantTo(next.tab));
    };
  };
  const browser = {
    get held() {
      return holder !== null;
    },
    get waiting() {
      return waiting.length;
    },
    tab(): InstancePlatform {
      const tab = {};
      listeners.set(tab, new Set());
      return {
        tryLock: async () => (holder ? null : grantTo(tab)),
        lock: (signal) =>
          new Promise((resolve, reject) => {
            if (!holder) return resolve(grantTo(tab));
            const entry = { tab, grant: resolve };
            waiting.push(entry);
            signal.addEventListener('abort', () => {
              const i = waiting.indexOf(entry);
              if (i >= 0) waiting.splice(i, 1);
              reject(new DOMException('aborted', 'AbortError'));
            });
          }),
        // As a BroadcastChannel: every other tab, asynchronously, never the sender.
        post: (message) => {
          for (const [other, set] of listeners) if (other !== tab) for (const l of set) setTimeout(() => l(message), 0);
        },
        onMessage: (listener) => {
          listeners.get(tab)!.add(listener);
          return () => listeners.get(tab)!.delete(listener);
        },
      };
    },
  };
  return browser;
}

/** Hooks that record what happened, in order; a release may be held back to see what waits for it. */
function recorder(name: string, log: string[]) {
  let hold: Promise<void> = Promise.resolve();
  const hooks: InstanceHooks = {
    open: async () => void log.push(`${name} opens`),
    release: async () => {
      log.push(`${name} saving`);
      await hold;
      log.push(`${name} closed`);
      return null;
    },
  };
  return {
    hooks,
    holdRelease(): () => void {
      let done!: () => void;
      hold = new Promise((resolve) => (done = resolve));
      return done;
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));
const tabs: InstanceState[] = [];
afterEach(() => {
  for (const t of tabs.splice(0)) t.stop();
});
const newTab = (platform: InstancePlatform | null) => {
  const t = new InstanceState(platform);
  tabs.push(t);
  return t;
};

describe('InstanceState', () => {
  it('the first tab owns the collection; a second does not open it and says it is open elsewhere', async () => {
    const browser = fakeBrowser();
    const log: string[] = [];
    const a = newTab(browser.tab());
    const b = newTab(browser.tab());
    await a.start(recorder('a', log).hooks);
    await b.start(recorder('b', log).hooks);
    expect([a.status, b.status]).toEqual(['owner', 'elsewhere']);
    expect(log).toEqual(['a opens']);
  });

  it('"Use Retain here": the owner saves and closes first, then lets go, and only then the other opens', async () => {
    const browser = fakeBrowser();
    const log: string[] = [];
    const a = newTab(browser.tab());
    const b = newTab(browser.tab());
    const ra = recorder('a', log);
    await a.start(ra.hooks);
    await b.start(recorder('b', log).hooks);
    const letGo = ra.holdRelease();

    const taking = b.useHere();
    expect(b.status).toBe('taking');
    await expect.poll(() => a.status).toBe('releasing');
    await settle();
    expect(b.status, 'still waiting while the owner saves').toBe('taking');
    expect(browser.waiting).toBe(1);
    letGo();
    await taking;
    expect([a.status, b.status]).toEqual(['moved', 'owner']);
    expect(log).toEqual(['a opens', 'a saving', 'a closed', 'b opens']);

    // And back again.
    const back = a.useHere();
    await back;
    expect([a.status, b.status]).toEqual(['owner', 'moved']);
    expect(log.slice(4)).toEqual(['b saving', 'b closed', 'a opens']);
  });

  it('the last tab to ask wins: an earlier asker steps back', async () => {
    const browser = fakeBrowser();
    const log: string[] = [];
    const a = newTab(browser.tab());
    const b = newTab(browser.tab());
    const c = newTab(browser.tab());
    const ra = recorder('a', log);
    await a.start(ra.hooks);
    await b.start(recorder('b', log).hooks);
    await c.start(recorder('c', log).hooks);
    const letGo = ra.holdRelease();
    const bTaking = b.useHere();
    await expect.poll(() => a.status).toBe('releasing');
    const cTaking = c.useHere();
    await bTaking;
    expect(b.status).toBe('elsewhere');
    letGo();
    await cTaking;
    expect([a.status, b.status, c.status]).toEqual(['moved', 'elsewhere', 'owner']);
    expect(log).toEqual(['a opens', 'a saving', 'a closed', 'c opens']);
  });

  it('says what letting go interrupted', async () => {
    const browser = fakeBrowser();
    const a = newTab(browser.tab());
    const b = newTab(browser.tab());
    await a.start({ open: async () => {}, release: async () => 'The import of x.csv was stopped.' });
    await b.start({ open: async () => {}, release: async () => null });
    await b.useHere();
    await expect.poll(() => a.status).toBe('moved');
    expect(a.note).toBe('The import of x.csv was stopped.');
  });

  it('an upgrade elsewhere stops this tab for good and lets go of the lock', async () => {
    const browser = fakeBrowser();
    const log: string[] = [];
    const a = newTab(browser.tab());
    await a.start(recorder('a', log).hooks);
    a.upgraded();
    expect(a.status).toBe('upgraded');
    expect(browser.held).toBe(false);
    await a.useHere();
    expect(a.status, 'only a reload helps').toBe('upgraded');
    const b = newTab(browser.tab());
    await b.start(recorder('b', log).hooks);
    expect(b.status).toBe('owner');
  });

  it('without the lock API, or where it is refused, the tab works as it always did', async () => {
    const log: string[] = [];
    const plain = newTab(null);
    await plain.start(recorder('plain', log).hooks);
    const refused = newTab({ ...fakeBrowser().tab(), tryLock: () => Promise.reject(new DOMException('denied', 'SecurityError')) });
    await refused.start(recorder('refused', log).hooks);
    expect([plain.status, refused.status]).toEqual(['owner', 'owner']);
    expect(log).toEqual(['plain opens', 'refused opens']);
  });
});

describe('two apps on one collection, one tab at a time', () => {
  it('the owner stores a rating still on its way before it lets go; the other then sees it', async () => {
    const name = `tabs-${crypto.randomUUID()}`;
    const browser = fakeBrowser();
    const appA = new AppState(() => T0, name);
    const appB = new AppState(() => T0, name);
    const a = newTab(browser.tab());
    const b = newTab(browser.tab());
    await a.start({ open: () => appA.init(), release: () => appA.release() });
    await b.start({ open: () => appB.init(), release: () => appB.release() });
    expect(appA.ready).toBe(true);
    expect(appB.ready, 'the second tab never opened the collection').toBe(false);
    expect(appB.db.isOpen()).toBe(false);

    await appA.study([appA.decks[0]!.deck.id]);
    const session = appA.session!;
    const cardId = session.shown!.card.id;
    // The rating's write is held back, as a slow disk would: letting go must wait for it.
    let writeMayGo!: () => void;
    const gate = new Promise<void>((resolve) => (writeMayGo = resolve));
    const transaction = appA.db.transaction.bind(appA.db) as (...args: unknown[]) => Promise<unknown>;
    (appA.db as unknown as { transaction: unknown }).transaction = async (...args: unknown[]) => {
      if (args[0] === 'rw') await gate;
      return transaction(...args);
    };
    session.reveal();
    await session.rate(Rating.Good); // written in the background
    const taking = b.useHere();
    await expect.poll(() => a.status).toBe('releasing');
    await settle();
    expect(b.status).toBe('taking');
    expect(appA.db.isOpen(), 'the owner keeps the database open until its rating is stored').toBe(true);
    expect(appB.db.isOpen()).toBe(false);
    writeMayGo();
    await taking;
    expect([a.status, b.status]).toEqual(['moved', 'owner']);
    expect(appA.db.isOpen()).toBe(false);
    expect(appA.session).toBeNull();
    expect(appB.ready).toBe(true);
    expect(historyColumn((await appB.db.cards.get(cardId))!.history, 'rating')).toEqual([Rating.Good]);
    const deck = appB.decks.find((d) => d.deck.id === appA.decks[0]!.deck.id)!;
    expect(deck.counts.learning).toBe(1);

    // Back to A: it opens again and sees the collection as B left it.
    await a.useHere();
    expect(appA.ready).toBe(true);
    expect(appB.db.isOpen()).toBe(false);
    expect(appA.decks.find((d) => d.deck.id === deck.deck.id)!.counts.learning).toBe(1);
    appA.db.close();
  });
});
