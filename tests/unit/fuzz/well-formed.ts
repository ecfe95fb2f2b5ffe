// What an accepted input must give: an ImportBundle that storage can write without meeting a surprise. Every
// reference resolves, every note has the fields its note type names, every number is finite, every time a real date.
import { expect } from 'vitest';
import { unsafeMediaName } from '../../../src/core/anki/package';
import { isEntryRating } from '../../../src/core/history';
import type { ImportBundle, ImportProblem } from '../../../src/core/import/bundle';
import { expectClearMessage } from './arbitraries';

/** The range of a JavaScript Date: a time outside it is Invalid Date, and the scheduler would make NaN of it. */
export const MAX_TIME_MS = 8.64e15;
const isTime = (t: unknown) => typeof t === 'number' && Number.isFinite(t) && Math.abs(t) <= MAX_TIME_MS;
const isFinite = (n: unknown) => typeof n === 'number' && Number.isFinite(n);
const KINDS = ['learn', 'review', 'relearn', 'filtered', 'manual'];

export function expectProblemsNameFile(problems: readonly ImportProblem[], file: string, input = ''): void {
  for (const p of problems) {
    if (p.file !== file || typeof p.where !== 'string') expect.fail(`a problem of another file or nowhere: ${JSON.stringify(p)}`);
    expectClearMessage(p.message, input);
  }
}

export function expectWellFormedBundle(bundle: ImportBundle, input = ''): void {
  const fail = (what: string) => expect.fail(`${bundle.file}: ${what}`);
  expectProblemsNameFile(bundle.skipped, bundle.file, input);

  const notetypes = new Map(bundle.notetypes.map((t) => [t.id, t]));
  expect(notetypes.size, 'note type ids are unique').toBe(bundle.notetypes.length);
  for (const t of bundle.notetypes) {
    if (typeof t.id !== 'string' || t.id === '') fail(`note type without an id`);
    if (t.kind !== 'standard' && t.kind !== 'cloze') fail(`note type ${t.id} of kind ${String(t.kind)}`);
    if (typeof t.name !== 'string' || typeof t.css !== 'string') fail(`note type ${t.id} without a name or css`);
    if (!t.fields.every((f) => typeof f === 'string')) fail(`note type ${t.id} has a field name that is not text`);
    for (const tmpl of t.templates) {
      if (![tmpl.name, tmpl.front, tmpl.back].every((s) => typeof s === 'string')) fail(`note type ${t.id}: template parts not text`);
    }
  }

  const decks = new Set(bundle.decks.map((d) => d.id));
  for (const d of bundle.decks) if (typeof d.name !== 'string') fail(`deck ${d.id} has no name`);

  const notes = new Map<string, ImportBundle['notes'][number]>();
  for (const n of bundle.notes) {
    if (typeof n.guid !== 'string' || n.guid === '') fail('a note without a guid');
    const t = notetypes.get(n.notetypeId);
    if (!t) fail(`note ${n.guid} names note type ${n.notetypeId}, which is not in the bundle`);
    else if (n.fields.length !== t.fields.length) fail(`note ${n.guid} has ${n.fields.length} fields, its note type ${t.fields.length}`);
    if (!n.fields.every((f) => typeof f === 'string')) fail(`note ${n.guid} has a field that is not text`);
    for (const tag of n.tags) if (typeof tag !== 'string' || tag === '' || /\s/.test(tag)) fail(`note ${n.guid} has tag ${JSON.stringify(tag)}`);
    notes.set(n.guid, n);
  }

  const cardIds = new Set<string>();
  for (const c of bundle.cards) {
    const note = notes.get(c.noteGuid);
    if (!note) fail(`card of note ${c.noteGuid}, which is not in the bundle`);
    if (!decks.has(c.deckId)) fail(`card ${c.noteGuid}:${c.ord} in deck ${c.deckId}, which is not in the bundle`);
    if (!Number.isSafeInteger(c.ord) || c.ord < 0) fail(`card ${c.noteGuid} has ord ${c.ord}`);
    const t = note && notetypes.get(note.notetypeId);
    if (t?.kind === 'standard' && c.ord >= t.templates.length) fail(`card ${c.noteGuid}:${c.ord}: its note type has ${t.templates.length} templates`);
    const id = `${c.noteGuid}:${c.ord}`;
    if (cardIds.has(id)) fail(`card ${id} twice`);
    cardIds.add(id);
    if (typeof c.suspended !== 'boolean') fail(`card ${id}: suspended is ${String(c.suspended)}`);
    if (c.newPosition !== undefined && !isFinite(c.newPosition)) fail(`card ${id}: new position ${c.newPosition}`);
    for (const r of c.reviews) {
      if (!isTime(r.t)) fail(`card ${id}: review at ${r.t}, not a date`);
      if (![0, 1, 2, 3, 4].includes(r.rating)) fail(`card ${id}: rating ${r.rating}`);
      if (!isFinite(r.ms) || r.ms < 0) fail(`card ${id}: answer time ${r.ms}`);
      if (!KINDS.includes(r.kind)) fail(`card ${id}: review kind ${r.kind}`);
    }
    if (c.progress) {
      const s = c.progress.sched;
      for (const key of ['due', 'stability', 'difficulty', 'elapsedDays', 'scheduledDays', 'learningSteps', 'reps', 'lapses'] as const) {
        if (!isFinite(s[key])) fail(`card ${id}: ${key} is ${s[key]}`);
      }
      if (!isTime(s.due)) fail(`card ${id}: due ${s.due} is not a date`);
      for (const e of c.progress.history) {
        if (!isTime(e.t) || !isEntryRating(e.rating)) fail(`card ${id}: history entry ${JSON.stringify(e)}`);
      }
    }
  }

  const media = new Set<string>();
  for (const m of bundle.media) {
    const unsafe = unsafeMediaName(m.name);
    if (unsafe) fail(`media ${JSON.stringify(m.name)}: ${unsafe}`);
    if (media.has(m.name)) fail(`media ${m.name} twice`);
    media.add(m.name);
    if (!(m.data instanceof Uint8Array)) fail(`media ${m.name} without bytes`);
  }
}
