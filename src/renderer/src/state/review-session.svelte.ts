// One study session over one deck or all: which card is shown, in which phase, the remaining counts, and undo.
// No DOM here: the review screen draws this state and calls its methods.
import type { JournalOp } from '../storage/journal';
import { flagToggle } from '../../../core/card-actions';
import { ChangedSinceError, type CardChange } from '../storage/card-actions';
import type { CardAction, CardActions } from './card-actions';
import type { SavedNote } from '../storage/note-edit';
import { renderCard } from '../../../core/cards';
import { answeredCard, FLAG_NAMES, noteFromRecord, Queue, queueForState, type CardRecord, type Flag, type NoteRecord, type NotetypeRecord } from '../../../core/model';
import { renderAnkiCard } from '../../../core/anki/template';
import { contentHash } from '../../../core/hash';
import { dayNumber } from '../../../core/day';
import { historyLength } from '../../../core/history';
import { MediaUrls, withMediaUrls } from './card-media';
import { StudyQueue, type QueueCounts, type QueueSnapshot } from '../../../core/queue';
import { formatInterval, type Grade, type Scheduler } from '../../../core/scheduler';
import { cardDetail, type CardDetail } from '../../../core/stats/card';
import { schedulerForDeck, type DeckSettings } from '../../../core/presets';
import {
  gatherDecks,
  learningCards,
  getCard,
  getNote,
  nextDueAfter,
  readCards,
  recordAnswer,
  studyDay,
  undoAnswer,
  unburyBefore,
  type DeckQueue,
  type StudyDay,
} from '../storage/collection';
import type { RetainDB } from '../storage/db';
import { describeStorageError, storageClosedMessage } from '../storage/errors';

export interface ButtonPreview {
  rating: Grade;
  label: 'Again' | 'Hard' | 'Good' | 'Easy';
  interval: string;
}

/** An imported card's look: its note type's CSS, confined to the element with class `scope`. */
export interface CardStyle {
  scope: string;
  css: string;
  /** Classes Anki puts on the card (`card1`...), which note-type CSS may select on. */
  classes: string;
}

export interface ShownCard {
  card: CardRecord;
  note: NoteRecord;
  deckName: string;
  question: string;
  answer: string;
  /** The answer replaces the question instead of following it (cloze and imported cards show the whole card). */
  answerIsWhole: boolean;
  style: CardStyle | null;
  buttons: ButtonPreview[];
  shownAt: number;
}

/** What undo takes back: an answer (and the siblings it set aside), or a card action (suspend, bury, flag). */
type UndoStep =
  | { kind: 'answer'; cardId: string; siblingIds: string[]; queue: QueueSnapshot }
  | { kind: 'action'; change: CardChange; queue: QueueSnapshot; cardId: string; left: boolean };

const LABELS = ['Again', 'Hard', 'Good', 'Easy'] as const;
/** Longer answers count as this long in the statistics (Anki's default cap), so a break does not inflate them. */
const MAX_ANSWER_MS = 60_000;

export type Phase = 'loading' | 'question' | 'answer' | 'done';

export class ReviewSession {
  phase = $state<Phase>('loading');
  // Raw: replaced whole on every change; a deep proxy over the card and its history would only cost time.
  shown = $state.raw<ShownCard | null>(null);
  counts = $state<QueueCounts>({ new: 0, learning: 0, review: 0 });
  /** When the next card becomes due, once nothing is left for now. */
  nextDue = $state<number | null>(null);
  error = $state<string | null>(null);
  undoable = $state(0);
  /** Ratings given whose write has not finished yet: what a crash could lose (the review screen carries it as data-unsaved). */
  unsaved = $state(0);
  reviewed = $state(0);
  /** What the last card action did (or why a card left the queue), for the person: shown until the next answer. */
  notice = $state<string | null>(null);

