import { describe, expect, it } from 'vitest';
import { ankiFieldIsEmpty, cardOrdinals, renderAnkiCard } from '../../../../src/core/anki/template';
import type { ImportedNotetype, ImportedTemplate } from '../../../../src/core/import/bundle';

// Anki's stock note types, written out here: fields, templates as Anki ships them, and their CSS.
const STOCK_CSS = '.card {\n  font-family: arial;\n  font-size: 20px;\n  text-align: center;\n}\n';
const BACK_OF_CARD = '{{FrontSide}}\n\n<hr id=answer>\n\n';

function notetype(
  name: string,
  fields: string[],
  templates: ImportedTemplate[],
  kind: ImportedNotetype['kind'] = 'standard',
): ImportedNotetype {
  return { id: name, name, kind, fields, templates, css: STOCK_CSS };
}

const basic = notetype('Basic', ['Front', 'Back'], [{ name: 'Card 1', front: '{{Front}}', back: `${BACK_OF_CARD}{{Back}}` }]);
const reversed = notetype(
  'Basic (and reversed card)',
  ['Front', 'Back'],
  [
    { name: 'Card 1', front: '{{Front}}', back: `${BACK_OF_CARD}{{Back}}` },
    { name: 'Card 2', front: '{{Back}}', back: `${BACK_OF_CARD}{{Front}}` },
  ],
);
const optionalReversed = notetype(
  'Basic (optional reversed card)',
  ['Front', 'Back', 'Add Reverse'],
  [
    { name: 'Card 1', front: '{{Front}}', back: `${BACK_OF_CARD}{{Back}}` },
    { name: 'Card 2', front: '{{#Add Reverse}}{{Back}}{{/Add Reverse}}', back: `${BACK_OF_CARD}{{Front}}` },
  ],
);
const typing = notetype(
  'Basic (type in the answer)',
  ['Front', 'Back'],
  [{ name: 'Card 1', front: '{{Front}}\n\n{{type:Back}}', back: '{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}' }],
);
const cloze = notetype(
  'Cloze',
  ['Text', 'Back Extra'],
  [{ name: 'Cloze', front: '{{cloze:Text}}', back: '{{cloze:Text}}<br>\n{{Back Extra}}' }],
  'cloze',
);

/** A one-template standard note type with fields A, B, C. */
function custom(front: string, back = '{{FrontSide}}'): ImportedNotetype {
  return notetype('Custom', ['A', 'B', 'C'], [{ name: 'Recall', front, back }]);
}

const q = (nt: ImportedNotetype, fields: string[], ord = 0) => renderAnkiCard(nt, fields, ord).question;
const a = (nt: ImportedNotetype, fields: string[], ord = 0) => renderAnkiCard(nt, fields, ord).answer;

describe('renderAnkiCard: fields and FrontSide', () => {
  it('renders Basic: the question on the front, question then answer on the back, HTML untouched', () => {
    expect(renderAnkiCard(basic, ['Capital of <i>France</i>?', 'Paris'], 0)).toEqual({
      question: 'Capital of <i>France</i>?',
      answer: 'Capital of <i>France</i>?\n\n<hr id=answer>\n\nParis',
    });
  });

  it('renders both cards of Basic (and reversed card)', () => {
    expect(renderAnkiCard(reversed, ['chat', 'cat'], 1)).toEqual({
      question: 'cat',
      answer: 'cat\n\n<hr id=answer>\n\nchat',
    });
  });

  it('renders {{FrontSide}} empty on the front itself, as Anki does', () => {
    expect(q(custom('{{FrontSide}}[{{A}}]'), ['x', '', ''])).toBe('[x]');
  });

  it('trims whitespace inside the braces but matches field names case-sensitively', () => {
    expect(q(custom('{{ A }}|{{a}}'), ['x', '', ''])).toBe('x|<span class="template-error">{unknown field a}</span>');
  });

  it('shows an unknown field visibly instead of failing, with its name escaped', () => {
    const card = renderAnkiCard(custom('{{A}} {{No<such>}}'), ['x', '', ''], 0);
    expect(card.question).toBe('x <span class="template-error">{unknown field No&lt;such&gt;}</span>');
    expect(card.answer).toBe(card.question);
  });

  it('treats missing field values as empty and ignores extra ones', () => {
    expect(renderAnkiCard(basic, ['only front'], 0).answer).toBe('only front\n\n<hr id=answer>\n\n');
    expect(q(basic, ['f', 'b', 'surplus'])).toBe('f');
  });

  it('keeps HTML comments as they are, with no template syntax inside them', () => {
    expect(q(custom('{{A}}<!-- {{#B}} unfinished -->'), ['x', '', ''])).toBe('x<!-- {{#B}} unfinished -->');
  });

  it('understands the legacy <% %> delimiters', () => {
    expect(q(custom('{{=<% %>=}}<%A%> and {{B}}'), ['x', 'y', ''])).toBe('x and {{B}}');
  });
});

