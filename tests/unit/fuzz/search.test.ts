// Fuzzing the browser's search language (src/core/search.ts): any text is read into a well-formed tree or refused
// with a SearchError that says what is wrong and where (`at`, an offset in the query); never another exception. A
// tree printed back as a query (the printer below) reads back as the same tree.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSearch, SearchError, type Comparison, type IsWhat, type PropName, type SearchNode } from '../../../src/core/search';
import { anyString, expectClearMessage, fuzzFamily, mutateText, offsetsOf, position, textOps, type Outcome, type TextOp } from './arbitraries';

const { property } = fuzzFamily('search');

const IS: readonly IsWhat[] = ['new', 'learn', 'review', 'due', 'suspended', 'buried', 'flagged'];
const PROPS: readonly PropName[] = ['ivl', 's', 'd', 'r', 'reps', 'lapses'];
const COMPARISONS: readonly Comparison[] = ['<', '<=', '>', '>=', '=', '!='];
/** The keys of a `key:value` term: text whose part before the first colon is one of these is not free text. */
const KEYS = ['deck', 'tag', 'is', 'flag', 'prop', 'rated', 'added'];
const MAX_ADDED_DAYS = 100_000;

// ---------------------------------------------------------------------------------------------------------------
// What the parser must give

/** Keys each kind of node has, no more: the browser's matcher and the printer below read exactly these. */
const NODE_KEYS: Record<SearchNode['kind'], string[]> = {
  all: [],
  and: ['children'],
  or: ['children'],
  not: ['child'],
  text: ['text'],
  deck: ['name'],
  tag: ['tag'],
  is: ['what'],
  flag: ['flag'],
  prop: ['prop', 'op', 'value'],
  rated: ['days', 'rating'],
  added: ['days'],
};

const isWhole = (n: unknown, min: number, max: number) => typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;
const isKeyed = (text: string) => {
  const colon = text.indexOf(':');
  return colon > 0 && KEYS.includes(text.slice(0, colon).toLowerCase());
};

/** A tree the browser can match without a surprise; `all` (the empty query) only as the whole tree. */
function expectWellFormed(node: SearchNode, query: string, top = true): void {
  const fail = (what: string) => expect.fail(`${what} in the tree of ${JSON.stringify(query)}: ${JSON.stringify(node)}`);
  const keys = NODE_KEYS[node.kind];
  if (!keys) return fail(`a node of kind ${String(node.kind)}`);
  if (Object.keys(node).sort().join() !== ['kind', ...keys].sort().join()) fail('a node with other keys');
  switch (node.kind) {
    case 'all':
      if (!top) fail('"all" inside a tree');
      break;
    case 'and':
    case 'or':
      // One child is given as that child, so a group always has two or more.
      if (!Array.isArray(node.children) || node.children.length < 2) fail(`${node.kind} without two children`);
      for (const child of node.children) expectWellFormed(child, query, false);
      break;
    case 'not':
      expectWellFormed(node.child, query, false);
      break;
    case 'text':
      if (typeof node.text !== 'string' || node.text === '') fail('empty text');
      if (isKeyed(node.text)) fail('a key:value term read as text');
      break;
    case 'deck':
      if (typeof node.name !== 'string' || node.name === '') fail('a deck without a name');
      break;
    case 'tag':
      if (typeof node.tag !== 'string' || node.tag === '') fail('an empty tag');
      break;
    case 'is':
      if (!IS.includes(node.what)) fail('an unknown is:');
      break;
    case 'flag':
      if (!isWhole(node.flag, 0, 4)) fail('a flag outside 0-4');
      break;
    case 'prop':
      if (!PROPS.includes(node.prop) || !COMPARISONS.includes(node.op)) fail('an unknown property or comparison');
      if (typeof node.value !== 'number' || !Number.isFinite(node.value)) fail('a property compared with a number that is not finite');
      break;
    case 'rated':
      if (!isWhole(node.days, 1, 365)) fail('rated: days outside 1-365');
      if (node.rating !== null && !isWhole(node.rating, 1, 4)) fail('rated: a button outside 1-4');
      break;
    case 'added':
      if (!isWhole(node.days, 1, MAX_ADDED_DAYS)) fail(`added: days outside 1-${MAX_ADDED_DAYS}`);
      break;
  }
}

/**
 * Whether the parentheses outside quotes pair up, as the tokenizer reads them: a backslash takes the next character
 * as it is (in quotes and out), a quote opens or closes a quoted run. An accepted query must have paired ones.
 */