  private queue = new StudyQueue([], [], []);
  private undoStack: UndoStep[] = [];
  private day: StudyDay;
  private busy = false;
  /**
   * Cards (with their notes) read ahead of being shown, and cards as they will be once their pending write lands: the
   * next question appears from memory, without waiting for IndexedDB.
   */
  private readonly cache = new Map<string, { card: CardRecord; note: NoteRecord }>();
  /** Ratings are written one after another, in the order they were given; undo waits for them. */
  private writes: Promise<void> = Promise.resolve();
  private writeFailed = false;
  private recovery: Promise<void> | null = null;
  private notetypes = new Map<string, NotetypeRecord>();
  private readonly media: MediaUrls;

  constructor(
    private readonly db: RetainDB,
    /** Each deck's settings (its preset's), or one set for all. */
    private readonly settings: DeckSettings,
    readonly deckIds: string[],
    private readonly deckNames: Map<string, string>,
    private readonly clock: () => number = () => Date.now(),
    /** Writes an entry of the safety journal (state/safety.svelte.ts) before the write it describes. */
    private readonly journal: (op: JournalOp) => Promise<void> = async () => {},
    /** Suspend, bury and flag the card shown (state/card-actions.ts). */
    private readonly actions: CardActions | null = null,
  ) {
    this.day = studyDay(clock(), settings);
    this.media = new MediaUrls(db);
  }

  /** The scheduler of the card's deck (its preset's parameters, retention and steps). */
  private schedulerOf(card: Pick<CardRecord, 'deckId'>): Scheduler {
    return schedulerForDeck(this.settings, card.deckId);
  }

  /** Releases what the session holds outside storage (the media's blob URLs). */
  close(): void {
    this.media.release();
  }

  get today(): StudyDay {
    return this.day;
  }

  /** Resolves once every rating given so far is stored (or has failed, been reported and the session reloaded). */
  async settled(): Promise<void> {
    await this.writes;
    await this.recovery;
  }

  /**
   * Builds today's queue and shows the first card. `gathered` is today's queue of these decks as the deck list just
   * read it (same study day, nothing studied since): then nothing needs reading again.
   */
  async start(gathered?: { day: number; queues: DeckQueue[] }): Promise<void> {
    this.phase = 'loading';
    await this.writes;
    this.writeFailed = false;
    this.day = studyDay(this.clock(), this.settings);
    let parts: DeckQueue[];
    if (gathered && gathered.day === this.day.day) parts = gathered.queues;
    else {
      await unburyBefore(this.db, this.day.day);
      parts = await gatherDecks(this.db, this.deckIds, this.settings, this.day);
    }
    this.notetypes = new Map((await this.db.notetypes.toArray()).map((t) => [t.id, t]));
    this.queue = new StudyQueue(
      await learningCards(this.db, this.deckIds, this.day),
      parts.flatMap((p) => p.reviews),
      parts.flatMap((p) => p.news),
    );
    this.cache.clear();
    this.undoStack = [];
    this.undoable = 0;
    await this.readAhead();
    await this.advance();
  }

  /** Reads the next few cards of the queue, and their notes, in one transaction. */
  private async readAhead(): Promise<void> {
    const wanted = this.queue.upcoming(READ_AHEAD, this.clock()).filter((id) => !this.cache.has(id));
    if (wanted.length === 0) return;
    for (const entry of await readCards(this.db, wanted)) {
      // A card answered meanwhile is already in the cache as it will be stored: keep that one.
      if (!this.cache.has(entry.card.id)) this.cache.set(entry.card.id, entry);
    }
  }

  /** Shows the next card, or the done state with when the next one is due. */
  async advance(): Promise<void> {
    const now = this.clock();
    if (studyDay(now, this.settings).day !== this.day.day) return this.start();
    this.counts = this.queue.counts();
    const next = this.queue.next(now);
    if (!next) {
      this.shown = null;
      await this.writes;
      this.nextDue = this.queue.nextLearningDue() ?? (await nextDueAfter(this.db, this.deckIds, this.day));
      this.phase = 'done';
      return;
    }
    await this.show(next.id);
    // Keep a few cards read ahead, once the new card is on screen. A failed read is harmless: a card not read ahead
    // is read when it is shown.
    void afterNextPaint().then(() => this.readAhead()).catch(() => {});
  }

