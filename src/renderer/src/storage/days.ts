// The day summaries, stored as blocks of days (core/day-blocks.ts). Callers work with one deck's DaySummary of one
// day; these functions read and write the blocks that hold it. Each runs inside its caller's transaction where there
// is one, which must cover `dayBlocks` and `hourBlocks`.
import { blockOfDay, blocksOf, daySummaryOf, emptyDayBlock, emptyHourBlock, setDaySummary, summariesOf, type DayBlock, type HourBlock } from '../../../core/day-blocks';
import { addDays, applyToDay, emptyDay, subtractDays, type DaySummary } from '../../../core/model';
import type { ReviewEntry } from '../../../core/scheduler';
import type { RetainDB } from './db';

type Key = [string, number];

/**
 * The decks' counts of `day` as the daily limits need them (answers, new cards seen, review cards answered; no
 * hour-of-day counts): one request for all decks. A deck with nothing stored gets an empty summary.
 */
export async function dayCounts(db: RetainDB, deckIds: readonly string[], day: number): Promise<DaySummary[]> {
  const block = blockOfDay(day);
  const found = await db.dayBlocks.bulkGet(deckIds.map((id): Key => [id, block]));
  return deckIds.map((id, i) => daySummaryOf(found[i], undefined, id, day));
}

/** One deck's whole summary of one day (hours included). */
export async function daySummary(db: RetainDB, deckId: string, day: number): Promise<DaySummary> {
  const key: Key = [deckId, blockOfDay(day)];
  const [days, hours] = await Promise.all([db.dayBlocks.get(key), db.hourBlocks.get(key)]);
  return daySummaryOf(days, hours, deckId, day);
}

/** Adds (sign 1) or takes back (sign -1, undo) one answer in the summary of the deck and day it was given on. */
export async function countAnswer(db: RetainDB, deckId: string, day: number, entry: ReviewEntry, sign: 1 | -1): Promise<void> {
  const block = blockOfDay(day);
  const key: Key = [deckId, block];
  const [days, hours] = await Promise.all([db.dayBlocks.get(key), db.hourBlocks.get(key)]);
  const d = days ?? emptyDayBlock(deckId, block);
  const h = hours ?? emptyHourBlock(deckId, block);
  setDaySummary(d, h, applyToDay(daySummaryOf(d, h, deckId, day), entry, sign));
  await Promise.all([db.dayBlocks.put(d), db.hourBlocks.put(h)]);
}

const deckRange = (deckId: string): [Key, Key] => [[deckId, -Infinity], [deckId, Infinity]];

/** Every block of these decks: one range request per deck and table, not one per block. */
async function blocksOfDecks(db: RetainDB, deckIds: readonly string[]): Promise<{ days: DayBlock[]; hours: HourBlock[] }> {
  const [days, hours] = await Promise.all([
    Promise.all(deckIds.map((id) => db.dayBlocks.where('[deckId+block]').between(...deckRange(id), true, true).toArray())),
    Promise.all(deckIds.map((id) => db.hourBlocks.where('[deckId+block]').between(...deckRange(id), true, true).toArray())),
  ]);
  return { days: days.flat(), hours: hours.flat() };
}

/**
 * Adds summaries (an import's histories, counted) to what is stored for the same decks and days, in the caller's
 * transaction; `sign` -1 takes them out instead (the histories of deleted cards), never below zero.
 */
export async function addSummaries(db: RetainDB, summaries: Iterable<DaySummary>, sign: 1 | -1 = 1): Promise<void> {
  const incoming = [...summaries];
  if (incoming.length === 0) return;
  const stored = await blocksOfDecks(db, [...new Set(incoming.map((s) => s.deckId))]);
  const merged = new Map<string, DaySummary>();
  const key = (s: DaySummary) => `${s.deckId}\u0000${s.day}`;
  for (const s of summariesOf(stored.days, stored.hours)) merged.set(key(s), s);
  for (const s of incoming) {
    const old = merged.get(key(s));
    if (sign === -1) merged.set(key(s), subtractDays(old ?? emptyDay(s.deckId, s.day), s));
    else merged.set(key(s), old ? addDays(old, s) : s);
  }
  const blocks = blocksOf(merged.values());
  await Promise.all([db.dayBlocks.bulkPut(blocks.days), db.hourBlocks.bulkPut(blocks.hours)]);
}

/** Every stored day with answers, as one summary per deck and day (for checks, tests and exports). */
export async function allDaySummaries(db: RetainDB): Promise<DaySummary[]> {
  return db.transaction('r', db.dayBlocks, db.hourBlocks, async () => {
    const [days, hours] = await Promise.all([db.dayBlocks.toArray(), db.hourBlocks.toArray()]);
    return summariesOf(days, hours);
  });
}