describe('renderAnkiCard: sections', () => {
  const tmpl = custom('{{A}}{{#B}} [B: {{B}}]{{/B}}{{^B}} [no B]{{/B}}');

  it('shows {{#F}} when the field has content and {{^F}} when it has none', () => {
    expect(q(tmpl, ['x', 'y', ''])).toBe('x [B: y]');
    expect(q(tmpl, ['x', '', ''])).toBe('x [no B]');
  });

  it("counts whitespace and bare <br>/<div> as empty, like Anki's field_is_empty, but not &nbsp; or other tags", () => {
    expect(q(tmpl, ['x', ' <div> <br> </div>\n<BR/>', ''])).toBe('x [no B]');
    expect(q(tmpl, ['x', '&nbsp;', ''])).toBe('x [B: &nbsp;]');
    expect(q(tmpl, ['x', '<img src="a.png">', ''])).toBe('x [B: <img src="a.png">]');
    expect(ankiFieldIsEmpty('<div />')).toBe(true);
    expect(ankiFieldIsEmpty('<div class="x"></div>')).toBe(false);
  });

  it('nests sections', () => {
    const nested = custom('{{A}}:{{#A}}a{{#B}}b{{^C}}!c{{/C}}{{/B}}{{/A}}');
    expect(q(nested, ['1', '1', ''])).toBe('1:ab!c');
    expect(q(nested, ['1', '1', '1'])).toBe('1:ab');
    expect(q(nested, ['1', '', ''])).toBe('1:a');
  });

  it('shows {{#c2}} only on card 2', () => {
    const perCard = notetype(
      'Per card',
      ['F'],
      [
        { name: 'One', front: '{{F}}{{#c1}} one{{/c1}}{{#c2}} two{{/c2}}', back: '' },
        { name: 'Two', front: '{{F}}{{#c1}} one{{/c1}}{{#c2}} two{{/c2}}', back: '' },
      ],
    );
    expect(q(perCard, ['f'], 0)).toBe('f one');
    expect(q(perCard, ['f'], 1)).toBe('f two');
  });

  it('reports a section on an unknown field where it is, treating the field as empty', () => {
    expect(q(custom('{{A}}{{^Nope}}!{{/Nope}}'), ['x', '', ''])).toBe(
      'x<span class="template-error">{unknown field Nope}</span>!',
    );
  });

  it('renders a mismatched, unclosed or unopened section as an error message instead of throwing', () => {
    expect(q(custom('{{#A}}{{B}}{{/B}}'), ['x', 'y', ''])).toBe(
      '<div class="template-error">The front template has a problem: found {{/B}}, but expected {{/A}}.</div>',
    );
    expect(q(custom('{{#A}}{{B}}'), ['x', 'y', ''])).toBe(
      '<div class="template-error">The front template has a problem: missing {{/A}}.</div>',
    );
    expect(a(custom('{{A}}', '{{B}}{{/B}}'), ['x', 'y', ''])).toBe(
      '<div class="template-error">The back template has a problem: found {{/B}}, but there is no {{#B}} or {{^B}} before it.</div>',
    );
  });

  it('still renders the back when only the front is broken, showing the problem in {{FrontSide}}', () => {
    const card = renderAnkiCard(custom('{{#A}}', '{{FrontSide}}<hr>{{B}}'), ['x', 'y', ''], 0);
    expect(card.answer).toBe(`${card.question}<hr>y`);
    expect(card.question).toContain('missing {{/A}}');
  });

  it('refuses absurdly deep nesting with a message rather than a stack overflow', () => {
    const deep = '{{#A}}'.repeat(5000) + '{{/A}}'.repeat(5000);
    expect(q(custom(deep), ['x', '', ''])).toContain('template-error');
  });
});

