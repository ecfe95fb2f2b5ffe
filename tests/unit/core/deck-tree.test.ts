import { describe, expect, it } from 'vitest';
import { deckTree } from '../../../src/core/deck-tree';

const deck = (id: string, name: string, n = 1) => ({ deck: { id, name }, counts: { new: n, learning: 0, review: 2 * n } });
const view = (rows: ReturnType<typeof deckTree>) => rows.map((r) => [r.depth, r.label, r.deckIds.join(','), r.counts.new, r.counts.review, r.own ? 'own' : '-']);

describe('deckTree', () => {
  it('nests Parent::Child decks under their parent, summing counts, with a row for a parent that is only a prefix', () => {
    const rows = deckTree([deck('a', 'Terms'), deck('v', 'Spanish::Verbs', 3), deck('n', 'Spanish::Nouns', 2), deck('i', 'Spanish::Verbs::Irregular', 1), deck('s', 'Spanish', 10)]);
    expect(view(rows)).toEqual([
      [0, 'Terms', 'a', 1, 2, 'own'],
      [0, 'Spanish', 's,v,i,n', 16, 32, 'own'],
      [1, 'Verbs', 'v,i', 4, 8, 'own'],
      [2, 'Irregular', 'i', 1, 2, 'own'],
      [1, 'Nouns', 'n', 2, 4, 'own'],
    ]);
    expect(rows[3]).toMatchObject({ path: 'Spanish::Verbs::Irregular', parentPath: 'Spanish::Verbs::' });
    const prefixOnly = deckTree([deck('w', 'Colours::Warm'), deck('c', 'Colours::Cold')]);
    expect(view(prefixOnly)).toEqual([
      [0, 'Colours', 'w,c', 2, 4, '-'],
      [1, 'Warm', 'w', 1, 2, 'own'],
      [1, 'Cold', 'c', 1, 2, 'own'],
    ]);
  });

  it('keeps a name with an empty level whole, and plain names as they are', () => {
    expect(view(deckTree([deck('x', 'A::::B'), deck('y', 'Plain')]))).toEqual([
      [0, 'A::::B', 'x', 1, 2, 'own'],
      [0, 'Plain', 'y', 1, 2, 'own'],
    ]);
  });
});
