// The app's screens: the last navigation asked for is the one shown, however long the screens before it took to load.
import { afterEach, describe, expect, it } from 'vitest';
import { AppState } from '../../../src/renderer/src/state/app.svelte';
import { T0 } from '../storage/fixtures';

let app: AppState;
afterEach(() => app.db.close());

describe('navigation', () => {
  it('shows Statistics when it was clicked while the deck list was still loading (the deck list arrives later)', async () => {
    app = new AppState(() => T0, `nav-${crypto.randomUUID()}`);
    await app.init();
    await app.showSettings();
    // The deck list is slower than Statistics here: its counts wait until Statistics has been shown.
    let release!: () => void;
    const slow = new Promise<void>((done) => (release = done));
    const refresh = app.refreshDecks.bind(app);
    app.refreshDecks = async () => {
      await slow;
      await refresh();
    };
    const decks = app.showDecks();
    await app.showStats();
    expect(app.screen).toBe('stats');
    release();
    await decks;
    expect(app.screen, 'the deck list, asked for first, does not replace Statistics').toBe('stats');
    expect(app.stats.panels?.todayStats.studied).toBe(0);
  });

  it('keeps a study session that started while another screen was loading', async () => {
    app = new AppState(() => T0, `nav-${crypto.randomUUID()}`);
    await app.init();
    let release!: () => void;
    const slow = new Promise<void>((done) => (release = done));
    const load = app.stats.load.bind(app.stats);
    app.stats.load = async () => {
      await slow;
      await load();
    };
    const stats = app.showStats();
    await app.study();
    const session = app.session;
    release();
    await stats;
    expect(app.screen).toBe('review');
    expect(app.session).toBe(session);
    expect(app.session).not.toBeNull();
  });
});

describe('the Tools menu', () => {
  it('Check Database shows Settings and runs the check there', async () => {
    app = new AppState(() => T0, `nav-${crypto.randomUUID()}`);
    await app.init();
    await app.onMenuCommand('check-database');
    expect(app.screen).toBe('settings');
    expect(app.tools.report?.problems).toEqual([]);
    expect(app.tools.report?.cards).toBe(151);
  });
});
