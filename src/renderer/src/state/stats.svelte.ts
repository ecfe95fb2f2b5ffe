// The Statistics screen's state: which decks (all, or one deck with the decks under it) and which period, and the
// panels built for them. Gathering is storage's (one read transaction), building is core's; no DOM here.
import { dayNumber } from '../../../core/day';
import { deckTree } from '../../../core/deck-tree';
import { curveByDeck, type DeckSettings } from '../../../core/presets';
import { buildStats, daysShownFrom, PERIODS, periodStart, type Period, type StatsPanels } from '../../../core/stats/panels';
import type { DeckOverview } from '../storage/collection';
import type { RetainDB } from '../storage/db';
import { gatherStats } from '../storage/stats';

export interface StatsScope {
  /** '' for every deck, else the deck tree row's full name. */
  path: string;
  label: string;
  depth: number;
  /** null: every deck. */
  deckIds: string[] | null;
}

export class StatsView {
  period = $state<Period>('month');
  /** The chosen scope's path ('' for all decks). */
  scope = $state('');
  panels = $state.raw<StatsPanels | null>(null);
  /** Which scope and period `panels` are for (the choice may already have moved on while they load). */
  shown = $state.raw<{ scope: string; period: Period } | null>(null);
  private loads = 0;

  constructor(
    private readonly db: RetainDB,
    private readonly settings: () => DeckSettings,
    private readonly decks: () => readonly DeckOverview[],
    private readonly clock: () => number,
  ) {}

  /** All decks, then every row of the deck tree (a parent covers the decks under it). */
  get scopes(): StatsScope[] {
    const rows = deckTree([...this.decks()]);
    return [
      { path: '', label: 'All decks', depth: 0, deckIds: null },
      ...rows.map((r) => ({ path: r.path, label: r.label, depth: r.depth, deckIds: r.deckIds })),
    ];
  }

  /** Builds the panels for the current choice; a later call wins over one still loading. */
  async load(): Promise<void> {
    const load = ++this.loads;
    const scope = this.scopes.find((s) => s.path === this.scope) ?? this.scopes[0]!;
    const period = this.period;
    const settings = this.settings();
    const nowMs = this.clock();
    const today = dayNumber(nowMs, settings.dayStartHour);
    // Hours only for the period (all time: everything).
    const hoursFrom = period === 'all' ? -Infinity : periodStart(period, today, null);
    // Timed for the benchmark's log (npm run bench): reading, then building.
    const t0 = performance.now();
    const input = await gatherStats(this.db, scope.deckIds, daysShownFrom(period, today), hoursFrom);
    if (load !== this.loads) return;
    const t1 = performance.now();
    performance.measure('stats:gather', { start: t0, end: t1 });
    this.panels = buildStats(input, {
      today,
      nowMs,
      dayStartHour: settings.dayStartHour,
      period,
      decks: scope.deckIds === null ? null : new Set(scope.deckIds),
      curve: curveByDeck(settings),
    });
    performance.measure('stats:build', { start: t1, end: performance.now() });
    this.shown = { scope: scope.path, period };
  }

  async choose(choice: { scope?: string; period?: Period }): Promise<void> {
    if (choice.period !== undefined && PERIODS.includes(choice.period)) this.period = choice.period;
    if (choice.scope !== undefined && this.scopes.some((s) => s.path === choice.scope)) this.scope = choice.scope;
    await this.load();
  }
}
