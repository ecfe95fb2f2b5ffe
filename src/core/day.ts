// Day arithmetic. A study day starts at a configurable local hour (default 4:00, like Anki), so a review at 1:00
// still counts for the evening before. Days are numbered: the count of local calendar days since 1970-01-01.
// Time is always passed in; nothing here reads the clock.

const DAY_MS = 86_400_000;

/** The study-day number that the instant `nowMs` falls in. */
export function dayNumber(nowMs: number, dayStartHour: number): number {
  // The local calendar date, one day earlier before the start hour. (Subtracting a fixed number of hours instead
  // would be wrong on the days the clocks change.)
  const local = new Date(nowMs);
  const date = Math.floor(Date.UTC(local.getFullYear(), local.getMonth(), local.getDate()) / DAY_MS);
  return local.getHours() < dayStartHour ? date - 1 : date;
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
