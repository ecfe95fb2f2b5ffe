// The search language of the card browser, modelled on Anki's (rslib/src/search/parser.rs): terms separated by
// spaces must all match, `OR` between two terms lets either match, `-` before a term negates it, parentheses group.
// A term is free text (matched against the note's fields) or one of:
//   deck:"Name"   the deck and the decks under it (`Parent::Child`); `*` matches any run of characters
//   tag:x         a tag (`*` as above; a tag's children, `x::y`, match too)
//   is:new is:learn is:review is:due is:suspended is:buried is:flagged
//   flag:0-4      the card's flag (0: none)
//   prop:ivl>=10  interval in days; also prop:s (stability, days), prop:d (difficulty, 1-10), prop:r
//                 (retrievability now, 0-1), prop:reps, prop:lapses; operators < <= > >= = !=
//   rated:7       answered in the last 7 days (today included; at most 365); rated:7:1 with that button (1-4)
//   added:30      added in the last 30 days
// Quotes take a term with spaces ("deck:My deck" or deck:"My deck"); a backslash escapes a quote. Parsing is pure
// and gives a tree (SearchNode) or a SearchError naming what is wrong and where; matching is the browser's.

export type IsWhat = 'new' | 'learn' | 'review' | 'due' | 'suspended' | 'buried' | 'flagged';
export type PropName = 'ivl' | 's' | 'd' | 'r' | 'reps' | 'lapses';
export type Comparison = '<' | '<=' | '>' | '>=' | '=' | '!=';

export type SearchNode =
  | { kind: 'all' }
  | { kind: 'and'; children: SearchNode[] }
  | { kind: 'or'; children: SearchNode[] }
  | { kind: 'not'; child: SearchNode }
  | { kind: 'text'; text: string }
  | { kind: 'deck'; name: string }
  | { kind: 'tag'; tag: string }
  | { kind: 'is'; what: IsWhat }
  | { kind: 'flag'; flag: 0 | 1 | 2 | 3 | 4 }
  | { kind: 'prop'; prop: PropName; op: Comparison; value: number }
  | { kind: 'rated'; days: number; rating: 1 | 2 | 3 | 4 | null }
  | { kind: 'added'; days: number };

/** A query that cannot be read: the message says what and where (`at`: the offset in the query, 0-based). */
export class SearchError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
    this.name = 'SearchError';
  }
}

const IS: readonly IsWhat[] = ['new', 'learn', 'review', 'due', 'suspended', 'buried', 'flagged'];
const PROPS: readonly PropName[] = ['ivl', 's', 'd', 'r', 'reps', 'lapses'];
const MAX_RATED_DAYS = 365;

type Token =
  | { type: 'open' | 'close' | 'or' | 'and'; at: number }
  | { type: 'term'; text: string; negated: boolean; at: number; quoted: boolean };

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      tokens.push({ type: c === '(' ? 'open' : 'close', at: i });
      i++;
      continue;
    }
    const at = i;
    let negated = false;
    if (c === '-') {
      negated = true;
      i++;
      // A ")" right after it is no term either (it would be read as the "(" of a negated group).
      if (i >= query.length || /\s/.test(query[i]!) || query[i] === ')') throw new SearchError(`Nothing after "-" at ${at + 1}: put the term to leave out right after it.`, at);
      if (query[i] === '(') {
        // -( ... ): the negation of a group.
        tokens.push({ type: 'term', text: '', negated: true, at, quoted: false });
        continue;
      }
    }
    // A term runs to the next space or parenthesis outside quotes.
    let text = '';
    let quoted = false;
    while (i < query.length && !/\s/.test(query[i]!) && query[i] !== '(' && query[i] !== ')') {
      if (query[i] === '"') {
        const open = i;
        quoted = true;
        i++;
        while (i < query.length && query[i] !== '"') {
          if (query[i] === '\\' && i + 1 < query.length) i++;
          text += query[i];
          i++;
        }
        if (i >= query.length) throw new SearchError(`The quote at ${open + 1} is not closed.`, open);
        i++;
      } else {
        if (query[i] === '\\' && i + 1 < query.length) i++;
        text += query[i];
        i++;
      }
    }
    if (!negated && !quoted && /^(or|and)$/i.test(text)) tokens.push({ type: text.toLowerCase() as 'or' | 'and', at });
    else tokens.push({ type: 'term', text, negated, at, quoted });
  }
  return tokens;
}

function whole(text: string, what: string, at: number, min: number, max: number): number {
  if (!/^\d+$/.test(text)) throw new SearchError(`${what} needs a whole number (got "${text}") at ${at + 1}.`, at);
  const n = Number(text);
  if (n < min || n > max) throw new SearchError(`${what} must be from ${min} to ${max} (got ${n}) at ${at + 1}.`, at);
  return n;
}

