// The Settings screen's workload simulation: the next 90 days of a preset's decks at its desired retention and two
// beside it, so a person sees what a higher or lower retention would cost before choosing it. Reads the per-card
// summaries (128 records, never the histories) and simulates in core/simulate.ts.
import { dayNumber } from '../../../core/day';
import { simulateWorkload, summarizeWorkload, workloadCardsOf, type WorkloadDay, type WorkloadSummary } from '../../../core/simulate';
import type { Settings } from '../../../core/settings';
import { readCardColumns } from '../storage/card-columns';
import type { RetainDB } from '../storage/db';

export const WORKLOAD_DAYS = 90;

export interface WorkloadRow extends WorkloadSummary {
  desiredRetention: number;
  /** The preset's own retention (the others are shown beside it). */
  current: boolean;
  days: WorkloadDay[];
}

/** The retentions to compare: the preset's, and 0.05 either side within what the settings allow (0.70-0.99). */
export function retentionsAround(r: number): number[] {
  const round = (x: number) => Math.round(x * 100) / 100;
  return [...new Set([round(Math.max(0.7, r - 0.05)), r, round(Math.min(0.99, r + 0.05))])];
}

export class WorkloadView {
  rows = $state.raw<WorkloadRow[] | null>(null);
  busy = $state(false);
  error = $state<string | null>(null);

  constructor(
    private readonly db: RetainDB,
    /** The preset shown: its settings and its decks. */
    private readonly scope: () => { settings: Settings; deckIds: readonly string[] },
    private readonly clock: () => number = () => Date.now(),
  ) {}

  /** Forgets the last simulation (another preset is shown). */
  clear(): void {
    this.rows = null;
    this.error = null;
  }

  async simulate(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = null;
    try {
      const { settings, deckIds } = this.scope();
      const today = dayNumber(this.clock(), settings.dayStartHour);
      const chunks = await readCardColumns(this.db);
      const { cards, newCards } = workloadCardsOf(chunks, today, settings.dayStartHour, new Set(deckIds));
      // The limits are per deck: the preset's decks together may study as much as each may alone, times their count.
      const decks = Math.max(1, deckIds.length);
      this.rows = retentionsAround(settings.desiredRetention).map((desiredRetention) => {
        const days = simulateWorkload({
          cards,
          newCards,
          params: settings.fsrsParams,
          desiredRetention,
          maximumInterval: settings.maximumInterval,
          newPerDay: settings.newPerDay * decks,
          reviewsPerDay: settings.reviewsPerDay * decks,
          today,
          days: WORKLOAD_DAYS,
          // The same draws for each retention, so the rows differ by the retention alone.
          seed: today,
          learningSteps: settings.learningSteps.length,
          relearningSteps: settings.relearningSteps.length,
        });
        return { desiredRetention, current: desiredRetention === settings.desiredRetention, days, ...summarizeWorkload(days) };
      });
    } catch (e) {
      this.error = `The simulation could not run: ${(e as Error).message}`;
    } finally {
      this.busy = false;
    }
  }
}
