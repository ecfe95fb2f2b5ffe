// Deck names as the person types them (create, rename): levels separated by `::` (Anki's `Parent::Child`), each level
// trimmed and not empty, no two decks of the same name (ignoring case), and a rename carries the decks under the deck
// along (`Spanish` renamed `Languages::Spanish` makes `Spanish::Verbs` `Languages::Spanish::Verbs`).
const SEPARATOR = '::';
const MAX_LEVEL = 100;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export type DeckNameResult = { ok: true; name: string } | { ok: false; message: string };

/** The name as it will be stored (levels trimmed, `A :: B` as `A::B`), or what is wrong with it. */
export function checkDeckName(typed: string, decks: readonly { id: string; name: string }[], selfId?: string): DeckNameResult {
  if (CONTROL.test(typed)) return { ok: false, message: 'A deck name cannot hold control characters (such as a tab or a line break).' };
  const levels = typed.split(SEPARATOR).map((l) => l.trim());
  if (levels.every((l) => l === '')) return { ok: false, message: 'Give the deck a name.' };
  if (levels.some((l) => l === '')) return { ok: false, message: `Each level of "${typed.trim()}" needs a name: nothing may stand empty between "::".` };
  const long = levels.find((l) => [...l].length > MAX_LEVEL);
  if (long !== undefined) return { ok: false, message: `"${long.slice(0, 20)}…" is longer than ${MAX_LEVEL} characters.` };
  const name = levels.join(SEPARATOR);
  const same = decks.find((d) => d.id !== selfId && d.name.toLowerCase() === name.toLowerCase());
  if (same) return { ok: false, message: `There is already a deck named "${same.name}".` };
  return { ok: true, name };
}

/** Whether `name` is `parent` or under it. */
export const isUnder = (name: string, parent: string): boolean => name === parent || name.startsWith(parent + SEPARATOR);

/**
 * The decks whose names change when deck `id` is renamed `to` (itself and those under it), with their new names; or
 * what is wrong (a name taken, including by a deck under it once renamed, or a deck moved under itself).
 */
export function renames(decks: readonly { id: string; name: string }[], id: string, to: string): { ok: true; renamed: { id: string; name: string }[] } | { ok: false; message: string } {
  const deck = decks.find((d) => d.id === id);
  if (!deck) return { ok: false, message: 'That deck is no longer in the collection.' };
  const checked = checkDeckName(to, decks, id);
  if (!checked.ok) return checked;
  if (isUnder(checked.name, deck.name) && checked.name !== deck.name) return { ok: false, message: `"${deck.name}" cannot go under itself.` };
  const moving = decks.filter((d) => isUnder(d.name, deck.name));
  const movingIds = new Set(moving.map((d) => d.id));
  const renamed = moving.map((d) => ({ id: d.id, name: checked.name + d.name.slice(deck.name.length) }));
  for (const r of renamed) {
    const clash = decks.find((d) => !movingIds.has(d.id) && d.name.toLowerCase() === r.name.toLowerCase());
    if (clash) return { ok: false, message: `Renaming would make a second deck named "${clash.name}".` };
  }
  return { ok: true, renamed };
}