function termNode(text: string, at: number): SearchNode {
  const colon = text.indexOf(':');
  const key = colon > 0 ? text.slice(0, colon).toLowerCase() : '';
  const value = colon > 0 ? text.slice(colon + 1) : '';
  switch (key) {
    case 'deck':
      if (value === '') throw new SearchError(`deck: needs a deck name at ${at + 1}, like deck:"My deck".`, at);
      return { kind: 'deck', name: value };
    case 'tag':
      if (value === '') throw new SearchError(`tag: needs a tag at ${at + 1}, like tag:verbs.`, at);
      return { kind: 'tag', tag: value };
    case 'is': {
      const what = value.toLowerCase() as IsWhat;
      if (!IS.includes(what)) throw new SearchError(`is: takes ${IS.join(', ')} (got "${value}") at ${at + 1}.`, at);
      return { kind: 'is', what };
    }
    case 'flag':
      return { kind: 'flag', flag: whole(value, 'flag:', at, 0, 4) as 0 | 1 | 2 | 3 | 4 };
    case 'prop': {
      const m = /^([a-z]+)(<=|>=|!=|<|>|=)(.*)$/i.exec(value);
      if (!m) throw new SearchError(`prop: needs a property, a comparison and a number at ${at + 1}, like prop:ivl>=10.`, at);
      const prop = m[1]!.toLowerCase() as PropName;
      if (!PROPS.includes(prop)) throw new SearchError(`prop: knows ${PROPS.join(', ')} (got "${m[1]}") at ${at + 1}.`, at);
      const number = m[3]!;
      if (!/^-?(\d+\.?\d*|\.\d+)$/.test(number)) throw new SearchError(`prop:${prop} needs a number (got "${number}") at ${at + 1}.`, at);
      // Past about 1.8e308 (309 digits) a number is Infinity as a double: refused, as a number the tree cannot hold.
      const n = Number(number);
      if (!Number.isFinite(n)) throw new SearchError(`prop:${prop} needs a smaller number (got one of ${number.length} characters) at ${at + 1}.`, at);
      return { kind: 'prop', prop, op: m[2] as Comparison, value: n };
    }
    case 'rated': {
      const [days, rating, extra] = value.split(':');
      if (extra !== undefined) throw new SearchError(`rated: takes days and at most a button, like rated:7:1 (got "${value}") at ${at + 1}.`, at);
      return {
        kind: 'rated',
        days: whole(days ?? '', 'rated:', at, 1, MAX_RATED_DAYS),
        rating: rating === undefined ? null : (whole(rating, 'The button of rated:', at, 1, 4) as 1 | 2 | 3 | 4),
      };
    }
    case 'added':
      return { kind: 'added', days: whole(value, 'added:', at, 1, 100_000) };
    default:
      // Anything else is text (a field may hold "10:30" or "note: see below").
      if (text === '') throw new SearchError(`An empty term ("") at ${at + 1}.`, at);
      return { kind: 'text', text };
  }
}

/**
 * Reads a query into a tree. An empty query (or only spaces) is every card. Throws SearchError for a query that
 * cannot be read.
 */
export function parseSearch(query: string): SearchNode {
  const tokens = tokenize(query);
  let pos = 0;
  const peek = () => tokens[pos];

  // or := and ('OR' and)* ; and := unary (('AND')? unary)* ; unary := term | '-'? '(' or ')'
  const parseOr = (depth: number): SearchNode => {
    const children = [parseAnd(depth)];
    while (peek()?.type === 'or') {
      const or = tokens[pos++]!;
      const next = peek();
      if (!next || next.type === 'close' || next.type === 'or' || next.type === 'and') {
        throw new SearchError(`OR at ${or.at + 1} needs a term on both sides.`, or.at);
      }
      children.push(parseAnd(depth));
    }
    return children.length === 1 ? children[0]! : { kind: 'or', children };
  };

  const parseAnd = (depth: number): SearchNode => {
    const children: SearchNode[] = [];
    for (;;) {
      const t = peek();
      if (!t || t.type === 'or' || t.type === 'close') break;
      if (t.type === 'and') {
        pos++;
        const next = peek();
        if (children.length === 0 || !next || next.type === 'close' || next.type === 'or' || next.type === 'and') {
          throw new SearchError(`AND at ${t.at + 1} needs a term on both sides.`, t.at);
        }
        continue;
      }
      children.push(parseUnary(depth));
    }
    if (children.length === 0) {
      const t = peek();
      const at = t?.at ?? query.length;
      if (t?.type === 'or') throw new SearchError(`OR at ${at + 1} needs a term on both sides.`, at);
      if (t?.type === 'close' && depth === 0) throw new SearchError(`A ")" at ${at + 1} closes nothing.`, at);
      if (!t && depth > 0) throw new SearchError(`The query ends at ${at + 1} inside parentheses: a "(" is not closed.`, at);
      throw new SearchError(`Empty parentheses at ${at + 1}.`, at);
    }
    return children.length === 1 ? children[0]! : { kind: 'and', children };
  };

  const parseUnary = (depth: number): SearchNode => {
    const t = tokens[pos]!;
    if (t.type === 'term' && t.negated && t.text === '' && !t.quoted) {
      pos++;
      return { kind: 'not', child: parseGroup(depth) };
    }
    if (t.type === 'open') return parseGroup(depth);
    if (t.type === 'close') throw new SearchError(`A ")" at ${t.at + 1} closes nothing.`, t.at);
    pos++;
    if (t.type !== 'term') throw new SearchError(`Unexpected ${t.type.toUpperCase()} at ${t.at + 1}.`, t.at);
    const node = termNode(t.text, t.at);
    return t.negated ? { kind: 'not', child: node } : node;
  };

  const parseGroup = (depth: number): SearchNode => {
    const open = tokens[pos]!;
    if (depth > 50) throw new SearchError(`Parentheses nested too deep at ${open.at + 1}.`, open.at);
    pos++;
    if (peek()?.type === 'close') throw new SearchError(`Empty parentheses at ${open.at + 1}.`, open.at);
    const inner = parseOr(depth + 1);
    if (peek()?.type !== 'close') throw new SearchError(`The "(" at ${open.at + 1} is not closed.`, open.at);
    pos++;
    return inner;
  };

  if (tokens.length === 0) return { kind: 'all' };
  const tree = parseOr(0);
  const rest = peek();
  if (rest) throw new SearchError(rest.type === 'close' ? `A ")" at ${rest.at + 1} closes nothing.` : `Unexpected text at ${rest.at + 1}.`, rest.at);
  return tree;
}