function parenthesesPair(query: string): boolean {
  let depth = 0;
  let inQuote = false;
  for (let i = 0; i < query.length; i++) {
    const c = query[i];
    if (c === '\\') i++;
    else if (c === '"') inQuote = !inQuote;
    else if (!inQuote && c === '(') depth++;
    else if (!inQuote && c === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** Parses `query`: an accepted tree must be well-formed and print back to itself, a refusal must be a clear SearchError. */
function expectSound(query: string): Outcome {
  let tree: SearchNode;
  try {
    tree = parseSearch(query);
  } catch (error) {
    // Rethrown as is, so fast-check shows the real crash (TypeError, RangeError...) and its stack.
    if (!(error instanceof SearchError)) throw error;
    const { at, message } = error;
    if (!Number.isInteger(at) || at < 0 || at > query.length) expect.fail(`at ${at} outside [0, ${query.length}] for ${JSON.stringify(query)}: ${message}`);
    // `at` is where a token starts (never a space), or the end of the query.
    if (at < query.length && /\s/.test(query.charAt(at))) expect.fail(`at ${at} is a space in ${JSON.stringify(query)}: ${message}`);
    expectClearMessage(message, query);
    // The message names the same place, counted from 1.
    if (!new RegExp(`\\bat ${at + 1}\\b`).test(message)) expect.fail(`"${message}" does not name ${at + 1} for ${JSON.stringify(query)}`);
    return 'refused';
  }
  expectWellFormed(tree, query);
  if (!parenthesesPair(query)) expect.fail(`${JSON.stringify(query)} has unpaired parentheses but was read as ${JSON.stringify(tree)}`);
  expect(parseSearch(print(tree, PLAIN)), `the tree of ${JSON.stringify(query)} printed back`).toEqual(tree);
  return 'accepted';
}

// ---------------------------------------------------------------------------------------------------------------
// A printer: a tree as query text

interface Style {
  /** Quote every value, not only those that need it. */
  quote: boolean;
  /** Between the terms of an AND, and around an OR. */
  and: string;
  or: string;
  /** Inside parentheses, before and after. */
  inner: string;
  upperKeys: boolean;
  /** Leading zeros on whole numbers. */
  zeros: string;
}
const PLAIN: Style = { quote: false, and: ' ', or: ' OR ', inner: '', upperKeys: false, zeros: '' };

/** What ends or changes an unquoted term: a space, a parenthesis, a quote, a backslash. */
const UNSAFE = /[\s()"\\]/;
const quoted = (s: string) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
const value = (s: string, style: Style) => (style.quote || s === '' || UNSAFE.test(s) ? quoted(s) : s);

/** A number as the parser reads one: digits and a point, no exponent (1e21 is 1000000000000000000000). */
function decimal(n: number): string {
  if (Object.is(n, -0)) return '-0';
  const s = String(n);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign = '', int = '', frac = '', exp = ''] = m;
  const digits = int + frac;
  const point = 1 + Number(exp);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

function print(node: SearchNode, style: Style): string {
  const key = (k: string) => (style.upperKeys ? k.toUpperCase() : k) + ':';
  const whole = (n: number) => style.zeros + String(n);
  // A group in parentheses; a negation inside a negation too, or "--x" would be the text "-x" negated.
  const group = (n: SearchNode, negated: boolean) =>
    n.kind === 'and' || n.kind === 'or' || (negated && n.kind === 'not') ? `(${style.inner}${print(n, style)}${style.inner})` : print(n, style);
  switch (node.kind) {
    case 'all':
      return '';
    case 'and':
      return node.children.map((c) => group(c, false)).join(style.and);
    case 'or':
      return node.children.map((c) => group(c, false)).join(style.or);
    case 'not':
      return `-${group(node.child, true)}`;
    case 'text': {
      const t = node.text;
      const bare = !style.quote && !UNSAFE.test(t) && !t.startsWith('-') && !/^(or|and)$/i.test(t);
      return bare ? t : quoted(t);
    }
    case 'deck':
      return key('deck') + value(node.name, style);
    case 'tag':
      return key('tag') + value(node.tag, style);
    case 'is':
      return key('is') + (style.upperKeys ? node.what.toUpperCase() : node.what);
    case 'flag':
      return key('flag') + whole(node.flag);
    case 'prop':
      return `${key('prop')}${style.upperKeys ? node.prop.toUpperCase() : node.prop}${node.op}${decimal(node.value)}`;
    case 'rated':
      return key('rated') + whole(node.days) + (node.rating === null ? '' : `:${whole(node.rating)}`);
    case 'added':
      return key('added') + whole(node.days);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Inputs

/** Characters that mean something to the search language, and some that do not. */
const SEARCH_CHARS = '()":-\\ *';
const searchChar = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SEARCH_CHARS) },
  { weight: 2, arbitrary: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDELORSTUVXYZ') },
  { weight: 1, arbitrary: fc.constantFrom(...'0123456789.<>=!\t\n\u00a0\u2028\uFEFFé亚:') },
);

// Trees to print (and single valid terms for the text below): every kind of node, values that need quoting, numbers
// of every size.
const nameText = fc.string({ unit: fc.oneof({ weight: 4, arbitrary: searchChar }, { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) }), minLength: 1, maxLength: 12 });
const propValue = fc.oneof(
  fc.integer({ min: -1000, max: 100_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 0.8, 1e21, 1e-7, 5e-324, Number.MAX_VALUE, -Number.MAX_VALUE),
);
const leaf: fc.Arbitrary<SearchNode> = fc.oneof(
  nameText.filter((t) => !isKeyed(t)).map((text) => ({ kind: 'text' as const, text })),
  nameText.map((name) => ({ kind: 'deck' as const, name })),
  nameText.map((tag) => ({ kind: 'tag' as const, tag })),
  fc.constantFrom(...IS).map((what) => ({ kind: 'is' as const, what })),
  fc.constantFrom(0, 1, 2, 3, 4 as const).map((flag) => ({ kind: 'flag' as const, flag })),
  fc.record({ kind: fc.constant('prop' as const), prop: fc.constantFrom(...PROPS), op: fc.constantFrom(...COMPARISONS), value: propValue }),
  fc.record({ kind: fc.constant('rated' as const), days: fc.integer({ min: 1, max: 365 }), rating: fc.constantFrom(null, 1, 2, 3, 4 as const) }),
  fc.record({ kind: fc.constant('added' as const), days: fc.integer({ min: 1, max: MAX_ADDED_DAYS }) }),
);
const { node: searchTree } = fc.letrec<{ node: SearchNode; and: SearchNode; or: SearchNode; not: SearchNode }>((tie) => ({
  node: fc.oneof({ maxDepth: 5, depthSize: 'small' }, leaf, tie('and'), tie('or'), tie('not')),
  and: fc.record({ kind: fc.constant('and' as const), children: fc.array(tie('node'), { minLength: 2, maxLength: 4 }) }),
  or: fc.record({ kind: fc.constant('or' as const), children: fc.array(tie('node'), { minLength: 2, maxLength: 4 }) }),
  not: fc.record({ kind: fc.constant('not' as const), child: tie('node') }),
}));

/** Numbers as text: in range, out of it, malformed, and far too long for a double (Infinity). */
const numberText = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -5, max: 400 }).map(String) },
  { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map(decimal) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('0', '00', '007', '0.8', '.5', '1.', '-1', '-.5', '1e3', '1e999', '0x10', '+1', 'NaN', 'Infinity', '', '.', '-', '1..2',
      '9'.repeat(400), `1${'0'.repeat(308)}`, `1${'0'.repeat(309)}`, `0.${'0'.repeat(400)}1`, '99999999999999999999'),
  },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 300, maxLength: 420 }) },
);

