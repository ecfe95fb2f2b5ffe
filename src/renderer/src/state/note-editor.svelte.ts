// The Edit and Add screens' state: the note's fields, tags and deck as typed, a live preview of each card the note
// makes, the problems that keep it from being saved, and saving (storage/note-edit.ts). No DOM here.
import { renderCard, cardOrds } from '../../../core/cards';
import { parseCloze } from '../../../core/cloze';
import type { Note, NoteKind } from '../../../core/deck-types';
import { renderAnkiCard } from '../../../core/anki/template';
import type { DeckRecord, NoteRecord, NotetypeRecord } from '../../../core/model';
import { checkDraft, KIND_FIELDS, newNoteId, parseTags, type DraftProblem } from '../../../core/note-edit';
import type { RetainDB } from '../storage/db';
import { describeStorageError } from '../storage/errors';
import { saveNote, type SavedNote } from '../storage/note-edit';

export interface CardPreview {
  ord: number;
  label: string;
  question: string;
  answer: string;
}

export interface FieldSpec {
  name: string;
  label: string;
  optional?: boolean;
}

export class NoteEditor {
  kind = $state<NoteKind | 'anki'>('basic');
  fields = $state<Record<string, string>>({});
  tags = $state('');
  deckId = $state('');
  /** Set by a save that was refused: from then on the problems follow the fields as they are typed. */
  private refused = $state(false);
  private deckProblem = $state(false);
  error = $state<string | null>(null);
  saving = $state(false);
  /** After an Add: what was added (the form is cleared for the next note). */
  message = $state<string | null>(null);
  private base: NoteRecord | null = null;
  /** The id a new note gets (the same for every try of one note). */
  private newId = newNoteId();

  private constructor(
    private readonly db: RetainDB,
    readonly mode: 'edit' | 'add',
    readonly decks: readonly DeckRecord[],
    private readonly notetype: NotetypeRecord | null,
    private readonly clock: () => number,
    /** Called once a save is stored (the browser's rows, a running session and the safety copy follow it). */
    private readonly saved: (saved: SavedNote) => void,
    /** Called before a save is written. */
    private readonly beforeSave: () => void,
  ) {}

  /** The editor of a card's note; null if the card or its note is gone. */
  static async forCard(db: RetainDB, cardId: string, clock: () => number, saved: (s: SavedNote) => void, beforeSave: () => void): Promise<NoteEditor | null> {
    const card = await db.cards.get(cardId);
    const note = card && (await db.notes.get(card.noteId));
    if (!note) return null;
    const notetype = note.kind === 'anki' ? ((await db.notetypes.get(note.notetypeId ?? '')) ?? null) : null;
    const decks = await db.decks.toArray();
    const editor = new NoteEditor(db, 'edit', sortDecks(decks), notetype, clock, saved, beforeSave);
    editor.base = note;
    editor.kind = note.kind;
    editor.fields = { ...Object.fromEntries(editor.fieldSpecs.map((f) => [f.name, ''])), ...note.fields };
    editor.tags = note.tags.join(' ');
    editor.deckId = note.deckId;
    return editor;
  }

  /** The Add screen's editor: a new note of `kind` into `deckId` (the first deck when not given). */
  static async forNew(db: RetainDB, clock: () => number, saved: (s: SavedNote) => void, beforeSave: () => void, deckId?: string, kind: NoteKind = 'basic'): Promise<NoteEditor> {
    const decks = sortDecks(await db.decks.toArray());
    const editor = new NoteEditor(db, 'add', decks, null, clock, saved, beforeSave);
    editor.deckId = deckId ?? decks[0]?.id ?? '';
    editor.setKind(kind);
    return editor;
  }

  /** The fields of the note's kind, in form order. */
  get fieldSpecs(): FieldSpec[] {
    if (this.kind === 'anki') return (this.notetype?.fields ?? Object.keys(this.base?.fields ?? {})).map((name) => ({ name, label: name }));
    return KIND_FIELDS[this.kind];
  }

  /** Add only: another kind of note (the text typed so far stays where the new kind has the same place). */
  setKind(kind: NoteKind): void {
    if (this.mode !== 'add') return;
    const before = this.fieldSpecs.map((f) => this.fields[f.name] ?? '');
    this.kind = kind;
    this.fields = Object.fromEntries(KIND_FIELDS[kind].map((f, i) => [f.name, before[i] ?? '']));
    this.refused = false;
  }

