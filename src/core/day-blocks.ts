// Day summaries as they are stored: a deck's days in blocks of BLOCK_DAYS consecutive days, each block one record of
// typed arrays (a row of numbers per day). Reading costs about 20 microseconds per IndexedDB record plus the bytes,
// so four years of twenty decks (30,000 deck-days) is 940 records of a few kilobytes instead of 30,000 objects, and
// the Statistics screen reads them in tens of milliseconds. The hour-of-day counts are two thirds of the numbers and
// only one panel draws them, over the chosen period: they are blocks of their own (HourBlock), read only for that.
import { emptyDay, type DaySummary } from './model';

export const BLOCK_DAYS = 32;
/** Per day in DayBlock.counts: answers by kind and button (16, as DaySummary.answers), newSeen, reviewCards. */
export const DAY_COUNTS = 18;
const NEW_SEEN = 16;
const REVIEW_CARDS = 17;
/** Per day in DayBlock.ms: time by kind (4, as DaySummary.kindMs). */
export const DAY_MS_FIELDS = 4;
/** Per day in HourBlock.counts: answers by clock hour (24), then the answers of each hour that were not Again (24). */
export const HOUR_COUNTS = 48;

export interface DayBlock {
  deckId: string;
  /** Days block * BLOCK_DAYS up to (block + 1) * BLOCK_DAYS - 1. */
  block: number;
  counts: Uint32Array;
  /** Milliseconds can add up past what 32 bits hold over many answers: a double each. */
  ms: Float64Array;
}

export interface HourBlock {
  deckId: string;
  block: number;
  counts: Uint32Array;
}

export const blockOfDay = (day: number): number => Math.floor(day / BLOCK_DAYS);
/** The day's row in its block. */
const slotOf = (day: number): number => day - blockOfDay(day) * BLOCK_DAYS;

export function emptyDayBlock(deckId: string, block: number): DayBlock {
  return { deckId, block, counts: new Uint32Array(BLOCK_DAYS * DAY_COUNTS), ms: new Float64Array(BLOCK_DAYS * DAY_MS_FIELDS) };
}

export function emptyHourBlock(deckId: string, block: number): HourBlock {
  return { deckId, block, counts: new Uint32Array(BLOCK_DAYS * HOUR_COUNTS) };
}

/**
 * One deck's summary of `day` from its blocks (either may be missing: nothing stored, or hours not read). A count is
 * never below zero once stored (an unsigned array); a summary that would go below zero is a bug elsewhere, and
 * clamping keeps it from turning into four billion answers.
 */
export function daySummaryOf(days: DayBlock | undefined, hours: HourBlock | undefined, deckId: string, day: number): DaySummary {
  const out = emptyDay(deckId, day);
  const slot = slotOf(day);
  if (days) {
    const c = slot * DAY_COUNTS;
    for (let i = 0; i < 16; i++) out.answers[i] = days.counts[c + i]!;
    out.reviews = out.answers.reduce((a, b) => a + b, 0);
    out.newSeen = days.counts[c + NEW_SEEN]!;
    out.reviewCards = days.counts[c + REVIEW_CARDS]!;
    const m = slot * DAY_MS_FIELDS;
    for (let i = 0; i < DAY_MS_FIELDS; i++) out.kindMs[i] = days.ms[m + i]!;
    out.timeMs = out.kindMs.reduce((a, b) => a + b, 0);
  }
  if (hours) {
    const h = slot * HOUR_COUNTS;
    for (let i = 0; i < 24; i++) {
      out.hours[i] = hours.counts[h + i]!;
      out.hourPasses[i] = hours.counts[h + 24 + i]!;
    }
  }
  return out;
}

/** Writes `summary` into its row of the blocks (which must be its deck's and cover its day). */
export function setDaySummary(days: DayBlock, hours: HourBlock, summary: DaySummary): void {
  if (days.block !== blockOfDay(summary.day) || hours.block !== days.block) {
    throw new RangeError(`day ${summary.day} is not in block ${days.block}`);
  }
  const slot = slotOf(summary.day);
  const nonNegative = (n: number) => Math.max(0, n);
  const c = slot * DAY_COUNTS;
  for (let i = 0; i < 16; i++) days.counts[c + i] = nonNegative(summary.answers[i]!);
  days.counts[c + NEW_SEEN] = nonNegative(summary.newSeen);
  days.counts[c + REVIEW_CARDS] = nonNegative(summary.reviewCards);
  for (let i = 0; i < DAY_MS_FIELDS; i++) days.ms[slot * DAY_MS_FIELDS + i] = nonNegative(summary.kindMs[i]!);
  const h = slot * HOUR_COUNTS;
  for (let i = 0; i < 24; i++) {
    hours.counts[h + i] = nonNegative(summary.hours[i]!);
    hours.counts[h + 24 + i] = nonNegative(summary.hourPasses[i]!);
  }
}

