// What the browser's and the review screen's actions do to a card: suspend, unsuspend, bury until the next study
// day, flag. Pure: each gives the card's new record (or the same one when there is nothing to change); storage writes
// them in one transaction and keeps the records from before, which is what undo puts back.
import { placeCard, Queue, type CardRecord, type Flag } from './model';

/** Out of every queue until unsuspended (its place and memory state kept). */
export function suspended(card: CardRecord): CardRecord {
  if (card.queue === Queue.Suspended || card.queue === Queue.Retired) return card;
  const { buriedDay: _day, ...rest } = card;
  return { ...rest, queue: Queue.Suspended };
}

/** Back into the queue its state belongs in (a suspended or buried card; others are left as they are). */
export function restored(card: CardRecord): CardRecord {
  if (card.queue !== Queue.Suspended && card.queue !== Queue.Buried) return card;
  const { buriedDay: _day, ...rest } = card;
  return { ...rest, ...placeCard(card.position, card.sched) };
}

/** Set aside until the study day after `day` (Anki's bury). A suspended card stays suspended. */
export function buried(card: CardRecord, day: number): CardRecord {
  if (card.queue === Queue.Suspended || card.queue === Queue.Retired || (card.queue === Queue.Buried && card.buriedDay === day)) return card;
  return { ...card, queue: Queue.Buried, buriedDay: day };
}

/** With this flag (0: none). */
export function flagged(card: CardRecord, flag: Flag | 0): CardRecord {
  if ((card.flag ?? 0) === flag) return card;
  const { flag: _old, ...rest } = card;
  return flag === 0 ? rest : { ...rest, flag };
}

/**
 * Which way a toggle goes for several cards, as in Anki: Ctrl+1 on cards whose first already has the red flag takes
 * it off them all, else puts it on them all; suspend on cards whose first is suspended unsuspends them all.
 */
export function flagToggle(first: CardRecord | undefined, flag: Flag): Flag | 0 {
  return first?.flag === flag ? 0 : flag;
}

export function suspendToggle(first: CardRecord | undefined): 'suspend' | 'unsuspend' {
  return first?.queue === Queue.Suspended ? 'unsuspend' : 'suspend';
}
