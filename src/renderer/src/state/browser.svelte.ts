// The Browse screen's state: the index of every card (built when the screen opens, kept while nothing is written),
// the query and its rows in the chosen order, the selection and the cursor. No DOM here.
import { BrowseIndex, browseNoteOf, type BrowseColumn, type SearchContext } from '../../../core/browse';
import { dayNumber } from '../../../core/day';
import { parseSearch, SearchError } from '../../../core/search';
import { curveByDeck, type DeckSettings } from '../../../core/presets';
import { loadBrowseIndex } from '../storage/browse';
import { changedSince, writeCount } from '../storage/changes';
import { ChangedSinceError } from '../storage/card-actions';
import { actionLabel, type CardAction, type CardActions } from './card-actions';
import { rowOf } from '../../../core/card-columns';
import { noteIdOfCard, Queue, type CardRecord, type Flag, type NoteRecord } from '../../../core/model';
import type { RetainDB } from '../storage/db';
import { describeStorageError } from '../storage/errors';

export interface QueryProblem {
  message: string;
  /** Where in the query (0-based). */
  at: number;
}

export class BrowserView {
  /** Null until loaded. Raw: replaced whole, its arrays are never proxied. */
  index = $state.raw<BrowseIndex | null>(null);
  loading = $state(false);
  query = $state('');
  problem = $state.raw<QueryProblem | null>(null);
  error = $state<string | null>(null);
  /** The rows found, in display order (row numbers of the index). */
  rows = $state.raw<Uint32Array>(new Uint32Array(0));
  sort = $state<{ column: BrowseColumn; descending: boolean }>({ column: 'sortField', descending: false });
  /** Selected cards, by row number of the index. */
  selected = $state.raw<ReadonlySet<number>>(new Set());
  /** The time and forgetting curve the rows were found with: what the table shows retrievability at. */
  shownWith = $state.raw<Pick<SearchContext, 'nowMs' | 'curve'> | null>(null);
  /** Bumped when rows change in place (an action on cards): the table draws them again. */
  version = $state(0);
  /** Bumped each time a search or a sort gives the rows (the screen carries it as data-revision, for the benchmark). */
  revision = $state(0);
  /** The position (in `rows`) of the focused row; -1: none. */
  cursor = $state(-1);
  /** Where a Shift-selection started (a position in `rows`). */
  private anchor = -1;
  /** writeCount() when the index was built or last caught up: writes since may have changed its cards. */
  private builtAt = -1;
  /** Runs one after another: a search typed while another runs waits for it. */
  private running: Promise<void> = Promise.resolve();

  /** What the last action did (or its undo), for the status line. */
  message = $state<string | null>(null);
  /** Actions done here, newest last (Ctrl+Z takes them back). */
  private undoStack: { label: string; undo: () => Promise<void> }[] = [];
  undoable = $state<string | null>(null);
  private acting = false;

  constructor(
    private readonly db: RetainDB,
    private readonly settings: () => DeckSettings,
    private readonly clock: () => number = () => Date.now(),
    private readonly actions: CardActions | null = null,
  ) {}

  /**
   * Cards changed (an action here or in Review, an edit): their rows follow at once, so the table shows them. (The
   * next open reads them again anyway, with whatever else was written: see catchUp.)
   */
  follow(cards: readonly CardRecord[], note?: NoteRecord): void {
    const index = this.index;
    if (!index) return;
    const text = note && browseNoteOf(note);
    for (const card of cards) index.update(card.id, rowOf(card), text);
    this.version++;
  }

  /**
   * Brings the index up to date with the cards and notes written since it was built (studying, an edit, an action),
   * reading only those. False when that cannot be done (a deck changed, a card or note was added, the log of changes
   * does not go back far enough): the index must be built again.
   */
  private async catchUp(index: BrowseIndex): Promise<boolean> {
    // Why it cannot follow is marked for the benchmark's account of Browse's rebuilds.
    const cannot = (why: string): false => (performance.mark('browse:rebuild', { detail: why }), false);
    const changed = changedSince(this.builtAt);
    if (!changed) return cannot('the change log does not go back far enough');
    const at = writeCount();
    if (changed.cards.size > 0 || changed.notes.size > 0) {
      const [cards, notes] = await this.db.transaction('r', [this.db.cards, this.db.notes], () =>
        Promise.all([this.db.cards.bulkGet([...changed.cards]), this.db.notes.bulkGet([...changed.notes])]),
      );
      const ids = [...changed.cards];
      const gone: string[] = [];
      for (const note of notes) if (note && !index.updateNote(browseNoteOf(note))) return cannot(`note ${note.id} is new`);
      for (let i = 0; i < ids.length; i++) {
        const card = cards[i];
        if (!card) gone.push(ids[i]!);
        else if (!index.update(card.id, rowOf(card))) return cannot(`card ${card.id} is new`);
      }
      index.hide(gone);
      this.version++;
    }
    this.builtAt = at;
    return true;
  }