describe('renderAnkiCard: filters', () => {
  it('text: strips markup, keeps entities, and cannot produce markup', () => {
    expect(q(custom('{{text:A}}'), ['<b>bold</b> &amp; <style>p{}</style>plain<!-- c --> a<b', '', ''])).toBe(
      'bold &amp; plain a&lt;b',
    );
  });

  it('hint: a closed disclosure labelled with the field name, nothing for an empty field', () => {
    const tmpl = custom('{{A}}{{hint:B}}');
    expect(q(tmpl, ['x', 'a <i>clue</i>', ''])).toBe(
      'x<details class="hint"><summary>B</summary>a <i>clue</i></details>',
    );
    expect(q(tmpl, ['x', ' ', ''])).toBe('x ');
  });

  it('applies chained filters right to left', () => {
    expect(q(custom('{{hint:text:B}}'), ['', '<b>c</b>', ''])).toBe(
      '<details class="hint"><summary>B</summary>c</details>',
    );
    // hint first, then text strips the disclosure's own markup
    expect(q(custom('{{text:hint:B}}'), ['', '<b>c</b>', ''])).toBe('Bc');
  });

  it('passes text through unknown filters and empty filter names, and shows nothing for text-to-speech', () => {
    expect(q(custom('{{myAddon:A}}|{{::A}}|{{tts en_US:A}}|{{myAddon:}}'), ['x', '', ''])).toBe('x|x||');
  });

  it('furigana, kanji and kana read `base[reading]`', () => {
    const tmpl = custom('{{furigana:A}}|{{kanji:A}}|{{kana:A}}');
    expect(q(tmpl, ['日本[にほん] 語[ご]', '', ''])).toBe(
      '<ruby><rb>日本</rb><rt>にほん</rt></ruby><ruby><rb>語</rb><rt>ご</rt></ruby>|日本語|にほんご',
    );
  });

  it('type: a box to fill on the question, the expected text on the answer (Basic (type in the answer))', () => {
    expect(renderAnkiCard(typing, ['Capital of France?', '<b>Paris</b>'], 0)).toEqual({
      question: 'Capital of France?\n\n<span class="type-answer" data-field="Back"></span>',
      answer: 'Capital of France?\n\n<hr id=answer>\n\n<code class="type-answer-expected">Paris</code>',
    });
  });

  it('type: keeps the box out of {{FrontSide}}, and wins over filters written after it', () => {
    const card = renderAnkiCard(custom('{{A}} {{type:text:B}}', '{{FrontSide}}<hr>{{type:B}}'), ['q', 'b', ''], 0);
    expect(card.question).toBe('q <span class="type-answer" data-field="B"></span>');
    expect(card.answer).toBe('q <hr><code class="type-answer-expected">b</code>');
  });
});

