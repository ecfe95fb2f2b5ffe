import { describe, expect, it } from 'vitest';
import { cardId, cardOrds, renderCard } from '../../../src/core/cards';
import { parseCloze, renderClozeAnswer, renderClozeQuestion } from '../../../src/core/cloze';
import type { BasicNote, ClozeNote } from '../../../src/core/deck-types';

const basic: BasicNote = { id: 'b1', kind: 'basic', front: 'Capital of <i>France</i>?', back: 'Paris', tags: [], section: 'S' };
const reversed: BasicNote = { ...basic, id: 'r1', kind: 'basic-reversed', front: 'chat', back: 'cat' };

function cloze(text: string, extra?: string): ClozeNote {
  const note: ClozeNote = { id: 'c1', kind: 'cloze', text, tags: [], section: 'S' };
  if (extra !== undefined) note.extra = extra;
  return note;
}

describe('cardOrds and cardId', () => {
  it('makes one card for basic, two for reversed', () => {
    expect(cardOrds(basic)).toEqual([0]);
    expect(cardOrds(reversed)).toEqual([0, 1]);
  });

  it('makes one card per cloze number, keeping gaps and merging repeats', () => {
    expect(cardOrds(cloze('{{c1::a}} {{c3::b}}'))).toEqual([0, 2]);
    expect(cardOrds(cloze('{{c2::a}} {{c1::b}} {{c2::c}}'))).toEqual([0, 1]);
    expect(cardOrds(cloze('{{c10::a}} {{c2::b}}'))).toEqual([1, 9]);
  });

  it('refuses a malformed cloze note instead of guessing', () => {
    expect(() => cardOrds(cloze('{{c1::a'))).toThrow('unclosed cloze deletion "{{c1::" at character 1');
  });

  it('builds card ids from note id and ord', () => {
    expect(cardId('terms-x', 0)).toBe('terms-x:0');
    expect(cardOrds(reversed).map((ord) => cardId(reversed.id, ord))).toEqual(['r1:0', 'r1:1']);
  });
});

describe('renderCard', () => {
  it('renders basic front to back, HTML untouched', () => {
    expect(renderCard(basic, 0)).toEqual({ question: 'Capital of <i>France</i>?', answer: 'Paris' });
  });

  it('renders reversed notes both ways', () => {
    expect(renderCard(reversed, 0)).toEqual({ question: 'chat', answer: 'cat' });
    expect(renderCard(reversed, 1)).toEqual({ question: 'cat', answer: 'chat' });
  });

  it('rejects ords a note does not make', () => {
    expect(() => renderCard(basic, 1)).toThrow(RangeError);
    expect(() => renderCard(reversed, 2)).toThrow(RangeError);
    expect(() => renderCard(cloze('{{c1::a}} {{c3::b}}'), 1)).toThrow('no cloze deletion c2');
  });

  it('hides only the active deletion and shows the others plainly', () => {
    const note = cloze('{{c1::Paris}} is the capital of {{c3::France}}.');
    expect(renderCard(note, 0)).toEqual({
      question: '<span class="cloze">[...]</span> is the capital of France.',
      answer: '<span class="cloze">Paris</span> is the capital of France.',
    });
    expect(renderCard(note, 2)).toEqual({
      question: 'Paris is the capital of <span class="cloze">[...]</span>.',
      answer: 'Paris is the capital of <span class="cloze">France</span>.',
    });
  });

  it('shows a hint in place of [...]', () => {
    const note = cloze('Water boils at {{c1::100 °C::temperature}}.');
    expect(renderCard(note, 0)).toEqual({
      question: 'Water boils at <span class="cloze">[temperature]</span>.',
      answer: 'Water boils at <span class="cloze">100 °C</span>.',
    });
  });

  it('hides all deletions sharing the active number', () => {
    const note = cloze('{{c1::H}}{{c2::2}}{{c1::O}}');
    expect(renderCard(note, 0).question).toBe('<span class="cloze">[...]</span>2<span class="cloze">[...]</span>');
    expect(renderCard(note, 0).answer).toBe('<span class="cloze">H</span>2<span class="cloze">O</span>');
    expect(renderCard(note, 1).question).toBe('H<span class="cloze">[...]</span>O');
  });

  it('appends extra to the cloze answer only', () => {
    const note = cloze('{{c1::Mitochondria}} make ATP.', 'Via <b>oxidative</b> phosphorylation.');
    expect(renderCard(note, 0)).toEqual({
      question: '<span class="cloze">[...]</span> make ATP.',
      answer: '<span class="cloze">Mitochondria</span> make ATP.<div class="extra">Via <b>oxidative</b> phosphorylation.</div>',
    });
  });
});

describe('parseCloze', () => {
  it('splits text and deletions, with sorted unique numbers', () => {
    expect(parseCloze('a {{c2::b::hint}} c {{c1::<b>d</b>}}{{c2::e}}')).toEqual({
      parts: ['a ', { n: 2, answer: 'b', hint: 'hint' }, ' c ', { n: 1, answer: '<b>d</b>' }, { n: 2, answer: 'e' }],
      numbers: [1, 2],
      errors: [],
    });
  });

  it('keeps single braces and text that only resembles a deletion', () => {
    expect(parseCloze('{x} {{cat}} {{c1::a}b}}').parts).toEqual(['{x} {{cat}} ', { n: 1, answer: 'a}b' }]);
  });

  it('treats everything after the first :: as the hint, like Anki', () => {
    expect(parseCloze('{{c1::a::b::c}}').parts).toEqual([{ n: 1, answer: 'a', hint: 'b::c' }]);
  });

  it.each([
    ['{{c1::a', 'unclosed cloze deletion "{{c1::" at character 1'],
    ['x {{c1::a {{c2::b}} c}}', 'unclosed or nested cloze deletion "{{c1::" at character 3'],
    ['{{c1:a}}', 'malformed cloze deletion "{{c1" at character 1 (write {{c1::answer}})'],
    ['{{C1::a}}', 'malformed cloze deletion "{{C1::" at character 1 (write {{c1::answer}})'],
    ['{{c0::a}}', 'cloze number must be 1 or more in "{{c0::" at character 1'],
    ['{{c1:: }}', 'empty answer in "{{c1::" at character 1'],
    ['{{c1::a::}}', 'empty hint in "{{c1::" at character 1'],
  ])('reports %j as invalid', (text, error) => {
    expect(parseCloze(text).errors).toEqual([error]);
  });

  it('reports text without deletions as having no numbers, not as an error', () => {
    expect(parseCloze('plain text')).toEqual({ parts: ['plain text'], numbers: [], errors: [] });
  });

  it('renders question and answer directly from text', () => {
    expect(renderClozeQuestion('{{c1::a}} {{c2::b::h}}', 2)).toBe('a <span class="cloze">[h]</span>');
    expect(renderClozeAnswer('{{c1::a}} {{c2::b::h}}', 2)).toBe('a <span class="cloze">b</span>');
    expect(() => renderClozeQuestion('{{c1::a', 1)).toThrow('invalid cloze text');
  });
});
