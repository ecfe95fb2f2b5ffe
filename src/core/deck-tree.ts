// Deck names with `::` (Anki's `Parent::Child`) shown as a tree: each level a row, children under their parent,
// a parent's counts the sum of its own and its children's, studying a parent studies all of them. A parent that is
// only a name prefix (no deck of its own, as after importing `Spanish::Verbs` alone) still gets its row.

export interface Counts {
  new: number;
  learning: number;
  review: number;
}

export interface DeckTreeRow<T> {
  /** Full name: `Spanish::Verbs`. */
  path: string;
  /** The last level: `Verbs`. */
  label: string;
  /** The levels above, as shown before the label by screen readers: `Spanish::`. */
  parentPath: string;
  depth: number;
  /** The deck of this exact name, if there is one. */
  own: T | undefined;
  /** This deck and every deck under it, in list order: what "Study" on this row studies. */
  deckIds: string[];
  counts: Counts;
}

const SEPARATOR = '::';

/** Rows in list order: a parent where its first deck appears, its children right after it. */
export function deckTree<T extends { deck: { id: string; name: string }; counts: Counts }>(decks: readonly T[]): DeckTreeRow<T>[] {
  interface Node {
    row: DeckTreeRow<T>;
    children: Node[];
  }
  const roots: Node[] = [];
  const byPath = new Map<string, Node>();
  const nodeFor = (levels: string[]): Node => {
    const path = levels.join(SEPARATOR);
    const found = byPath.get(path);
    if (found) return found;
    const node: Node = {
      row: {
        path,
        label: levels[levels.length - 1]!,
        parentPath: levels.length > 1 ? `${levels.slice(0, -1).join(SEPARATOR)}${SEPARATOR}` : '',
        depth: levels.length - 1,
        own: undefined,
        deckIds: [],
        counts: { new: 0, learning: 0, review: 0 },
      },
      children: [],
    };
    byPath.set(path, node);
    if (levels.length === 1) roots.push(node);
    else nodeFor(levels.slice(0, -1)).children.push(node);
    return node;
  };
  for (const d of decks) {
    const levels = d.deck.name.split(SEPARATOR).map((l) => l.trim());
    // An empty level (`A::::B`, a name ending in `::`) would make an unnamed row: keep such a name whole.
    const node = nodeFor(levels.some((l) => l === '') ? [d.deck.name] : levels);
    node.row.own = d;
  }
  const rows: DeckTreeRow<T>[] = [];
  const visit = (node: Node): DeckTreeRow<T> => {
    rows.push(node.row);
    const { row } = node;
    if (row.own) {
      row.deckIds.push(row.own.deck.id);
      addCounts(row.counts, row.own.counts);
    }
    for (const child of node.children) {
      const done = visit(child);
      row.deckIds.push(...done.deckIds);
      addCounts(row.counts, done.counts);
    }
    return row;
  };
  roots.forEach(visit);
  return rows;
}

function addCounts(into: Counts, c: Counts): void {
  into.new += c.new;
  into.learning += c.learning;
  into.review += c.review;
}