describe('renderAnkiCard: cloze', () => {
  const text = '{{c1::Paris}} is the capital of {{c2::France::country}}; {{c1::Rome}} of Italy.';

  it('hides the active deletions as [...] or [hint] and shows the others as text', () => {
    expect(q(cloze, [text, ''], 0)).toBe(
      '<span class="cloze" data-ordinal="1">[...]</span> is the capital of ' +
        '<span class="cloze-inactive" data-ordinal="2">France</span>; ' +
        '<span class="cloze" data-ordinal="1">[...]</span> of Italy.',
    );
    expect(q(cloze, [text, ''], 1)).toContain('<span class="cloze" data-ordinal="2">[country]</span>');
  });

  it('reveals the active deletions on the answer, followed by Back Extra', () => {
    expect(a(cloze, [text, 'Since 508.'], 1)).toBe(
      '<span class="cloze-inactive" data-ordinal="1">Paris</span> is the capital of ' +
        '<span class="cloze" data-ordinal="2">France</span>; ' +
        '<span class="cloze-inactive" data-ordinal="1">Rome</span> of Italy.<br>\nSince 508.',
    );
  });

  it('nests deletions as Anki does: the outer one hides the inner, the inner hides alone', () => {
    const nested = '{{c1::a {{c2::b}} c}}';
    expect(q(cloze, [nested, ''], 0)).toBe('<span class="cloze" data-ordinal="1">[...]</span>');
    expect(a(cloze, [nested, ''], 0)).toBe(
      '<span class="cloze" data-ordinal="1">a <span class="cloze-inactive" data-ordinal="2">b</span> c</span><br>\n',
    );
    expect(q(cloze, [nested, ''], 1)).toBe(
      '<span class="cloze-inactive" data-ordinal="1">a <span class="cloze" data-ordinal="2">[...]</span> c</span>',
    );
  });

  it('shows an unclosed deletion as written and a stray }} as text', () => {
    expect(q(cloze, ['{{c1::ok}} }} {{c2::open', ''], 0)).toBe(
      '<span class="cloze" data-ordinal="1">[...]</span> }} {{c2::open',
    );
  });

  it('says so when the card has no deletion of its number', () => {
    const card = renderAnkiCard(cloze, ['{{c1::only one}}', ''], 1);
    expect(card.answer).toBe('<div class="template-error">No cloze 2 found on this card.</div>');
    expect(card.question).toContain('No cloze 2 found on this card.');
  });

  it('renders a cloze field without the active number as empty', () => {
    const two = notetype('Two fields', ['Text', 'More'], [{ name: 'C', front: '{{cloze:Text}}|{{cloze:More}}', back: '' }], 'cloze');
    expect(q(two, ['{{c1::x}}', '{{c2::y}}'], 0)).toBe('<span class="cloze" data-ordinal="1">[...]</span>|');
  });

  it('type:cloze: asks for the active deletion and expects its text', () => {
    const typed = notetype('Cloze typing', ['Text'], [{ name: 'C', front: '{{cloze:Text}}{{type:cloze:Text}}', back: '{{cloze:Text}}{{type:cloze:Text}}' }], 'cloze');
    const card = renderAnkiCard(typed, ['{{c1::Paris}} and {{c2::<b>France</b>}}, {{c2::Spain}}'], 1);
    expect(card.question).toContain('<span class="type-answer" data-field="Text" data-cloze="2"></span>');
    expect(card.answer).toContain('<code class="type-answer-expected">France, Spain</code>');
  });

  it('strips markup inside MathJax so a deletion does not break the formula', () => {
    expect(q(cloze, ['\\(x = {{c1::2}}\\)', ''], 0)).toBe('\\(x = [...]\\)');
  });
});

