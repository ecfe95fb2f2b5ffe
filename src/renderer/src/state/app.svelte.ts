// The app's top-level state: the open database, settings, the deck list and which screen is showing.
import { FsrsOptimizer } from './optimizer.svelte';
import { PresetsView } from './presets-view.svelte';
import { Rescheduler } from './rescheduler.svelte';
import { WorkloadView } from './workload.svelte';
import type { MenuCommand } from '../../../core/ipc-contract';
import type { Settings } from '../../../core/settings';
import { syncBundledDecks } from '../storage/bundled-decks';
import { deckOverview, type DeckOverview } from '../storage/collection';
import { loadPresets } from '../storage/presets';
import type { Presets } from '../../../core/presets';
import { chooseImportFile, isElectron } from '../platform';
import { RetainDB } from '../storage/db';
import { bundledDecks } from './bundled-decks';
import { ReviewSession } from './review-session.svelte';
import { ImportJob, workerChannel, type ImportChannel } from './import-job.svelte';
import { exportDecks, type ExportFile, type ExportFormat } from './export';
import { StatsView } from './stats.svelte';
import { BrowserView } from './browser.svelte';
import { CardActions } from './card-actions';
import { NoteEditor } from './note-editor.svelte';
import type { SavedNote } from '../storage/note-edit';
import { createDeck, deckContents, DeckNameError, deleteDeck, renameDeck, type DeckContents } from '../storage/decks';
import type { CardRecord } from '../../../core/model';

/** A safety copy after card actions, once none came for this long (one copy for a run of them). */
const COPY_AFTER_CHANGES_MS = 20_000;
import { describeStorageError } from '../storage/errors';
import { storedVersionIsNewer } from '../storage/schema-version';
import { CollectionTools } from './collection-tools.svelte';
import { SafetyNet, type LostCollection } from './safety.svelte';
import { parseBackup } from '../../../core/backup';
import { restoreCollection } from '../storage/backup';

export type { DeckOverview, DeckContents };

export type Screen = 'decks' | 'review' | 'settings' | 'import' | 'stats' | 'browse' | 'note';

export class AppState {
  screen = $state<Screen>('decks');
  ready = $state(false);
  /** A problem that stops the app from working (a broken bundled deck, storage unavailable). */
  fatal = $state<string | null>(null);
  /** The collection's presets and which deck uses which (null until the collection is open). */
  presets = $state.raw<Presets | null>(null);
  /** The Default preset's settings, with the collection's day-start hour. */
  get settings(): Settings | null {
    return this.presets?.defaults ?? null;
  }
  // Raw: the overview carries whole queues, which need no deep reactivity (the list is replaced, never edited).
  decks = $state.raw<DeckOverview[]>([]);
  session = $state<ReviewSession | null>(null);
  /** The Statistics screen: its choice of decks and period, and its panels, built when it opens. */
  readonly stats: StatsView;
  /** The Browse screen: the index of the cards, the query, the selection. */
  readonly browser: BrowserView;
  /** Suspend, bury, flag: from Browse and from Review. */
  readonly cardActions: CardActions;
  private copyTimer: ReturnType<typeof setTimeout> | undefined;
  /** The Edit or Add screen's note, while it shows; and the screen it goes back to. */
  editor = $state<NoteEditor | null>(null);
  private editReturn: Screen = 'decks';
  /** Settings: the presets, the one being edited. */
  readonly presetsView: PresetsView;
  /** Settings > FSRS parameters: reschedule a preset's cards for its settings (opt-in), and simulate its workload. */
  readonly rescheduler: Rescheduler;
  readonly workload: WorkloadView;
  /** Settings > FSRS parameters: evaluate and optimize. */
  readonly optimizer: FsrsOptimizer;
  /** Settings > Collection: Check database, backups. */
  readonly tools: CollectionTools;