const blockKey = (deckId: string, block: number) => `${deckId}\u0000${block}`;

/** The blocks that hold these summaries (one per deck and block; a summary's row overwrites whatever was there). */
export function blocksOf(summaries: Iterable<DaySummary>): { days: DayBlock[]; hours: HourBlock[] } {
  const days = new Map<string, DayBlock>();
  const hours = new Map<string, HourBlock>();
  for (const s of summaries) {
    const block = blockOfDay(s.day);
    const key = blockKey(s.deckId, block);
    let d = days.get(key);
    let h = hours.get(key);
    if (!d) days.set(key, (d = emptyDayBlock(s.deckId, block)));
    if (!h) hours.set(key, (h = emptyHourBlock(s.deckId, block)));
    setDaySummary(d, h, s);
  }
  return { days: [...days.values()], hours: [...hours.values()] };
}

const dayHasAnswers = (days: DayBlock, slot: number): boolean => {
  for (let i = 0; i < 16; i++) if (days.counts[slot * DAY_COUNTS + i]! > 0) return true;
  return false;
};

/**
 * Every day with answers in these blocks, as summaries (hours from the hour block of the same deck and block, where
 * given), in deck and day order of the input.
 */
export function summariesOf(dayBlocks: Iterable<DayBlock>, hourBlocks: Iterable<HourBlock> = []): DaySummary[] {
  const hours = new Map<string, HourBlock>();
  for (const h of hourBlocks) hours.set(blockKey(h.deckId, h.block), h);
  const out: DaySummary[] = [];
  for (const d of dayBlocks) {
    const h = hours.get(blockKey(d.deckId, d.block));
    for (let slot = 0; slot < BLOCK_DAYS; slot++) {
      if (dayHasAnswers(d, slot)) out.push(daySummaryOf(d, h, d.deckId, d.block * BLOCK_DAYS + slot));
    }
  }
  return out;
}

/**
 * The days of several decks added up, day by day, straight from their blocks (no summary per deck and day is built):
 * day number -> summary (deckId ''), for the days with answers. Hour counts are added where an hour block is given.
 */
export function sumBlocks(dayBlocks: Iterable<DayBlock>, hourBlocks: Iterable<HourBlock> = []): Map<number, DaySummary> {
  const out = new Map<number, DaySummary>();
  const at = (day: number) => {
    let s = out.get(day);
    if (!s) out.set(day, (s = emptyDay('', day)));
    return s;
  };
  for (const d of dayBlocks) {
    for (let slot = 0; slot < BLOCK_DAYS; slot++) {
      if (!dayHasAnswers(d, slot)) continue;
      const s = at(d.block * BLOCK_DAYS + slot);
      const c = slot * DAY_COUNTS;
      for (let i = 0; i < 16; i++) {
        const n = d.counts[c + i]!;
        s.answers[i]! += n;
        s.reviews += n;
      }
      s.newSeen += d.counts[c + NEW_SEEN]!;
      s.reviewCards += d.counts[c + REVIEW_CARDS]!;
      for (let i = 0; i < DAY_MS_FIELDS; i++) {
        const ms = d.ms[slot * DAY_MS_FIELDS + i]!;
        s.kindMs[i]! += ms;
        s.timeMs += ms;
      }
    }
  }
  for (const h of hourBlocks) {
    for (let slot = 0; slot < BLOCK_DAYS; slot++) {
      const base = slot * HOUR_COUNTS;
      let any = false;
      for (let i = 0; i < 24 && !any; i++) any = h.counts[base + i]! > 0;
      if (!any) continue;
      const s = at(h.block * BLOCK_DAYS + slot);
      for (let i = 0; i < 24; i++) {
        s.hours[i]! += h.counts[base + i]!;
        s.hourPasses[i]! += h.counts[base + 24 + i]!;
      }
    }
  }
  return out;
}
