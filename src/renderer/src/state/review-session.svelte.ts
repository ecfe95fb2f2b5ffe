// One study session over one deck or all: which card is shown, in which phase, the remaining counts, and undo.
// No DOM here: the review screen draws this state and calls its methods.
import { renderCard } from '../../../core/cards';
import { noteFromRecord, queueForState, type CardRecord, type NoteRecord } from '../../../core/model';
import { StudyQueue, type QueueCounts, type QueueSnapshot } from '../../../core/queue';
import { formatInterval, Scheduler, type Grade } from '../../../core/scheduler';
import type { Settings } from '../../../core/settings';
import {
  gatherDeck,
  getCard,
  getNote,
  nextDueAfter,
  recordAnswer,
  StaleCardError,
  studyDay,
  undoAnswer,
  unburyBefore,
  type RecordedAnswer,
  type StudyDay,
} from '../storage/collection';
import type { RetainDB } from '../storage/db';

export interface ButtonPreview {
  rating: Grade;
  label: 'Again' | 'Hard' | 'Good' | 'Easy';
  interval: string;
}

export interface ShownCard {
  card: CardRecord;
  note: NoteRecord;
  deckName: string;
  question: string;
  answer: string;
  buttons: ButtonPreview[];
  shownAt: number;
}

interface UndoStep {
  cardId: string;
  siblingIds: string[];
  queue: QueueSnapshot;
}

const LABELS = ['Again', 'Hard', 'Good', 'Easy'] as const;
/** Longer answers count as this long in the statistics (Anki's default cap), so a break does not inflate them. */
const MAX_ANSWER_MS = 60_000;

export type Phase = 'loading' | 'question' | 'answer' | 'done';

export class ReviewSession {
  phase = $state<Phase>('loading');
  shown = $state<ShownCard | null>(null);
  counts = $state<QueueCounts>({ new: 0, learning: 0, review: 0 });
  /** When the next card becomes due, once nothing is left for now. */
  nextDue = $state<number | null>(null);
  error = $state<string | null>(null);
  undoable = $state(0);
  reviewed = $state(0);

  private queue = new StudyQueue([], [], []);
  private readonly scheduler: Scheduler;
  private undoStack: UndoStep[] = [];
  private day: StudyDay;
  private busy = false;

  constructor(
    private readonly db: RetainDB,
    private readonly settings: Settings,
    readonly deckIds: string[],
    private readonly deckNames: Map<string, string>,
    private readonly clock: () => number = () => Date.now(),
  ) {
    this.scheduler = new Scheduler(settings);
    this.day = studyDay(clock(), settings);
  }

  get today(): StudyDay {
    return this.day;
  }

  async start(): Promise<void> {
    this.phase = 'loading';
    this.day = studyDay(this.clock(), this.settings);
    await unburyBefore(this.db, this.day.day);
    const parts = await Promise.all(this.deckIds.map((id) => gatherDeck(this.db, id, this.settings, this.day)));
    this.queue = new StudyQueue(
      parts.flatMap((p) => p.learning),
      parts.flatMap((p) => p.reviews),
      parts.flatMap((p) => p.news),
    );
    this.undoStack = [];
    this.undoable = 0;
    await this.advance();
  }

  /** Shows the next card, or the done state with when the next one is due. */
  async advance(): Promise<void> {
    const now = this.clock();
    if (studyDay(now, this.settings).day !== this.day.day) return this.start();
    this.counts = this.queue.counts();
    const next = this.queue.next(now);
    if (!next) {
      this.shown = null;
      this.nextDue = this.queue.nextLearningDue() ?? (await nextDueAfter(this.db, this.deckIds, this.day));
      this.phase = 'done';
      return;
    }
    await this.show(next.id);
  }

  private async show(cardId: string): Promise<void> {
    const card = await getCard(this.db, cardId);
    const note = card && (await getNote(this.db, card.noteId));
    if (!card || !note) {
      this.error = `Card ${cardId} is missing from the collection.`;
      return;
    }
    const rendered = renderCard(noteFromRecord(note), card.ord);
    const now = this.clock();
    this.shown = {
      card,
      note,
      deckName: this.deckNames.get(card.deckId) ?? card.deckId,
      question: rendered.question,
      answer: rendered.answer,
      buttons: this.previews(card, now),
      shownAt: now,
    };
    this.nextDue = null;
    this.phase = 'question';
  }

  private previews(card: CardRecord, now: number): ButtonPreview[] {
    return this.scheduler.preview(card.id, card.sched, now).map((o, i) => ({
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

  async rate(rating: Grade): Promise<void> {
    const shown = this.shown;
    if (this.phase !== 'answer' || !shown || this.busy) return;
    this.busy = true;
    try {
      const now = this.clock();
      const outcome = this.scheduler.answer(shown.card.id, shown.card.sched, rating, now, Math.min(now - shown.shownAt, MAX_ANSWER_MS));
      let recorded: RecordedAnswer;
      try {
        recorded = await recordAnswer(this.db, shown.card, outcome, this.settings);
      } catch (e) {
        this.error = `The rating was not saved: ${(e as Error).message}`;
        // Rated elsewhere meanwhile (another window): show the card as it is now, so a new rating can apply.
        if (e instanceof StaleCardError) await this.show(shown.card.id);
        return;
      }
      const snapshot = this.queue.snapshot();
      const after = { id: shown.card.id, noteId: shown.card.noteId, deckId: shown.card.deckId, due: outcome.next.due };
      // The answer belongs to the study day of its own time (it may be just past the day's start).
      this.queue.answer({ ...after, queue: queueForState(outcome.next) }, studyDay(now, this.settings).endMs);
      this.undoStack.push({ cardId: shown.card.id, siblingIds: recorded.buried, queue: snapshot });
      this.undoable = this.undoStack.length;
      this.reviewed += 1;
      this.error = null;
      await this.advance();
    } finally {
      this.busy = false;
    }
  }

  /** Takes back the last rating: the card returns exactly as it was, and is shown again. */
  async undo(): Promise<void> {
    const step = this.undoStack.at(-1);
    if (!step || this.busy) return;
    this.busy = true;
    try {
      await undoAnswer(this.db, step.cardId, this.scheduler, this.settings, step.siblingIds);
      this.undoStack.pop();
      this.undoable = this.undoStack.length;
      this.reviewed = Math.max(0, this.reviewed - 1);
      this.queue.restore(step.queue);
      this.counts = this.queue.counts();
      this.error = null;
      await this.show(step.cardId);
    } catch (e) {
      this.error = `Undo failed: ${(e as Error).message}`;
    } finally {
      this.busy = false;
    }
  }
}
