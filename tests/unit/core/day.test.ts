// Study-day arithmetic (src/core/day.ts).
//
// Time-zone note: day.ts works in the process's local time zone, and vitest runs in whatever TZ the process was
// started with (assigning process.env.TZ from inside a test is not a reliable way to change it). So every expectation
// here is built from local `new Date(y, m, d, h)` constructions and holds in any zone. The DST tests are written as
// invariants over a whole year (days last 23, 24 or 25 hours, chain exactly, and every instant falls inside the day
// it is numbered with): they are trivially true in UTC and become real DST checks when the suite is started with a
// zone that has DST, e.g. `TZ=Europe/Berlin npx vitest run tests/unit/core/day.test.ts`.
import { describe, expect, it } from 'vitest';
import { dayEndMs, dayNumber, dayStartMs } from '../../../src/core/day';

const HOUR = 3_600_000;
const local = (y: number, m: number, d: number, h = 0, min = 0): number => new Date(y, m, d, h, min).getTime();

describe('dayNumber with the default day start (4:00)', () => {
  it('counts 03:59 as the previous study day and 04:00 as the new one', () => {
    const evening = dayNumber(local(2026, 0, 9, 20, 0), 4);
    expect(dayNumber(local(2026, 0, 10, 3, 59), 4)).toBe(evening);
    expect(dayNumber(local(2026, 0, 10, 4, 0), 4)).toBe(evening + 1);
  });

  it('numbers a study day by the calendar date it starts on (days since 1970-01-01)', () => {
    // 2026-01-10 is 20463 days after 1970-01-01.
    expect(dayNumber(local(2026, 0, 10, 4, 0), 4)).toBe(20463);
    expect(dayNumber(local(2026, 0, 10, 23, 59), 4)).toBe(20463);
    expect(dayNumber(local(2026, 0, 11, 1, 0), 4)).toBe(20463);
    expect(dayNumber(local(2026, 0, 11, 4, 0), 4)).toBe(20464);
  });

  it('puts a 1:00 review in the evening before, however late at night', () => {
    expect(dayNumber(local(2026, 5, 2, 0, 0), 4)).toBe(dayNumber(local(2026, 5, 1, 9, 0), 4));
    expect(dayNumber(local(2026, 5, 2, 1, 0), 4)).toBe(dayNumber(local(2026, 5, 1, 23, 59), 4));
  });

  it('moves the boundary with the day-start hour', () => {
    expect(dayNumber(local(2026, 0, 10, 6, 59), 7)).toBe(20462);
    expect(dayNumber(local(2026, 0, 10, 7, 0), 7)).toBe(20463);
    expect(dayNumber(local(2026, 0, 10, 22, 59), 23)).toBe(20462);
    expect(dayNumber(local(2026, 0, 10, 23, 0), 23)).toBe(20463);
  });
});

describe('dayNumber with day start 0 behaves like calendar days', () => {
  it('changes day at local midnight', () => {
    expect(dayNumber(local(2026, 0, 9, 23, 59), 0)).toBe(20462);
    expect(dayNumber(local(2026, 0, 10, 0, 0), 0)).toBe(20463);
    expect(dayNumber(local(2026, 0, 10, 3, 59), 0)).toBe(20463);
  });

  it('gives 1970-01-01 day 0 and crosses month and year ends', () => {
    expect(dayNumber(local(1970, 0, 1, 12), 0)).toBe(0);
    expect(dayNumber(local(2026, 0, 31, 12), 0)).toBe(20484);
    expect(dayNumber(local(2026, 1, 1, 12), 0)).toBe(20485);
    expect(dayNumber(local(2026, 11, 31, 23, 59), 0) + 1).toBe(dayNumber(local(2027, 0, 1, 0, 0), 0));
  });
});

describe('dayStartMs and dayEndMs', () => {
  it('start at the local day-start hour of the day’s date and end at the next one', () => {
    expect(dayStartMs(20463, 4)).toBe(local(2026, 0, 10, 4));
    expect(dayEndMs(20463, 4)).toBe(local(2026, 0, 11, 4));
    expect(dayStartMs(20463, 0)).toBe(local(2026, 0, 10, 0));
    expect(dayEndMs(20463, 0)).toBe(local(2026, 0, 11, 0));
  });

  it('"due today" means due before dayEndMs: 03:59 the next morning is today, 04:00 is not', () => {
    const today = dayNumber(local(2026, 0, 10, 12), 4);
    expect(local(2026, 0, 11, 3, 59)).toBeLessThan(dayEndMs(today, 4));
    expect(local(2026, 0, 11, 4, 0)).toBe(dayEndMs(today, 4));
  });

  it('round-trips with dayNumber at both edges of a day', () => {
    for (const hour of [0, 4, 23]) {
      const d = dayNumber(local(2026, 6, 15, 12), hour);
      expect(dayNumber(dayStartMs(d, hour), hour)).toBe(d);
      expect(dayNumber(dayStartMs(d, hour) - 1, hour)).toBe(d - 1);
      expect(dayNumber(dayEndMs(d, hour) - 1, hour)).toBe(d);
      expect(dayNumber(dayEndMs(d, hour), hour)).toBe(d + 1);
    }
  });
});

describe('DST safety (see the note at the top of the file)', () => {
  const first = dayNumber(local(2026, 0, 1, 12), 0);
  const last = dayNumber(local(2026, 11, 31, 12), 0);

  // 23.5 and 24.5 hours: Lord Howe Island moves its clocks by 30 minutes.
  it('every study day of 2026 lasts 23, 24 or 25 hours and days chain exactly', () => {
    for (const hour of [0, 2, 4]) {
      for (let d = first; d <= last; d++) {
        const length = dayEndMs(d, hour) - dayStartMs(d, hour);
        expect([23 * HOUR, 23.5 * HOUR, 24 * HOUR, 24.5 * HOUR, 25 * HOUR]).toContain(length);
        expect(dayStartMs(d + 1, hour)).toBe(dayEndMs(d, hour));
      }
    }
  });

  it('every instant of 2026 lies inside the study day dayNumber gives it', () => {
    const bad: string[] = [];
    for (const hour of [0, 4]) {
      for (let t = local(2026, 0, 1, 0); t < local(2027, 0, 1, 0); t += HOUR / 2) {
        const d = dayNumber(t, hour);
        if (!(dayStartMs(d, hour) <= t && t < dayEndMs(d, hour))) bad.push(`${new Date(t).toString()} (start ${hour}h)`);
      }
    }
    expect(bad).toEqual([]);
  });
});