  /** Does `action` to the selected cards (Anki's toggles: see core/card-actions.ts). */
  async act(action: CardAction | { kind: 'toggle-suspend' } | { kind: 'toggle-flag'; flag: Flag }): Promise<void> {
    const index = this.index;
    const ids = this.selectedIds();
    if (!index || !this.actions || ids.length === 0 || this.acting) return;
    const first = this.cursorRow() ?? index.rowOf(ids[0]!)!;
    let resolved: CardAction;
    if (action.kind === 'toggle-suspend') resolved = { kind: index.queue[first] === Queue.Suspended ? 'unsuspend' : 'suspend' };
    else if (action.kind === 'toggle-flag') resolved = { kind: 'flag', flag: index.flag[first] === action.flag ? 0 : action.flag };
    else resolved = action;
    this.acting = true;
    try {
      const change = await this.actions.perform(ids, resolved);
      this.error = null;
      if (change.after.length === 0) {
        this.message = `Nothing to do: ${actionLabel(resolved, ids.length).toLowerCase()} changes none of them.`;
        return;
      }
      const actions = this.actions;
      this.undoStack.push({ label: change.label, undo: () => actions.undo(change) });
      this.undoable = change.label;
      this.message = `${change.label}: done.`;
    } catch (e) {
      this.error = describeStorageError(e, 'change');
    } finally {
      this.acting = false;
    }
  }

  /**
   * Deletes the notes of the selected cards, with all their cards (Anki's browser deletes notes too). Undo puts them
   * back as they were.
   */
  async deleteSelected(): Promise<void> {
    const index = this.index;
    const ids = this.selectedIds();
    if (!index || !this.actions || ids.length === 0 || this.acting) return;
    this.acting = true;
    try {
      const actions = this.actions;
      const deleted = await actions.deleteNotes([...new Set(ids.map(noteIdOfCard))]);
      index.hide(deleted.cards.map((c) => c.id));
      const cursorAt = this.cursor;
      this.rows = this.rows.filter((row) => !index.isGone(row));
      this.selected = new Set();
      this.cursor = this.rows.length === 0 ? -1 : Math.min(Math.max(0, cursorAt), this.rows.length - 1);
      if (this.cursor >= 0) this.selected = new Set([this.rows[this.cursor]!]);
      this.anchor = this.cursor;
      const n = deleted.notes.length;
      const label = `Delete ${n.toLocaleString()} note${n === 1 ? '' : 's'} (${deleted.cards.length.toLocaleString()} card${deleted.cards.length === 1 ? '' : 's'})`;
      this.undoStack.push({
        label,
        undo: async () => {
          await actions.restoreNotes(deleted);
          await this.runNow(this.query);
        },
      });
      this.undoable = label;
      this.message = `${label}: done.`;
      this.error = null;
      this.revision++;
      this.version++;
    } catch (e) {
      this.error = describeStorageError(e, 'change');
    } finally {
      this.acting = false;
    }
  }

  /** Takes back the last action done here. */
  async undo(): Promise<void> {
    const change = this.undoStack.at(-1);
    if (!change || !this.actions || this.acting) return;
    this.acting = true;
    try {
      await change.undo();
      this.undoStack.pop();
      this.undoable = this.undoStack.at(-1)?.label ?? null;
      this.message = `Undone: ${change.label.toLowerCase()}.`;
      this.error = null;
    } catch (e) {
      this.error = e instanceof ChangedSinceError ? e.message : describeStorageError(e, 'undo');
    } finally {
      this.acting = false;
    }
  }

  private cursorRow(): number | undefined {
    return this.cursor >= 0 ? this.rows[this.cursor] : undefined;
  }

  /** Opens the screen: builds the index unless nothing was written since it was built, and runs the query. */
  async open(): Promise<void> {
    this.error = null;
    try {
      if (this.index && (await this.catchUp(this.index))) return await this.run();
    } catch (e) {
      this.error = describeStorageError(e, 'browse');
      return;
    }
    this.loading = true;
    try {
      const at = writeCount();
      performance.mark('browse:load');
      const index = await loadBrowseIndex(this.db);
      performance.measure('browse:load', 'browse:load');
      this.index = index;
      this.builtAt = at;
      this.selected = new Set();
      this.cursor = -1;
      this.message = null;
      await this.run();
    } catch (e) {
      this.error = describeStorageError(e, 'browse');
    } finally {
      this.loading = false;
    }
  }

