// How the Browse screen shows each column of a card's row (the index holds numbers; this makes them read as Anki's
// browser does).
import type { BrowseColumn, BrowseIndex, SearchContext } from '../../../../core/browse';
import { MINUTE_MS } from '../../../../core/card-columns';
import { FLAG_NAMES, Queue, type Flag } from '../../../../core/model';
import { formatInterval, State } from '../../../../core/scheduler';

const DAY_MS = 86_400_000;
const date = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const dateTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

export const COLUMN_LABELS: Record<BrowseColumn, string> = {
  sortField: 'Sort field',
  deck: 'Deck',
  due: 'Due',
  interval: 'Interval',
  stability: 'Stability',
  retrievability: 'Retrievability',
  reps: 'Reviews',
  lapses: 'Lapses',
  tags: 'Tags',
  flag: 'Flag',
};

/** Numbers align right. */
export const NUMERIC: ReadonlySet<BrowseColumn> = new Set(['interval', 'stability', 'retrievability', 'reps', 'lapses']);

export function cellText(index: BrowseIndex, row: number, column: BrowseColumn, ctx: Pick<SearchContext, 'nowMs' | 'curve'>): string {
  const isNew = index.state[row] === State.New;
  switch (column) {
    case 'sortField':
      return index.sortFieldOf(row);
    case 'deck':
      return index.deckOf(row).name;
    case 'due': {
      const queue = index.queue[row]!;
      let text: string;
      if (isNew) text = 'New';
      else {
        const due = index.due[row]! * MINUTE_MS;
        text = index.state[row] === State.Review ? date.format(due) : dateTime.format(due);
      }
      // As in Anki: a card out of its queue shows its due date in parentheses.
      return queue === Queue.Suspended || queue === Queue.Buried ? `(${text})` : text;
    }
    case 'interval':
      // As in Anki: a card in (re)learning has no interval in days yet.
      if (isNew) return '';
      return index.state[row] === State.Review ? formatInterval(index.scheduledDays[row]! * DAY_MS) : 'learning';
    case 'stability': {
      if (isNew) return '';
      const days = index.stability[row]!;
      return days < 1 ? `${Math.round(days * 10) / 10}d` : formatInterval(days * DAY_MS);
    }
    case 'retrievability': {
      const r = index.retrievability(row, ctx.nowMs, ctx.curve);
      return r === null ? '' : `${Math.round(r * 100)}%`;
    }
    case 'reps':
      return String(index.reps[row]);
    case 'lapses':
      return String(index.lapses[row]);
    case 'tags':
      return index.tagsOf(row);
    case 'flag': {
      const flag = index.flag[row]! as Flag | 0;
      return flag === 0 ? '' : FLAG_NAMES[flag];
    }
  }
}

/** What the row's look says beyond its text (a suspended card is dimmed, a flagged one tinted), as class names. */
export function rowClass(index: BrowseIndex, row: number): string {
  const queue = index.queue[row]!;
  const flag = index.flag[row]!;
  return [queue === Queue.Suspended ? 'suspended' : queue === Queue.Buried ? 'buried' : '', flag ? `flag-${flag}` : ''].filter(Boolean).join(' ');
}