  private async show(cardId: string): Promise<void> {
    let entry = this.cache.get(cardId);
    if (!entry) {
      const card = await getCard(this.db, cardId);
      const note = card && (await getNote(this.db, card.noteId));
      if (!card || !note) {
        this.error = `Card ${cardId} is missing from the collection.`;
        return;
      }
      entry = { card, note };
      this.cache.set(cardId, entry);
    }
    const { card, note } = entry;
    const deckName = this.deckNames.get(card.deckId) ?? card.deckId;
    let rendered: { question: string; answer: string };
    let style: CardStyle | null = null;
    if (note.kind === 'anki') {
      const notetype = this.notetypes.get(note.notetypeId ?? '');
      if (!notetype) {
        this.error = `Card ${cardId} uses a note type that is missing from the collection.`;
        return;
      }
      const fields = notetype.fields.map((name) => note.fields[name] ?? '');
      const raw = renderAnkiCard(notetype, fields, card.ord, { tags: note.tags, deck: deckName });
      const urls = raw.question.includes('src') || raw.answer.includes('src') || raw.answer.includes('[sound:')
        ? await this.media.resolve(raw.question + raw.answer)
        : new Map<string, string>();
      rendered = { question: withMediaUrls(raw.question, urls), answer: withMediaUrls(raw.answer, urls) };
      style = { scope: `nt-${contentHash(notetype.id)}`, css: notetype.css, classes: `card${card.ord + 1}` };
    } else {
      rendered = renderCard(noteFromRecord(note), card.ord);
    }
    const now = this.clock();
    this.shown = {
      card,
      note,
      deckName,
      question: rendered.question,
      answer: rendered.answer,
      answerIsWhole: note.kind === 'anki' || note.kind === 'cloze',
      style,
      buttons: this.previews(card, now),
      shownAt: now,
    };
    this.nextDue = null;
    this.phase = 'question';
  }

  /** The shown card's reviews and memory state now (the review screen's card info, after the answer). */
  detail(): CardDetail | null {
    return this.shown ? cardDetail(this.shown.card, this.schedulerOf(this.shown.card), this.clock()) : null;
  }

  private previews(card: CardRecord, now: number): ButtonPreview[] {
    return this.schedulerOf(card).preview(card.id, card.sched, now).map((o, i) => ({
      rating: o.rating,
      label: LABELS[i]!,
      interval: formatInterval(o.next.due - now),
    }));
  }

  reveal(): void {
    if (this.phase !== 'question' || !this.shown) return;
    // Intervals are shown as of the moment the answer appears.
    this.shown = { ...this.shown, buttons: this.previews(this.shown.card, this.clock()) };
    this.phase = 'answer';
  }

  /**
   * Rates the shown card. The next card appears at once; the rating is written in the background, in one
   * transaction, after the ratings before it. If the write fails, the session says so and starts again from what is
   * stored, so the card whose rating was lost comes back.
   */
  async rate(rating: Grade): Promise<void> {
    const shown = this.shown;
    if (this.phase !== 'answer' || !shown || this.busy || this.writeFailed) return;
    if (this.db.closedElsewhere) {
      // Another tab upgraded the collection: the rating is refused, and the card stays on screen.
      this.error = storageClosedMessage('rating');
      return;
    }
    this.busy = true;
    try {
      const now = this.clock();
      const card = shown.card;
      const outcome = this.schedulerOf(card).answer(card.id, card.sched, rating, now, Math.min(now - shown.shownAt, MAX_ANSWER_MS));
      const snapshot = this.queue.snapshot();
      const step: UndoStep & { kind: 'answer' } = { kind: 'answer', cardId: card.id, siblingIds: [], queue: snapshot };
      this.unsaved += 1;
      this.writes = this.writes.then(afterNextPaint).then(async () => {
        if (this.writeFailed) return;
        try {
          await this.journal({ op: 'answer', cardId: card.id, len: historyLength(card.history), outcome });
          const recorded = await recordAnswer(this.db, card, outcome, this.settings);
          step.siblingIds = recorded.buried;
          this.cache.set(card.id, { card: recorded.card, note: shown.note });
          if (recorded.leech) this.leech(card.id, recorded.leech);
        } catch (e) {
          this.writeFailed = true;
          // The session goes back to what is stored, so this card comes back (see recoverFromFailedWrite).
          this.error = describeStorageError(e, 'rating');
          // Start again from what is stored, once this write chain has run out.
          this.recovery = Promise.resolve().then(() => this.recoverFromFailedWrite());
        }
      }).finally(() => {
        this.unsaved -= 1;
      });
      // The card as it will be stored, so that it is right if it comes back in this session (a learning step).
      this.cache.set(card.id, { card: answeredCard(card, outcome), note: shown.note });
      // The answer belongs to the study day of its own time (it may be just past the day's start).
      this.queue.answer({ id: card.id, noteId: card.noteId, deckId: card.deckId, due: outcome.next.due, queue: queueForState(outcome.next) }, studyDay(now, this.settings).endMs);
      this.undoStack.push(step);
      this.undoable = this.undoStack.length;
      this.reviewed += 1;
      this.error = null;
      this.notice = null;
      await this.advance();
    } finally {
      this.busy = false;
    }
  }