  private context(): SearchContext {
    const settings = this.settings();
    const nowMs = this.clock();
    return { nowMs, dayStartHour: settings.dayStartHour, today: dayNumber(nowMs, settings.dayStartHour), curve: curveByDeck(settings) };
  }

  /** Runs `query` (the current one by default): rows, in the current order; a malformed query keeps the rows shown. */
  search(query: string = this.query): Promise<void> {
    this.query = query;
    return this.run();
  }

  private run(): Promise<void> {
    const step = this.running.then(() => this.runNow(this.query));
    this.running = step.catch(() => {});
    return step;
  }

  private async runNow(query: string): Promise<void> {
    const index = this.index;
    if (!index) return;
    let tree;
    try {
      tree = parseSearch(query);
    } catch (e) {
      if (e instanceof SearchError) {
        this.problem = { message: e.message, at: e.at };
        return;
      }
      throw e;
    }
    performance.mark('browse:search');
    const ctx = this.context();
    const found = index.order(index.search(tree, ctx), this.sort.column, this.sort.descending, ctx);
    performance.measure('browse:search', 'browse:search');
    this.problem = null;
    this.error = null;
    this.shownWith = ctx;
    // The selection keeps the cards still found; the cursor stays on its card if it is still there.
    const cursorRow = this.cursor >= 0 ? this.rows[this.cursor] : undefined;
    this.rows = found;
    if (this.selected.size > 0) {
      const stillFound = new Set(found);
      this.selected = new Set([...this.selected].filter((r) => stillFound.has(r)));
    }
    this.cursor = cursorRow === undefined ? (found.length > 0 ? 0 : -1) : Math.max(found.indexOf(cursorRow), found.length > 0 ? 0 : -1);
    if (this.selected.size === 0 && this.cursor >= 0) this.selected = new Set([found[this.cursor]!]);
    this.anchor = this.cursor;
    this.revision++;
  }

  /** Sorts by a column; the same column again reverses the order. */
  sortBy(column: BrowseColumn): void {
    const index = this.index;
    if (!index) return;
    const descending = this.sort.column === column ? !this.sort.descending : false;
    this.sort = { column, descending };
    const cursorRow = this.cursor >= 0 ? this.rows[this.cursor] : undefined;
    this.rows = index.order(this.rows, column, descending, this.context());
    if (cursorRow !== undefined) this.cursor = this.rows.indexOf(cursorRow);
    this.anchor = this.cursor;
    this.revision++;
  }

  /**
   * A click (or keypress) on the row at `position`: alone it selects only that row; `toggle` (Ctrl/Cmd) adds or
   * removes it; `extend` (Shift) selects from the anchor to it.
   */
  select(position: number, how: { toggle?: boolean; extend?: boolean } = {}): void {
    if (position < 0 || position >= this.rows.length) return;
    const row = this.rows[position]!;
    if (how.extend && this.anchor >= 0) {
      const [from, to] = this.anchor <= position ? [this.anchor, position] : [position, this.anchor];
      const next = how.toggle ? new Set(this.selected) : new Set<number>();
      for (let p = from; p <= to; p++) next.add(this.rows[p]!);
      this.selected = next;
    } else if (how.toggle) {
      const next = new Set(this.selected);
      if (next.has(row)) next.delete(row);
      else next.add(row);
      this.selected = next;
      this.anchor = position;
    } else {
      this.selected = new Set([row]);
      this.anchor = position;
    }
    this.cursor = position;
  }

  /** Moves the cursor by `delta` rows (clamped), selecting as a click would (Shift: extending). */
  move(delta: number, extend = false): void {
    if (this.rows.length === 0) return;
    const to = Math.min(this.rows.length - 1, Math.max(0, (this.cursor < 0 ? 0 : this.cursor) + delta));
    this.select(to, { extend });
  }

  selectAll(): void {
    this.selected = new Set(this.rows);
  }

  /** The selected cards' ids, in display order. */
  selectedIds(): string[] {
    const index = this.index;
    if (!index) return [];
    const out: string[] = [];
    for (const row of this.rows) if (this.selected.has(row)) out.push(index.cardIds[row]!);
    return out;
  }

  /** The card at the cursor. */
  cursorId(): string | null {
    const row = this.cursor >= 0 ? this.rows[this.cursor] : undefined;
    return row === undefined || !this.index ? null : this.index.cardIds[row]!;
  }
}
