// Day arithmetic. A study day starts at a configurable local hour (default 4:00, like Anki), so a review at 1:00
// still counts for the evening before. Days are numbered: the count of local calendar days since 1970-01-01.
// Time is always passed in; nothing here reads the clock.

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The study-day number that the instant `nowMs` falls in. */
export function dayNumber(nowMs: number, dayStartHour: number): number {
  const shifted = new Date(nowMs - dayStartHour * HOUR_MS);
  return Math.floor(Date.UTC(shifted.getFullYear(), shifted.getMonth(), shifted.getDate()) / DAY_MS);
}

/** The instant study day `day` begins (local `dayStartHour`:00 of that calendar date; DST-safe). */
export function dayStartMs(day: number, dayStartHour: number): number {
  const date = new Date(day * DAY_MS);
  return new Date(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), dayStartHour).getTime();
}

/** The instant study day `day` ends: the start of the next one. "Due today" means due before this. */
export function dayEndMs(day: number, dayStartHour: number): number {
  return dayStartMs(day + 1, dayStartHour);
}
