// The browser's search language (src/core/search.ts): each operator, how terms combine, and a clear message naming
// the place for each kind of malformed query.
import { describe, expect, it } from 'vitest';
import { parseSearch, SearchError, type SearchNode } from '../../../src/core/search';

const text = (t: string): SearchNode => ({ kind: 'text', text: t });
function errorOf(query: string): SearchError {
  try {
    parseSearch(query);
  } catch (e) {
    if (e instanceof SearchError) return e;
    throw e;
  }
  throw new Error(`"${query}" was read without an error`);
}

describe('parseSearch', () => {
  it('reads an empty query as every card, and free text as text', () => {
    expect(parseSearch('')).toEqual({ kind: 'all' });
    expect(parseSearch('   ')).toEqual({ kind: 'all' });
    expect(parseSearch('yards')).toEqual(text('yards'));
    expect(parseSearch('"small yards with high walls"')).toEqual(text('small yards with high walls'));
    expect(parseSearch('10:30')).toEqual(text('10:30'));
    expect(parseSearch('say \\"hi\\"')).toEqual({ kind: 'and', children: [text('say'), text('"hi"')] });
  });

  it('reads deck: and tag:, quoted either way', () => {
    expect(parseSearch('deck:"China and NATO::Terms"')).toEqual({ kind: 'deck', name: 'China and NATO::Terms' });
    expect(parseSearch('"deck:My deck"')).toEqual({ kind: 'deck', name: 'My deck' });
    expect(parseSearch('deck:Term*')).toEqual({ kind: 'deck', name: 'Term*' });
    expect(parseSearch('tag:dates')).toEqual({ kind: 'tag', tag: 'dates' });
    expect(parseSearch('TAG:x::y')).toEqual({ kind: 'tag', tag: 'x::y' });
  });

  it('reads is:, flag:, prop:, rated: and added:', () => {
    for (const what of ['new', 'learn', 'review', 'due', 'suspended', 'buried', 'flagged'] as const) {
      expect(parseSearch(`is:${what}`)).toEqual({ kind: 'is', what });
    }
    expect(parseSearch('is:DUE')).toEqual({ kind: 'is', what: 'due' });
    expect(parseSearch('flag:0')).toEqual({ kind: 'flag', flag: 0 });
    expect(parseSearch('flag:4')).toEqual({ kind: 'flag', flag: 4 });
    expect(parseSearch('prop:ivl>=10')).toEqual({ kind: 'prop', prop: 'ivl', op: '>=', value: 10 });
    expect(parseSearch('prop:s<5')).toEqual({ kind: 'prop', prop: 's', op: '<', value: 5 });
    expect(parseSearch('prop:r<0.8')).toEqual({ kind: 'prop', prop: 'r', op: '<', value: 0.8 });
    expect(parseSearch('prop:d!=5.5')).toEqual({ kind: 'prop', prop: 'd', op: '!=', value: 5.5 });
    expect(parseSearch('prop:lapses=3')).toEqual({ kind: 'prop', prop: 'lapses', op: '=', value: 3 });
    expect(parseSearch('prop:reps>.5')).toEqual({ kind: 'prop', prop: 'reps', op: '>', value: 0.5 });
    expect(parseSearch('rated:7')).toEqual({ kind: 'rated', days: 7, rating: null });
    expect(parseSearch('rated:7:1')).toEqual({ kind: 'rated', days: 7, rating: 1 });
    expect(parseSearch('added:30')).toEqual({ kind: 'added', days: 30 });
  });

  it('combines: all terms must match, OR between two, - negates, parentheses group', () => {
    expect(parseSearch('deck:A tag:x')).toEqual({ kind: 'and', children: [{ kind: 'deck', name: 'A' }, { kind: 'tag', tag: 'x' }] });
    expect(parseSearch('a and b')).toEqual(parseSearch('a b'));
    expect(parseSearch('a OR b c')).toEqual({ kind: 'or', children: [text('a'), { kind: 'and', children: [text('b'), text('c')] }] });
    expect(parseSearch('a or b')).toEqual({ kind: 'or', children: [text('a'), text('b')] });
    expect(parseSearch('"or"')).toEqual(text('or'));
    expect(parseSearch('-is:suspended')).toEqual({ kind: 'not', child: { kind: 'is', what: 'suspended' } });
    expect(parseSearch('-"high walls"')).toEqual({ kind: 'not', child: text('high walls') });
    expect(parseSearch('(a OR b) c')).toEqual({ kind: 'and', children: [{ kind: 'or', children: [text('a'), text('b')] }, text('c')] });
    expect(parseSearch('-(is:new OR is:learn) deck:X')).toEqual({
      kind: 'and',
      children: [{ kind: 'not', child: { kind: 'or', children: [{ kind: 'is', what: 'new' }, { kind: 'is', what: 'learn' }] } }, { kind: 'deck', name: 'X' }],
    });
    expect(parseSearch('a-b')).toEqual(text('a-b'));
  });

  it('refuses a malformed query with a message that names the problem and where it is', () => {
    const cases: [string, RegExp, number][] = [
      ['"open', /quote at 1 is not closed/, 0],
      ['deck:"My deck', /quote at 6 is not closed/, 5],
      ['(a OR b', /"\(" at 1 is not closed/, 0],
      ['a)', /"\)" at 2 closes nothing/, 1],
      [')', /"\)" at 1 closes nothing/, 0],
      ['a (', /ends at 4 inside parentheses/, 3],
      ['()', /Empty parentheses at 1/, 0],
      ['a OR', /OR at 3 needs a term on both sides/, 2],
      ['OR a', /OR at 1 needs a term on both sides/, 0],
      ['a OR OR b', /OR at 3 needs a term on both sides/, 2],
      ['a AND', /AND at 3 needs a term on both sides/, 2],
      ['- a', /Nothing after "-" at 1/, 0],
      ['is:fresh', /is: takes new, learn, review, due, suspended, buried, flagged \(got "fresh"\) at 1/, 0],
      ['flag:5', /flag: must be from 0 to 4 \(got 5\)/, 0],
      ['flag:red', /flag: needs a whole number \(got "red"\)/, 0],
      ['x prop:ivl', /prop: needs a property, a comparison and a number at 3/, 2],
      ['prop:size>3', /prop: knows ivl, s, d, r, reps, lapses \(got "size"\)/, 0],
      ['prop:ivl>=ten', /prop:ivl needs a number \(got "ten"\)/, 0],
      ['rated:0', /rated: must be from 1 to 365 \(got 0\)/, 0],
      ['rated:400', /rated: must be from 1 to 365/, 0],
      ['rated:7:5', /The button of rated: must be from 1 to 4 \(got 5\)/, 0],
      ['rated:7:1:2', /rated: takes days and at most a button/, 0],
      ['added:', /added: needs a whole number/, 0],
      ['deck:', /deck: needs a deck name at 1/, 0],
      ['tag:', /tag: needs a tag at 1/, 0],
      ['""', /An empty term/, 0],
    ];
    for (const [query, message, at] of cases) {
      const e = errorOf(query);
      expect(e.message, query).toMatch(message);
      expect(e.at, query).toBe(at);
    }
    expect(errorOf('('.repeat(60) + 'a' + ')'.repeat(60)).message).toMatch(/nested too deep/);
  });

  // Found by tests/unit/fuzz/search.test.ts.
  it('refuses a "-" before a ")" rather than reading the ")" as the "(" of a negated group', () => {
    // Was read as not(text "a"): the ")" after "-" opened a group that the second ")" closed.
    for (const [query, at] of [['-)a)', 0], ['-): )', 0], ['a -)', 2], ['(a -)', 3]] as const) {
      const e = errorOf(query);
      expect(e.message, query).toMatch(new RegExp(`Nothing after "-" at ${at + 1}`));
      expect(e.at, query).toBe(at);
    }
    expect(parseSearch('-(a)')).toEqual({ kind: 'not', child: text('a') });
  });

  it('refuses a prop: number too large for a double rather than comparing with Infinity', () => {
    // Was { value: Infinity } (null once stored as JSON).
    const e = errorOf(`x prop:ivl>${'9'.repeat(400)}`);
    expect(e.message).toMatch(/prop:ivl needs a smaller number .* at 3/);
    expect(e.at).toBe(2);
    expect(parseSearch(`prop:ivl<1${'0'.repeat(308)}`)).toEqual({ kind: 'prop', prop: 'ivl', op: '<', value: 1e308 });
    expect(parseSearch(`prop:r<0.${'0'.repeat(400)}1`)).toEqual({ kind: 'prop', prop: 'r', op: '<', value: 0 });
  });
});