  /** An answer made a card a leech: say so, and a suspended one leaves today's queue (undo brings it back). */
  private leech(cardId: string, leech: { lapses: number; suspended: boolean }): void {
    this.notice = leech.suspended
      ? `That card is a leech: forgotten ${leech.lapses} times. It was tagged "leech" and suspended, so it will not come up again until you unsuspend it (Browse, tag:leech). Rewording it often helps.`
      : `That card is a leech: forgotten ${leech.lapses} times. It was tagged "leech" (Browse, tag:leech). Rewording it often helps.`;
    if (!leech.suspended) return;
    this.queue.remove(cardId);
    this.counts = this.queue.counts();
    if (this.shown?.card.id === cardId) void this.advance();
  }

  private async recoverFromFailedWrite(): Promise<void> {
    const message = this.error;
    try {
      await this.start();
    } catch {
      // Storage cannot even be read (closed by another tab): the message about the lost rating stays.
    }
    this.error = message;
    this.recovery = null;
  }

  /** Takes back the last rating or card action: the card returns exactly as it was, and is shown again. */
  async undo(): Promise<void> {
    const step = this.undoStack.at(-1);
    if (!step || this.busy) return;
    this.busy = true;
    try {
      await this.writes;
      if (this.writeFailed) return;
      if (step.kind === 'action') {
        await this.actions!.undo(step.change);
        for (const card of step.change.before) this.updateCached(card);
        this.undoStack.pop();
        this.undoable = this.undoStack.length;
        this.queue.restore(step.queue);
        this.counts = this.queue.counts();
        this.error = null;
        this.notice = `Undone: ${step.change.label.toLowerCase()}.`;
        const before = step.change.before[0];
        // A card set aside comes back as a question; a flag comes off the card still on screen.
        if (step.left) await this.show(step.cardId);
        else if (before && this.shown?.card.id === step.cardId) this.shown = { ...this.shown, card: before };
        return;
      }
      const answered = this.cache.get(step.cardId)?.card;
      if (answered) await this.journal({ op: 'undo', cardId: step.cardId, len: historyLength(answered.history), siblingIds: step.siblingIds });
      const restored = await undoAnswer(this.db, step.cardId, this.settings, step.siblingIds);
      const note = this.cache.get(step.cardId)?.note ?? (await getNote(this.db, restored.noteId));
      if (note) this.cache.set(step.cardId, { card: restored, note });
      this.undoStack.pop();
      this.undoable = this.undoStack.length;
      this.reviewed = Math.max(0, this.reviewed - 1);
      this.queue.restore(step.queue);
      this.counts = this.queue.counts();
      this.error = null;
      this.notice = null;
      await this.show(step.cardId);
    } catch (e) {
      this.error = e instanceof ChangedSinceError ? e.message : describeStorageError(e, 'undo');
    } finally {
      this.busy = false;
    }
  }

