// A digest of each deck's day blocks (core/day-blocks.ts), one record per deck: for every block, which of its days
// had answers (a bit per day) and its review answers passed and failed, young and mature. The Statistics screen
// draws nothing older than a year day by day; what it needs from before (the longest streak, the all-time true
// retention) comes from these twenty-odd small records instead of every block of every deck (1,500 records of a
// few kilobytes in a collection with years of history). Storage keeps them in step with the blocks on every write
// (storage/day-digests.ts); they are, by invariant, what digestsOf() builds from the stored blocks.
import { BLOCK_DAYS, DAY_COUNTS, type DayBlock } from './day-blocks';

/** Review answers passed and failed per block: young passed, young failed, mature passed, mature failed. */
export const DIGEST_RETENTION = 4;

export interface DayDigest {
  deckId: string;
  /** Block numbers, ascending. */
  blocks: Int32Array;
  /** Per block, a bit per day of the block (bit i: day block * BLOCK_DAYS + i) that had answers. */
  studied: Uint32Array;
  /** Per block, DIGEST_RETENTION counts (see there). */
  retention: Uint32Array;
}

/** One block's line of its deck's digest. */
export interface DigestRow {
  block: number;
  studied: number;
  /** Young passed, young failed, mature passed, mature failed. */
  retention: [number, number, number, number];
}

// A block's days must fit the bits of one Uint32.
const _blockDaysFitABitmask: typeof BLOCK_DAYS extends 32 ? true : never = true;
void _blockDaysFitABitmask;

/** What a stored block says for its deck's digest. */
export function digestRowOf(days: DayBlock): DigestRow {
  let studied = 0;
  const retention: DigestRow['retention'] = [0, 0, 0, 0];
  for (let slot = 0; slot < BLOCK_DAYS; slot++) {
    const c = slot * DAY_COUNTS;
    let answers = 0;
    for (let i = 0; i < 16; i++) answers += days.counts[c + i]!;
    if (answers > 0) studied |= 1 << slot;
    // Kinds 1 (young) and 2 (mature), buttons Again (failed) then Hard, Good, Easy (passed): as DaySummary.answers.
    retention[0] += days.counts[c + 5]! + days.counts[c + 6]! + days.counts[c + 7]!;
    retention[1] += days.counts[c + 4]!;
    retention[2] += days.counts[c + 9]! + days.counts[c + 10]! + days.counts[c + 11]!;
    retention[3] += days.counts[c + 8]!;
  }
  return { block: days.block, studied: studied >>> 0, retention };
}

export function emptyDigest(deckId: string): DayDigest {
  return { deckId, blocks: new Int32Array(0), studied: new Uint32Array(0), retention: new Uint32Array(0) };
}

/** The rows of a digest, in block order. */
export function rowsOfDigest(d: DayDigest): DigestRow[] {
  return Array.from(d.blocks, (block, i) => ({
    block,
    studied: d.studied[i]!,
    retention: [d.retention[i * 4]!, d.retention[i * 4 + 1]!, d.retention[i * 4 + 2]!, d.retention[i * 4 + 3]!],
  }));
}

function digestOfRows(deckId: string, rows: readonly DigestRow[]): DayDigest {
  const sorted = [...rows].sort((a, b) => a.block - b.block);
  const out: DayDigest = {
    deckId,
    blocks: Int32Array.from(sorted, (r) => r.block),
    studied: Uint32Array.from(sorted, (r) => r.studied),
    retention: new Uint32Array(sorted.length * DIGEST_RETENTION),
  };
  sorted.forEach((r, i) => out.retention.set(r.retention, i * DIGEST_RETENTION));
  return out;
}

/** The digest with these rows put in (a row of a block already there replaces it; of several, the last wins). */
export function withRows(d: DayDigest, rows: readonly DigestRow[]): DayDigest {
  const byBlock = new Map(rowsOfDigest(d).map((r) => [r.block, r]));
  for (const r of rows) byBlock.set(r.block, r);
  return digestOfRows(d.deckId, [...byBlock.values()]);
}

/** The digest without these blocks. */
export function withoutBlocks(d: DayDigest, blocks: Iterable<number>): DayDigest {
  const gone = new Set(blocks);
  return digestOfRows(d.deckId, rowsOfDigest(d).filter((r) => !gone.has(r.block)));
}

/** The digests of these blocks, built from nothing (one per deck, in deck id order): what the stored ones must equal. */
export function digestsOf(blocks: Iterable<DayBlock>): DayDigest[] {
  const rows = new Map<string, DigestRow[]>();
  for (const b of blocks) {
    let list = rows.get(b.deckId);
    if (!list) rows.set(b.deckId, (list = []));
    list.push(digestRowOf(b));
  }
  return [...rows].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([deckId, list]) => digestOfRows(deckId, list));
}

/** Whether two digests say the same (for the database check). */
export function sameDigest(a: DayDigest, b: DayDigest): boolean {
  const same = (x: ArrayLike<number>, y: ArrayLike<number>) => x.length === y.length && Array.prototype.every.call(x, (v: number, i: number) => v === y[i]);
  return a.deckId === b.deckId && same(a.blocks, b.blocks) && same(a.studied, b.studied) && same(a.retention, b.retention);
}
