// A deck's digest of its day blocks: a bit per day with answers, and the review answers passed and failed, young and
// mature, per block; upserts and removals say what a digest built from the blocks says.
import { describe, expect, it } from 'vitest';
import { blocksOf } from '../../../src/core/day-blocks';
import { digestRowOf, digestsOf, emptyDigest, rowsOfDigest, sameDigest, withoutBlocks, withRows } from '../../../src/core/day-digests';
import { emptyDay, type DaySummary } from '../../../src/core/model';

/** A day of `deckId` with answers[index] = n for each [index, n] given. */
const day = (deckId: string, d: number, answers: [number, number][]): DaySummary => {
  const s = emptyDay(deckId, d);
  for (const [i, n] of answers) s.answers[i] = n;
  s.reviews = s.answers.reduce((a, b) => a + b, 0);
  return s;
};

describe('day digests', () => {
  it('mark the days with answers and add up the review answers by kind and outcome', () => {
    // Block 640 holds days 20,480-20,511. Day 20,480: learning Good (not a review), young Again x2, young Easy.
    // Day 20,511: mature Hard x3, mature Again. Day 20,500: nothing.
    const { days } = blocksOf([day('d', 20_480, [[2, 1], [4, 2], [7, 1]]), day('d', 20_511, [[9, 3], [8, 1]])]);
    const row = digestRowOf(days[0]!);
    expect(row.block).toBe(640);
    expect(row.studied).toBe((1 | (1 << 31)) >>> 0);
    expect(row.retention).toEqual([1, 2, 3, 1]);
  });

  it('upsert and remove blocks in block order, and equal the digest built from the blocks', () => {
    const summaries = [day('d', 100, [[5, 1]]), day('d', 10, [[8, 2]]), day('d', 70, [[0, 1]]), day('e', 5, [[1, 1]])];
    const { days } = blocksOf(summaries);
    const d = days.filter((b) => b.deckId === 'd');
    let digest = withRows(emptyDigest('d'), [digestRowOf(d[0]!)]);
    digest = withRows(digest, d.slice(1).map(digestRowOf));
    expect([...digest.blocks]).toEqual([0, 2, 3]);
    expect(sameDigest(digest, digestsOf(days)[0]!)).toBe(true);
    expect(digestsOf(days).map((x) => x.deckId)).toEqual(['d', 'e']);
    // A block written again replaces its row; a removed block leaves no row.
    const again = blocksOf([day('d', 100, [[5, 4]])]).days[0]!;
    digest = withRows(digest, [digestRowOf(again)]);
    expect(rowsOfDigest(digest).find((r) => r.block === 3)!.retention).toEqual([4, 0, 0, 0]);
    digest = withoutBlocks(digest, [0, 99]);
    expect(rowsOfDigest(digest).map((r) => r.block)).toEqual([2, 3]);
    expect(sameDigest(digest, digestsOf([again, d.find((b) => b.block === 2)!])[0]!)).toBe(true);
  });
});
