// The decks that ship with the app: every `decks/*.json` file, bundled into the renderer at build time and
// validated with the same parser as any other deck file.
import { formatProblem, validateDeck, validateDeckSet } from '../../../core/deck-format';
import type { Deck } from '../../../core/deck-types';

const files = import.meta.glob('../../../../decks/*.json', { eager: true, import: 'default' });

export function bundledDecks(): { decks: Deck[]; problems: string[] } {
  const decks: { deck: Deck; file: string }[] = [];
  const problems: string[] = [];
  for (const [path, value] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    const file = path.replace(/^(\.\.\/)+/, '');
    if (file.endsWith('.schema.json')) continue;
    const result = validateDeck(value, file);
    if (result.ok) decks.push({ deck: result.deck, file });
    else problems.push(...result.problems.map(formatProblem));
  }
  problems.push(...validateDeckSet(decks).map(formatProblem));
  return { decks: decks.map((d) => d.deck), problems };
}