  /** What keeps the note from being saved, once a save was refused (so a half-typed note is not scolded). */
  get problems(): DraftProblem[] {
    if (!this.refused) return [];
    const checked = this.check();
    const found = checked.ok ? [] : checked.problems;
    return this.deckProblem && !this.decks.some((d) => d.id === this.deckId) ? [...found, { field: 'deck', message: 'choose a deck' }] : found;
  }

  problemFor(field: string | null): string | null {
    return this.problems.find((p) => p.field === field)?.message ?? null;
  }

  private check() {
    const base = this.base ?? { id: this.newId, kind: this.kind, section: '', position: 0 };
    return checkDraft(base, { fields: { ...this.fields }, tags: parseTags(this.tags), deckId: this.deckId }, this.notetype ?? undefined);
  }


  /** The cards the note makes as typed, each as it will look (not yet sanitized: the screen does that). */
  previews(): CardPreview[] {
    const deckName = this.decks.find((d) => d.id === this.deckId)?.name ?? '';
    const tags = parseTags(this.tags);
    if (this.kind === 'anki') {
      if (!this.notetype) return [];
      const values = this.notetype.fields.map((n) => this.fields[n] ?? '');
      const ords = this.notetype.kind === 'cloze' ? cardOrdsOfCloze(values.join(' ')) : this.notetype.templates.map((_, i) => i);
      return ords.map((ord) => {
        const r = renderAnkiCard(this.notetype!, values, ord, { tags, deck: deckName });
        return { ord, label: this.notetype!.kind === 'cloze' ? `Cloze ${ord + 1}` : (this.notetype!.templates[ord]?.name ?? `Card ${ord + 1}`), ...r };
      });
    }
    const note = this.draftNote();
    if (!note) return [];
    return cardOrds(note).map((ord) => ({
      ord,
      label: note.kind === 'cloze' ? `Cloze ${ord + 1}` : ord === 0 ? 'Card 1: front → back' : 'Card 2: back → front',
      ...renderCard(note, ord),
    }));
  }

  private draftNote(): Note | null {
    const f = this.fields;
    if (this.kind === 'cloze') {
      if (parseCloze(f.text ?? '').errors.length > 0) return null;
      return { id: 'preview', kind: 'cloze', text: f.text ?? '', ...(f.extra ? { extra: f.extra } : {}), tags: [], section: '' };
    }
    if (this.kind === 'anki') return null;
    return { id: 'preview', kind: this.kind, front: f.front ?? '', back: f.back ?? '', tags: [], section: '' };
  }

  /** Checks and stores the note. Returns what was saved, or null (the problems or the error say why). */
  async save(): Promise<SavedNote | null> {
    if (this.saving) return null;
    const checked = this.check();
    const noDeck = !this.decks.some((d) => d.id === this.deckId);
    if (!checked.ok || noDeck) {
      this.refused = true;
      this.deckProblem = noDeck;
      return null;
    }
    this.refused = false;
    this.saving = true;
    try {
      this.beforeSave();
      const saved = await saveNote(this.db, checked.note, this.clock(), this.mode === 'add');
      this.error = null;
      this.saved(saved);
      if (this.mode === 'edit') this.base = saved.note;
      else {
        const n = saved.all.length;
        this.message = `Added a note with ${n} card${n === 1 ? '' : 's'} to ${this.decks.find((d) => d.id === this.deckId)?.name ?? 'the deck'}.`;
        this.fields = Object.fromEntries(this.fieldSpecs.map((f) => [f.name, '']));
        this.newId = newNoteId();
      }
      return saved;
    } catch (e) {
      this.error = describeStorageError(e, 'change');
      return null;
    } finally {
      this.saving = false;
    }
  }
}

function sortDecks(decks: DeckRecord[]): DeckRecord[] {
  return [...decks].sort((a, b) => a.position - b.position);
}

/** The cloze numbers of an imported cloze note's fields, as ords. */
function cardOrdsOfCloze(text: string): number[] {
  return parseCloze(text).numbers.map((n) => n - 1);
}