describe('renderAnkiCard: special fields and blank cards', () => {
  const tmpl = custom('{{A}} {{Tags}}|{{Deck}}|{{Subdeck}}|{{Card}}|{{Type}}');

  it('renders Tags, Deck, Subdeck, Card and Type from the context and the note type', () => {
    const card = renderAnkiCard(tmpl, ['x', '', ''], 0, { tags: ['geo', 'europe'], deck: 'World::Capitals' });
    expect(card.question).toBe('x geo europe|World::Capitals|Capitals|Recall|Custom');
    expect(renderAnkiCard(tmpl, ['x', '', ''], 0, { card: 'Other & more' }).question).toBe('x |||Other &amp; more|Custom');
  });

  it('lets a note field of the same name win over a special field', () => {
    const withTags = notetype('T', ['Front', 'Tags'], [{ name: 'C', front: '{{Front}} {{Tags}}', back: '' }]);
    expect(renderAnkiCard(withTags, ['f', 'mine'], 0, { tags: ['theirs'] }).question).toBe('f mine');
  });

  it('shows a message on a standard card whose front is blank, like Anki', () => {
    expect(renderAnkiCard(basic, ['', 'answer'], 0)).toEqual({
      question: '<div class="template-error">The front of this card is blank.</div>',
      answer: '<div class="template-error">The front of this card is blank.</div>',
    });
  });

  it('answers a card the note type does not have with a message, not an exception', () => {
    expect(q(basic, ['f', 'b'], 3)).toBe('<div class="template-error">This note type has no card 4.</div>');
    expect(q(basic, ['f', 'b'], -1)).toContain('template-error');
  });
});

describe('cardOrdinals', () => {
  it('makes one card per template whose front uses a non-empty field', () => {
    expect(cardOrdinals(basic, ['f', 'b'])).toEqual([0]);
    expect(cardOrdinals(basic, ['<br>', 'b'])).toEqual([]);
    expect(cardOrdinals(reversed, ['f', 'b'])).toEqual([0, 1]);
    expect(cardOrdinals(reversed, ['f', ''])).toEqual([0]);
    expect(cardOrdinals(typing, ['f', 'b'])).toEqual([0]);
  });

  it('follows sections: the optional reversed card exists only when "Add Reverse" is filled', () => {
    expect(cardOrdinals(optionalReversed, ['f', 'b', ''])).toEqual([0]);
    expect(cardOrdinals(optionalReversed, ['f', 'b', 'y'])).toEqual([0, 1]);
    expect(cardOrdinals(optionalReversed, ['f', '', 'y'])).toEqual([0]);
  });

  it('does not count text alone, negated sections on filled fields, or a broken front', () => {
    const tmpl = (front: string) => notetype('N', ['A', 'B'], [{ name: 'C', front, back: '' }]);
    expect(cardOrdinals(tmpl('Just text {{B}}'), ['a', ''])).toEqual([]);
    expect(cardOrdinals(tmpl('{{^A}}{{B}}{{/A}}'), ['a', 'b'])).toEqual([]);
    expect(cardOrdinals(tmpl('{{^A}}{{B}}{{/A}}'), ['', 'b'])).toEqual([0]);
    expect(cardOrdinals(tmpl('{{#A}}{{A}}'), ['a', 'b'])).toEqual([]);
  });

  it('counts {{#Tags}} as filled when the note has tags', () => {
    const tagged = notetype('N', ['A'], [{ name: 'C', front: '{{#Tags}}{{A}}{{/Tags}}', back: '' }]);
    expect(cardOrdinals(tagged, ['a'], { tags: ['t'] })).toEqual([0]);
    expect(cardOrdinals(tagged, ['a'])).toEqual([]);
  });

  it('makes one cloze card per number in the cloze field, keeping gaps, merging repeats, counting nested ones', () => {
    expect(cardOrdinals(cloze, ['{{c3::a}} {{c1::b}} {{c3::c}}', ''])).toEqual([0, 2]);
    expect(cardOrdinals(cloze, ['{{c1::a {{c2::b}}}}', ''])).toEqual([0, 1]);
    expect(cardOrdinals(cloze, ['{{c10::a}} {{c2::b}}', ''])).toEqual([1, 9]);
  });

  it('makes no cloze card without a deletion, for c0, or from a field the template does not cloze', () => {
    expect(cardOrdinals(cloze, ['no deletion', ''])).toEqual([]);
    expect(cardOrdinals(cloze, ['{{c0::zero}}', ''])).toEqual([]);
    expect(cardOrdinals(cloze, ['plain', '{{c1::in Back Extra}}'])).toEqual([]);
    expect(cardOrdinals(cloze, ['{{c1::unclosed', ''])).toEqual([]);
  });
});