const word = fc.string({ unit: searchChar, minLength: 0, maxLength: 8 });
const keyWord = fc.oneof(fc.constantFrom(...KEYS), fc.constantFrom('DECK', 'Tag', 'IS', 'prop', 'x', ''));

/** One term: a valid one printed from a node, or `key:value` with a value of about the right shape, or not. */
const termText: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(leaf, fc.boolean()).map(([node, upperKeys]) => print(node, { ...PLAIN, upperKeys })),
  fc.constantFrom(...PROPS).chain((p) => fc.tuple(fc.constantFrom(...COMPARISONS), numberText).map(([op, n]) => `prop:${p}${op}${n}`)),
  fc.tuple(keyWord, word).map(([k, v]) => `${k}:${v}`),
  fc.tuple(fc.constantFrom('deck', 'tag'), word).map(([k, v]) => `${k}:"${v}"`),
  fc.constantFrom(...IS, 'fresh', 'DUE', '').map((w) => `is:${w}`),
  numberText.map((n) => `flag:${n}`),
  fc
    .tuple(fc.constantFrom(...PROPS, 'IVL', 'size', ''), fc.constantFrom(...COMPARISONS, '=>', '==', '<>', ''), numberText)
    .map(([p, op, n]) => `prop:${p}${op}${n}`),
  fc.tuple(numberText, fc.option(numberText, { nil: undefined }), fc.boolean()).map(([d, r, extra]) => `rated:${d}${r === undefined ? '' : `:${r}`}${extra ? ':1' : ''}`),
  numberText.map((n) => `added:${n}`),
  word,
);

