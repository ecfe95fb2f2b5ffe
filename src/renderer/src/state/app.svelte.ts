// The app's top-level state: the open database, settings, the deck list and which screen is showing.
import type { MenuCommand } from '../../../core/ipc-contract';
import type { Settings } from '../../../core/settings';
import { syncBundledDecks } from '../storage/bundled-decks';
import { deckOverview, loadSettings, saveSettings, type DeckOverview } from '../storage/collection';
import { chooseImportFile, isElectron } from '../platform';
import { RetainDB } from '../storage/db';
import { bundledDecks } from './bundled-decks';
import { ReviewSession } from './review-session.svelte';
import { ImportJob, workerChannel, type ImportChannel } from './import-job.svelte';
import { exportDecks, type ExportFile, type ExportFormat } from './export';
import { StatsView } from './stats.svelte';

export type { DeckOverview };

export type Screen = 'decks' | 'review' | 'settings' | 'import' | 'stats';

export class AppState {
  screen = $state<Screen>('decks');
  ready = $state(false);
  /** A problem that stops the app from working (a broken bundled deck, storage unavailable). */
  fatal = $state<string | null>(null);
  settings = $state<Settings | null>(null);
  // Raw: the overview carries whole queues, which need no deep reactivity (the list is replaced, never edited).
  decks = $state.raw<DeckOverview[]>([]);
  session = $state<ReviewSession | null>(null);
  /** The Statistics screen: its choice of decks and period, and its panels, built when it opens. */
  readonly stats: StatsView;

  readonly db: RetainDB;
  /** The Import screen's job (one at a time); its work runs in a worker. */
  readonly importJob: ImportJob;
  /** True while `decks` holds what is stored: set by a refresh, cleared when a session (which writes) starts. */
  private decksFresh = false;

  constructor(
    private readonly clock: () => number = () => Date.now(),
    dbName?: string,
    importChannel: () => ImportChannel = workerChannel,
  ) {
    this.db = new RetainDB(dbName);
    this.importJob = new ImportJob(
      importChannel,
      () => this.settings!,
      () => this.refreshDecks(),
    );
    this.stats = new StatsView(this.db, () => this.settings!, () => this.decks, this.clock);
  }

  /** Counts navigations: a screen whose loading finishes after a later navigation began is not shown. */
  private navigation = 0;

  /**
   * Leaves the current screen for `screen`: waits for the session's last ratings to be stored, runs `prepare` (what
   * the screen needs loaded), then shows it, unless another navigation began in the meantime (a click on Statistics
   * while the deck list was still loading must not be undone by the deck list arriving).
   */
  private async navigate(screen: Exclude<Screen, 'review'>, prepare: () => Promise<unknown> = async () => {}): Promise<void> {
    const navigation = ++this.navigation;
    await this.session?.settled();
    await prepare();
    if (navigation !== this.navigation) return;
    this.session?.close();
    this.session = null;
    this.screen = screen;
  }

  showImport(): Promise<void> {
    return this.navigate('import');
  }

  /** One deck, or every deck when `deckIds` is undefined, as a file to save (see state/export.ts). */
  exportDecks(deckIds: string[] | undefined, format: ExportFormat): Promise<ExportFile> {
    return exportDecks(this.db, deckIds, format);
  }

  /** A file dropped on the window or chosen from the menu: show the Import screen and start on it. */
  async importFile(file: File): Promise<void> {
    if (!this.settings || this.importJob.busy) return;
    await this.showImport();
    await this.importJob.open(file);
  }

  async init(): Promise<void> {
    try {
      const { decks, problems } = bundledDecks();
      if (problems.length > 0) {
        this.fatal = `The bundled decks have problems:\n${problems.join('\n')}`;
        return;
      }
      await syncBundledDecks(this.db, decks, this.clock());
      this.settings = await loadSettings(this.db);
      await this.refreshDecks();
      this.ready = true;
    } catch (e) {
      this.fatal = `Retain could not open its storage: ${(e as Error).message}`;
    }
  }

  async refreshDecks(): Promise<void> {
    if (!this.settings) return;
    this.decks = await deckOverview(this.db, this.settings, this.clock());
    this.decksFresh = true;
  }

  /** Counts first, then the screen: the list never shows the counts from before a session (whose last ratings
   * may still be on their way to storage: the counts wait for them). */
  showDecks(): Promise<void> {
    return this.navigate('decks', () => this.refreshDecks());
  }

  /** The Statistics screen: built from the day and card summaries when it opens, for the decks and period chosen
   * last. */
  async showStats(): Promise<void> {
    if (!this.settings) return;
    return this.navigate('stats', () => this.stats.load());
  }

  showSettings(): Promise<void> {
    return this.navigate('settings');
  }

  /** Starts studying the given decks (all decks when none are given). */
  async study(deckIds: string[] = this.decks.map((d) => d.deck.id)): Promise<void> {
    if (!this.settings) return;
    this.navigation++; // a screen still loading is not shown over the session
    const names = new Map(this.decks.map((d) => [d.deck.id, d.deck.name]));
    // The deck list read today's queues moments ago; nothing has been studied since, so the session starts from them.
    const overview = this.decksFresh ? this.decks.filter((d) => deckIds.includes(d.deck.id)) : [];
    const gathered =
      overview.length === deckIds.length && overview.length > 0
        ? { day: overview[0]!.day, queues: deckIds.map((id) => overview.find((d) => d.deck.id === id)!.queue) }
        : undefined;
    this.decksFresh = false;
    const session = new ReviewSession(this.db, $state.snapshot(this.settings), deckIds, names, this.clock);
    this.session?.close();
    this.session = session;
    this.screen = 'review';
    await session.start(gathered);
  }

  async updateSettings(next: Settings): Promise<void> {
    await saveSettings(this.db, next);
    this.settings = await loadSettings(this.db);
    await this.refreshDecks();
  }

  async onMenuCommand(command: MenuCommand): Promise<void> {
    switch (command) {
      case 'study-all':
        return this.study();
      case 'open-decks':
        return this.showDecks();
      case 'open-settings':
        return this.showSettings();
      case 'undo':
        return this.session?.undo();
      case 'import': {
        // Only Electron has the menu and its open dialog. While an import runs, its screen is shown instead of a
        // dialog whose file would have to wait.
        if (!isElectron() || this.importJob.busy) return this.showImport();
        if (!this.settings) return;
        let chosen: Awaited<ReturnType<typeof chooseImportFile>>;
        try {
          chosen = await chooseImportFile();
        } catch (e) {
          chosen = { error: `The file could not be opened (${e instanceof Error ? e.message : String(e)})` };
        }
        if (chosen === null) return;
        if ('error' in chosen) {
          await this.showImport();
          this.importJob.fail(chosen.error);
          return;
        }
        return this.importFile(chosen);
      }
    }
  }
}