  readonly db: RetainDB;
  /** The Import screen's job (one at a time); its work runs in a worker. */
  readonly importJob: ImportJob;
  /** True while `decks` holds what is stored: set by a refresh, cleared when a session (which writes) starts. */
  private decksFresh = false;
  /** Opening takes a while for a new collection; letting go of it (release) waits for that first. */
  private opening: Promise<void> = Promise.resolve();
  /** Opening waits for another tab or window that still has an older version of the collection open. */
  blocked = $state(false);
  /** Copies of the collection and a journal of answers outside IndexedDB, for when the browser loses it. */
  readonly safety: SafetyNet;
  /** The collection was there and the browser lost it: what there is to restore (the app waits for a choice). */
  lost = $state.raw<LostCollection | null>(null);
  /** Taking a safety copy before the app starts (the newest one lacks an import or new settings). */
  securing = $state(false);

  constructor(
    private readonly clock: () => number = () => Date.now(),
    dbName?: string,
    importChannel: () => ImportChannel = workerChannel,
  ) {
    this.db = new RetainDB(dbName);
    this.safety = new SafetyNet(this.db, async () => this.session?.settled(), this.clock);
    this.importJob = new ImportJob(
      importChannel,
      async () => {
        await this.secure();
        await this.refreshDecks();
      },
    );
    this.cardActions = new CardActions(this.db, () => this.presets!, this.clock, (cards) => this.cardsChanged(cards));
    this.browser = new BrowserView(this.db, () => this.presets!, this.clock, this.cardActions);
    this.stats = new StatsView(this.db, () => this.presets!, () => this.decks, this.clock);
    // Closed for good (another tab upgraded the collection): nothing may start on it, not even a dropped file.
    this.db.onClosedElsewhere(() => (this.ready = false));
    this.tools = new CollectionTools(
      this.db,
      () => this.presets!,
      async () => this.session?.settled(),
      // A repair or a restore changed the collection (a restore, the settings too).
      async () => {
        await this.refreshDecks();
      },
      this.clock,
    );
    this.presetsView = new PresetsView(
      this.db,
      () => this.presets,
      () => SafetyNet.markUnsafe(),
      async () => {
        void this.secure();
        await this.refreshDecks();
      },
      this.clock,
      () => this.rescheduler.settingsChanged(),
    );
    const shownPreset = () => ({ settings: this.presetsView.settings, deckIds: this.presetsView.deckIds });
    this.rescheduler = new Rescheduler(this.db, shownPreset, async () => this.session?.settled(), () => this.refreshDecks(), this.clock);
    this.workload = new WorkloadView(this.db, shownPreset, this.clock);
    // The optimizer works on the preset the Settings screen shows: its decks' answers, its parameters.
    this.optimizer = new FsrsOptimizer(
      this.db,
      shownPreset,
      (next) => this.presetsView.save(next),
      async () => this.session?.settled(),
    );
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

  /** Opens the collection (at start, and again when it comes back from another tab). */
  init(): Promise<void> {
    this.opening = this.open();
    return this.opening;
  }

  private async open(): Promise<void> {
    try {
      const { decks, problems } = bundledDecks();
      if (problems.length > 0) {
        this.fatal = `The bundled decks have problems:\n${problems.join('\n')}`;
        return;
      }
      // A newer version of Retain has the collection now (updated in another tab): this code must not touch it.
      if (await storedVersionIsNewer(this.db)) return this.db.closeForNewerVersion();
      const stopBlocked = this.db.onBlocked(() => (this.blocked = true));
      await this.db.open().finally(stopBlocked);
      this.blocked = false;
      // The browser may have lost the collection (see state/safety.svelte.ts): say so before anything is written.
      if (this.lost === null) {
        const lost = await this.safety.lost((await this.db.decks.count()) === 0);
        if (lost) {
          this.lost = lost;
          return;
        }
      }
      await this.finishOpening(decks);
    } catch (e) {
      // Closed because another tab upgraded the collection: that is said on a screen of its own.
      if (!this.db.closedElsewhere) this.fatal = describeStorageError(e, 'open');
    }
  }

  private async finishOpening(decks: ReturnType<typeof bundledDecks>['decks']): Promise<void> {
    // The copy this start owes (the newest lacks an import or new settings; or there is none), found with one look at
    // the folder. For a collection it is taken before this start writes anything: a kill that left LevelDB's log
    // damaged is harmless until something is written after it (see state/safety.svelte.ts). A new one (no deck yet)
    // gets it once the bundled decks are in.
    const fresh = (await this.db.decks.count()) === 0;
    const owed = await this.safety.needsCopy();
    if (owed && !fresh) {
      this.securing = true;
      await this.secure();
      this.securing = false;
    }
    await syncBundledDecks(this.db, decks, this.clock());
    this.safety.noteOpened();
    await this.refreshDecks();
    if (owed && fresh) await this.secure();
    this.tools.startAutomaticBackups();
    this.ready = true;
  }

  /**
   * Cards were changed by an action (or its undo): the Browse screen's rows follow them, the deck list's counts are
   * read again, and a safety copy is taken once no card has changed for a while (the change is not in the journal;
   * until the copy, a start after a crash takes one first).
   */
  private cardsChanged(cards: readonly CardRecord[]): void {
    this.decksFresh = false;
    this.browser.follow(cards);
    this.copySoon();
  }

  /** A copy of the collection a while after the last change that is not in the journal. */
  private copySoon(): void {
    clearTimeout(this.copyTimer);
    this.copyTimer = setTimeout(() => void this.secure(), COPY_AFTER_CHANGES_MS);
  }

  /**
   * Edit the note of a card (from Browse or Review: Escape or Save goes back there, a running session kept and
   * shown the card as edited).
   */
  async editNote(cardId: string): Promise<void> {
    const editor = await NoteEditor.forCard(this.db, cardId, this.clock, (saved) => this.noteSaved(saved), () => this.beforeNoteSave());
    if (!editor) return;
    this.editReturn = this.screen === 'note' ? this.editReturn : this.screen;
    this.editor = editor;
    this.screen = 'note';
  }

  /** The Add screen: new notes into a deck (the one studied or browsed last, else the first). */
  async addNote(deckId?: string): Promise<void> {
    const navigation = ++this.navigation;
    await this.session?.settled();
    const editor = await NoteEditor.forNew(this.db, this.clock, (saved) => this.noteSaved(saved), () => this.beforeNoteSave(), deckId);
    if (navigation !== this.navigation) return;
    this.session?.close();
    this.session = null;
    this.editReturn = 'decks';
    this.editor = editor;
    this.screen = 'note';
  }

  closeEditor(): void {
    this.editor = null;
    this.screen = this.editReturn === 'review' && !this.session ? 'decks' : this.editReturn;
    if (this.screen === 'decks') void this.refreshDecks();
  }

  private beforeNoteSave(): void {
    SafetyNet.markUnsafe();
  }

  private noteSaved(saved: SavedNote): void {
    this.decksFresh = false;
    this.browser.follow(saved.all, saved.note);
    void this.session?.noteChanged(saved);
    this.copySoon();
  }

  /** Creates a deck; returns what is wrong with the name, or null. */
  async createDeck(name: string): Promise<string | null> {
    return this.deckChange(async () => void (await createDeck(this.db, name)));
  }

  /** Renames a deck (and the decks under it); returns what is wrong, or null. */
  async renameDeck(id: string, name: string): Promise<string | null> {
    return this.deckChange(async () => void (await renameDeck(this.db, id, name)));
  }

  /** What deleting a deck would take (for the confirmation). */
  deckContents(id: string): Promise<DeckContents> {
    return deckContents(this.db, id);
  }

  /**
   * Deletes a deck, the decks under it and everything in them, after a backup (the desktop app's folder) or a safety
   * copy (a browser). Returns what went wrong, or null.
   */
  async deleteDeck(id: string): Promise<string | null> {
    if (!this.settings) return 'The collection is not open.';
    try {
      await this.session?.settled();
      const backup = await this.tools.backupBeforeDelete();
      if (backup === null) await this.secure();
    } catch (e) {
      return `No backup could be made first, so nothing was deleted: ${(e as Error).message}`;
    }
    const settings = this.settings;
    return this.deckChange(async () => void (await deleteDeck(this.db, id, settings)));
  }

  private async deckChange(change: () => Promise<void>): Promise<string | null> {
    SafetyNet.markUnsafe();
    try {
      await change();
    } catch (e) {
      return e instanceof DeckNameError ? e.message : describeStorageError(e, 'change');
    }
    this.copySoon();
    await this.refreshDecks();
    return null;
  }

  /** Takes a safety copy (a failure is logged: the collection itself is unharmed). */
  private secure(): Promise<void> {
    return this.safety.takeCopy();
  }

  /**
   * The choice on the lost-collection screen: restore the safety copy (and the answers journaled after it), restore
   * a backup file, or start a new collection. Then the app opens as usual.
   */
  async recover(choice: { copy: true } | { file: File } | { fresh: true }): Promise<void> {
    const lost = this.lost;
    if (!lost) return;
    try {
      const { decks } = bundledDecks();
      await this.db.open();
      if ('copy' in choice && lost.copy) await this.safety.restore(lost.copy);
      else if ('file' in choice) await restoreCollection(this.db, parseBackup(new Uint8Array(await choice.file.arrayBuffer()), choice.file.name));
      else if ('fresh' in choice) this.safety.forgetCollection();
      this.lost = null;
      SafetyNet.markUnsafe();
      await this.finishOpening(decks);
    } catch (e) {
      this.lost = { ...lost, problem: `${(e as Error).message}. Nothing was restored.` };
    }
  }

  /**
   * Lets go of the collection for another tab: the session's last ratings are stored first, a running import is
   * stopped (its write is all or nothing, so nothing of it stays) and the database is closed. Resolves with what was
   * interrupted, for the person, or null.
   */
  async release(): Promise<string | null> {
    this.navigation++; // a screen still loading is not shown
    this.ready = false;
    const importing = this.importJob.busy ? this.importJob.file : null;
    try {
      await this.opening;
      await this.session?.settled();
    } finally {
      this.session?.close();
      this.session = null;
      this.screen = 'decks';
      this.decksFresh = false;
      this.importJob.close();
      this.importJob.reset();
      this.db.close();
    }
    return importing ? `The import of ${importing} was stopped before it finished, and nothing of it was saved.` : null;
  }

  /** Reads the presets again (a deck's may follow from its name) and the deck list with today's counts. */
  async refreshDecks(): Promise<void> {
    this.presets = await loadPresets(this.db);
    this.decks = await deckOverview(this.db, this.presets, this.clock());
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

  /** The Browse screen (it reads the cards once it shows). */
  showBrowse(): Promise<void> {
    return this.navigate('browse');
  }

  showSettings(): Promise<void> {
    return this.navigate('settings', () => this.tools.refreshBackups().catch(() => {}));
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
    const session = new ReviewSession(this.db, this.presets!, deckIds, names, this.clock, (op) => this.safety.journal(op), this.cardActions);
    this.session?.close();
    this.session = session;
    this.screen = 'review';
    await session.start(gathered);
  }

  async onMenuCommand(command: MenuCommand): Promise<void> {
    switch (command) {
      case 'study-all':
        return this.study();
      case 'open-decks':
        return this.showDecks();
      case 'open-settings':
        return this.showSettings();
      case 'check-database':
        if (!this.settings) return;
        await this.showSettings();
        return this.tools.check();
      case 'undo':
        return this.screen === 'browse' ? this.browser.undo() : this.session?.undo();
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
