// The workload simulation as the Settings screen runs it (state/workload.svelte.ts): the preset's decks only, its
// retention and one each side of it, more reviews the higher the retention.
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { Rating } from '../../../src/core/scheduler';
import { syncBundledDecks } from '../../../src/renderer/src/storage/bundled-decks';
import type { RetainDB } from '../../../src/renderer/src/storage/db';
import { retentionsAround, WorkloadView } from '../../../src/renderer/src/state/workload.svelte';
import { ALPHA_CARDS, alphaDeck, answer, betaDeck, DAY, freshDb, settingsWith, T0 } from '../storage/fixtures';

let db: RetainDB;

beforeEach(async () => {
  db = freshDb();
  await syncBundledDecks(db, [alphaDeck(), betaDeck()], T0);
  for (const day of [0, 1, 3]) for (const id of ALPHA_CARDS) await answer(db, id, Rating.Good, T0 + day * DAY);
});

describe('the workload of a preset', () => {
  it("compares the preset's retention with 0.05 either side, within 0.70-0.99", () => {
    expect(retentionsAround(0.9)).toEqual([0.85, 0.9, 0.95]);
    expect(retentionsAround(0.7)).toEqual([0.7, 0.75]);
    expect(retentionsAround(0.97)).toEqual([0.92, 0.97, 0.99]);
  });

  it("simulates only the preset's decks: more reviews a day at a higher retention", async () => {
    const settings = settingsWith({ newPerDay: 0 });
    const alpha = new WorkloadView(db, () => ({ settings, deckIds: ['alpha'] }), () => T0 + 4 * DAY);
    await alpha.simulate();
    expect(alpha.error).toBeNull();
    const rows = alpha.rows!;
    expect(rows.map((r) => [r.desiredRetention, r.current])).toEqual([[0.85, false], [0.9, true], [0.95, false]]);
    expect(rows[0]!.reviewsPerDay).toBeLessThan(rows[2]!.reviewsPerDay);
    expect(rows[1]!.days).toHaveLength(90);
    // Beta was never studied and its preset introduces no new cards: nothing to do.
    const beta = new WorkloadView(db, () => ({ settings, deckIds: ['beta'] }), () => T0 + 4 * DAY);
    await beta.simulate();
    expect(beta.rows!.every((r) => r.answersPerDay === 0)).toBe(true);
  });
});