/** Terms, operators and parentheses in any order: text that looks like a query, well formed or not. */
const querySoup = fc
  .array(
    fc.oneof(
      { weight: 5, arbitrary: termText },
      { weight: 1, arbitrary: termText.map((t) => `-${t}`) },
      { weight: 2, arbitrary: fc.constantFrom('(', ')', '-(', '-)', '"', '\\', 'OR', 'or', 'AND', 'and', '-', '""', '()') },
    ),
    { maxLength: 10 },
  )
  .chain((parts) => fc.array(fc.constantFrom(' ', ' ', ' ', '', '  ', '\t'), { minLength: parts.length, maxLength: parts.length }).map((gaps) => parts.map((p, i) => p + gaps[i]).join('')));

/** Realistic queries, all valid, as a user types them into the browser. */
const VALID = [
  'deck:"NATO::Terms" is:due',
  'tag:leech OR flag:1',
  '-is:suspended prop:ivl>=10',
  '(rated:7:1 OR added:30) "small yards"',
  'prop:r<0.8',
  'deck:Term* -tag:verbs::irregular',
  '"deck:China and NATO" (is:new OR is:learn) -flag:0',
  'prop:d>7.5 prop:lapses>=3 is:review',
  'say \\"hi\\" -(tag:x AND tag:y)',
  'rated:1 OR rated:365:4 OR added:100000',
  '10:30 is:buried or is:flagged',
  'prop:s!=.5 prop:reps=0 -"high walls"',
];
const HOT_CHARS = '()":- ';

/** Edits with the characters of the language: a quote, a parenthesis, a minus or a colon moved changes the tree. */
const searchOp: fc.Arbitrary<TextOp> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('insert' as const), at: position, text: fc.oneof(searchChar, fc.string({ unit: searchChar, minLength: 1, maxLength: 4 }), fc.constantFrom('OR ', ' AND ', '-(', '-)', ')', '(', '9'.repeat(400))) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('replace' as const), at: position, text: searchChar }) },
);
const searchOps = fc.array(searchOp, { minLength: 1, maxLength: 4 });

const style: fc.Arbitrary<Style> = fc.record({
  quote: fc.boolean(),
  and: fc.constantFrom(' ', '  ', '\t', '\n', ' AND ', ' and '),
  or: fc.constantFrom(' OR ', ' or ', '\tOR\n'),
  inner: fc.constantFrom('', ' '),
  upperKeys: fc.boolean(),
  zeros: fc.constantFrom('', '', '0', '00'),
});

describe('the search language, fuzzed', () => {
  it('reads every base query', () => {
    for (const query of VALID) expect(expectSound(query), query).toBe('accepted');
  });

  property('parseSearch: arbitrary text', fc.oneof({ weight: 3, arbitrary: querySoup }, { weight: 1, arbitrary: termText }, { weight: 1, arbitrary: anyString(80) }, { weight: 1, arbitrary: fc.string({ unit: searchChar, maxLength: 40 }) }), expectSound, { timeoutMs: 30_000, bothOutcomes: true });

  property(
    'parseSearch: mutated valid queries',
    fc.tuple(fc.constantFrom(...VALID), fc.oneof({ weight: 3, arbitrary: searchOps }, { weight: 1, arbitrary: textOps })),
    ([base, ops]) => expectSound(mutateText(base, ops, offsetsOf(base, HOT_CHARS))),
    { timeoutMs: 30_000, bothOutcomes: true },
  );

  property(
    'parseSearch: printed trees parse back',
    fc.tuple(fc.oneof({ weight: 20, arbitrary: searchTree }, { weight: 1, arbitrary: fc.constant<SearchNode>({ kind: 'all' }) }), style),
    ([tree, s]): Outcome => {
      const query = print(tree, s);
      expect(parseSearch(query), query).toEqual(tree);
      return 'accepted';
    },
    { timeoutMs: 30_000 },
  );
});