  /**
   * A note was edited (E on the review screen, or Browse): its cards read ahead take the new text, and the card shown,
   * if it is one of them, is shown again as edited (as a question). A card the edit retired or moved out of these
   * decks leaves the queue.
   */
  async noteChanged(saved: SavedNote): Promise<void> {
    for (const card of saved.all) {
      if (this.cache.has(card.id)) this.cache.set(card.id, { card, note: saved.note });
    }
    const shown = this.shown;
    if (!shown || shown.note.id !== saved.note.id) return;
    const card = saved.all.find((c) => c.id === shown.card.id);
    if (!card || card.queue === Queue.Retired || !this.deckIds.includes(card.deckId)) {
      this.queue.remove(shown.card.id);
      await this.advance();
      return;
    }
    this.cache.set(card.id, { card, note: saved.note });
    await this.show(card.id);
  }

  private updateCached(card: CardRecord): void {
    const entry = this.cache.get(card.id);
    if (entry) this.cache.set(card.id, { ...entry, card });
  }

  /**
   * Suspends or buries the card shown (Anki's @ and -): it leaves today's queue and the next card comes. Ratings still
   * on their way to storage are written first.
   */
  async setAside(kind: 'suspend' | 'bury'): Promise<void> {
    await this.act({ kind }, true);
  }

  /**
   * Resets the card shown to new, or gives it a due date (Ctrl+Alt+N, Ctrl+Shift+D, each after its dialog): it leaves
   * today's queue (a card made due today comes back in the next session), and the next card comes.
   */
  async reschedule(action: Extract<CardAction, { kind: 'reset' | 'due' }>): Promise<void> {
    await this.act(action, true);
  }

  /** Flags the card shown (Ctrl+1..4); the same flag again takes it off. The card stays on screen. */
  async flag(flag: Flag): Promise<void> {
    const shown = this.shown;
    if (!shown) return;
    await this.act({ kind: 'flag', flag: flagToggle(shown.card, flag) }, false);
  }

  private async act(action: CardAction, leaves: boolean): Promise<void> {
    const shown = this.shown;
    if (!shown || !this.actions || this.busy || (this.phase !== 'question' && this.phase !== 'answer')) return;
    this.busy = true;
    try {
      await this.writes;
      if (this.writeFailed) return;
      const snapshot = this.queue.snapshot();
      const change = await this.actions.perform([shown.card.id], action);
      if (change.after.length === 0) {
        if (action.kind === 'reset') this.notice = 'This card is already new: nothing to reset.';
        return;
      }
      const card = change.after[0]!;
      this.updateCached(card);
      this.undoStack.push({ kind: 'action', change, queue: snapshot, cardId: card.id, left: leaves });
      this.undoable = this.undoStack.length;
      this.error = null;
      if (leaves) {
        this.notice = `${leftBecause(action, card, this.clock(), this.settings.dayStartHour)} Press U to undo.`;
        this.queue.remove(card.id);
        await this.advance();
      } else {
        this.notice = action.kind === 'flag' && action.flag !== 0 ? `Flagged ${FLAG_NAMES[action.flag].toLowerCase()}.` : 'Flag removed.';
        this.shown = { ...shown, card };
      }
    } catch (e) {
      this.error = describeStorageError(e, 'change');
    } finally {
      this.busy = false;
    }
  }
}

/** Why the card left the screen, after an action (suspend, bury, reset, due date). */
function leftBecause(action: CardAction, card: CardRecord, nowMs: number, dayStartHour: number): string {
  switch (action.kind) {
    case 'suspend':
      return 'Card suspended.';
    case 'bury':
      return 'Card buried until tomorrow.';
    case 'reset':
      return 'Card reset to new.';
    case 'due': {
      const days = dayNumber(card.sched.due, dayStartHour) - dayNumber(nowMs, dayStartHour);
      return days <= 0 ? 'Card due today: it comes back in your next session.' : days === 1 ? 'Card due tomorrow.' : `Card due in ${days} days.`;
    }
    default:
      return 'Card set aside.';
  }
}

/**
 * Resolves after the browser has painted the next frame (at once where there is no display, as in unit tests):
 * storage work started after a keypress waits until the next card is on screen, so it cannot delay it.
 */
function afterNextPaint(): Promise<void> {
  return new Promise((done) => {
    if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && !document.hidden) {
      requestAnimationFrame(() => setTimeout(done, 0));
    } else setTimeout(done, 0);
  });
}

/** How many upcoming cards are kept read ahead. */
const READ_AHEAD = 8;
