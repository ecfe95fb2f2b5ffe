// Renders the cards of imported Anki notes from their note type's templates, with Anki's semantics (rslib
// template.rs, template_filters.rs, cloze.rs): `{{Field}}`, sections `{{#F}}`/`{{^F}}`, `{{FrontSide}}`, filters
// chained right to left, special fields, and which cards a note has. Bad templates never throw: the problem is
// rendered where the user sees it, as Anki does.

import type { ImportedNotetype } from '../import/bundle';

/** What the card knows beyond its note: for the special fields `{{Tags}}`, `{{Deck}}`, `{{Subdeck}}`, `{{Card}}`. */
export interface AnkiCardContext {
  tags?: string[];
  /** Full deck name, levels separated by `::`. */
  deck?: string;
  /** The card's template name; defaults to the template's own name. */
  card?: string;
}

export interface RenderedAnkiCard {
  question: string;
  answer: string;
}

/**
 * Renders card `ord` of a note: template `ord` for a standard note type, template 0 with cloze number `ord + 1` for a
 * cloze one. Problems (a broken template, an unknown field, a card the note does not have) appear in the HTML.
 */
export function renderAnkiCard(
  notetype: ImportedNotetype,
  fields: string[],
  ord: number,
  context: AnkiCardContext = {},
): RenderedAnkiCard {
  const isCloze = notetype.kind === 'cloze';
  const template = Number.isInteger(ord) && ord >= 0 ? notetype.templates[isCloze ? 0 : ord] : undefined;
  if (template === undefined) {
    const message = errorBlock(`This note type has no card ${ord + 1}.`);
    return { question: message, answer: message };
  }
  const values = fieldValues(notetype, fields, ord, template.name, context);
  const nonempty = nonemptyNames(values);
  const render = (nodes: TemplateNode[], frontSide: string | undefined, typeBoxes: boolean) =>
    renderNodes(nodes, { values, nonempty, clozeNumber: ord + 1, frontSide, typeBoxes });

  const front = parseTemplate(template.front);
  let question: string;
  let frontSide: string;
  if ('error' in front) {
    question = errorBlock(`The front template has a problem: ${front.error}`);
    frontSide = question;
  } else {
    question = render(front.nodes, undefined, true);
    // The answer repeats the question, but the typing box belongs to the question only.
    frontSide = render(front.nodes, undefined, false);
    const blank = isCloze
      ? clozeNumbersInUse(front.nodes, values).includes(ord + 1)
        ? undefined
        : `No cloze ${ord + 1} found on this card.`
      : rendersEmpty(front.nodes, nonempty)
        ? 'The front of this card is blank.'
        : undefined;
    if (blank !== undefined) {
      const message = errorBlock(blank);
      return { question: question + message, answer: message };
    }
  }

  const back = parseTemplate(template.back);
  const answer =
    'error' in back
      ? errorBlock(`The back template has a problem: ${back.error}`)
      : render(back.nodes, frontSide, false);
  return { question, answer };
}

/**
 * The cards a note has, as Anki generates them (ascending ords). Standard: each template whose question uses a
 * non-empty field (`{{#Tags}}` counts when the note has tags). Cloze: each cloze number in the fields that the
 * template's `{{cloze:...}}` shows, as ord `number - 1`; none when there is no deletion.
 */
export function cardOrdinals(notetype: ImportedNotetype, fields: string[], context: AnkiCardContext = {}): number[] {
  const values = new Map<string, string>();
  notetype.fields.forEach((name, i) => {
    if (!values.has(name)) values.set(name, fields[i] ?? '');
  });
  if (notetype.kind === 'cloze') {
    const template = notetype.templates[0];
    const parsed = template === undefined ? undefined : parseTemplate(template.front);
    if (parsed === undefined || 'error' in parsed) return [];
    // Anki caps cloze cards at 500 per note: higher numbers share the last card.
    const ords = new Set(clozeNumbersInUse(parsed.nodes, values).map((n) => Math.min(n - 1, MAX_CLOZE_ORD)));
    return [...ords].sort((a, b) => a - b);
  }
  const nonempty = nonemptyNames(values);
  if ((context.tags ?? []).length > 0) nonempty.add('Tags');
  const ords: number[] = [];
  notetype.templates.forEach((template, ord) => {
    const parsed = parseTemplate(template.front);
    if (!('error' in parsed) && !rendersEmpty(parsed.nodes, nonempty)) ords.push(ord);
  });
  return ords;
}

/** Anki's notion of an empty field: nothing but whitespace and bare `<br>`/`<div>` tags. `&nbsp;` is content. */
export function ankiFieldIsEmpty(html: string): boolean {
  return EMPTY_FIELD.test(html);
}

const EMPTY_FIELD = /^(?:[ \t\n\v\f\r]|<\/?(?:br|div) ?\/?>)*$/i;
const MAX_CLOZE_ORD = 499;
/** Deeper section nesting is refused rather than risking the stack on hostile input. */
const MAX_SECTION_DEPTH = 100;

// ---------------------------------------------------------------------------------------------------------------
// Parsing templates

type TemplateNode =
  | { kind: 'text'; text: string }
  | { kind: 'field'; key: string; filters: string[] }
  | { kind: 'section'; key: string; negated: boolean; children: TemplateNode[] };

type Token =
  | { kind: 'text'; text: string }
  | { kind: 'field'; body: string }
  | { kind: 'open'; key: string; negated: boolean }
  | { kind: 'close'; key: string };

// Old templates may switch to `<% %>` delimiters (Anki still honours this).
const ALT_DELIMITERS = '{{=<% %>=}}';

function tokenize(source: string): Token[] {
  let text = source;
  let open = '{{';
  let close = '}}';
  if (text.trimStart().startsWith(ALT_DELIMITERS)) {
    text = text.trimStart().slice(ALT_DELIMITERS.length);
    open = '<%';
    close = '%>';
  }
  const tokens: Token[] = [];
  const pushText = (s: string) => {
    if (s !== '') tokens.push({ kind: 'text', text: s });
  };
  // HTML comments are kept as text, and what they contain is not template syntax (so a commented-out `{{#X}}`
  // does not need closing). Next-occurrence positions are cached so the scan stays linear.
  let pos = 0;
  let nextTag = -1;
  let nextComment = -1;
  let tagsLeft = true;
  let commentsLeft = true;
  for (;;) {
    if (tagsLeft && nextTag < pos) {
      nextTag = text.indexOf(open, pos);
      if (nextTag < 0) tagsLeft = false;
    }
    if (commentsLeft && nextComment < pos) {
      nextComment = text.indexOf('<!--', pos);
      if (nextComment < 0) commentsLeft = false;
    }
    const tagFirst = tagsLeft && (!commentsLeft || nextTag < nextComment);
    if (tagFirst) {
      const end = text.indexOf(close, nextTag + open.length);
      // No closing delimiter after this one means none after any later one either.
      if (end < 0) {
        tagsLeft = false;
        continue;
      }
      pushText(text.slice(pos, nextTag));
      tokens.push(classifyTag(text.slice(nextTag + open.length, end)));
      pos = end + close.length;
    } else if (commentsLeft) {
      const end = text.indexOf('-->', nextComment + 4);
      if (end < 0) {
        commentsLeft = false;
        continue;
      }
      pushText(text.slice(pos, end + 3));
      pos = end + 3;
    } else {
      pushText(text.slice(pos));
      return tokens;
    }
  }
}

function classifyTag(inner: string): Token {
  const body = inner.replace(/^\{+/, '').trim();
  if (body.length >= 2) {
    const rest = body.slice(1).trimStart();
    if (body.startsWith('#')) return { kind: 'open', key: rest, negated: false };
    if (body.startsWith('^')) return { kind: 'open', key: rest, negated: true };
    if (body.startsWith('/')) return { kind: 'close', key: rest };
  }
  return { kind: 'field', body };
}

function parseTemplate(source: string): { nodes: TemplateNode[] } | { error: string } {
  const root: TemplateNode[] = [];
  const open: { key: string; children: TemplateNode[] }[] = [];
  let current = root;
  for (const token of tokenize(source)) {
    switch (token.kind) {
      case 'text':
        current.push(token);
        break;
      case 'field': {
        // `{{a:b:Field}}`: the field is the last part; filters apply from the one nearest the field outwards.
        const parts = token.body.split(':');
        const key = parts.pop() ?? '';
        current.push({ kind: 'field', key, filters: parts.reverse() });
        break;
      }
      case 'open': {
        if (open.length >= MAX_SECTION_DEPTH) return { error: `sections are nested more than ${MAX_SECTION_DEPTH} deep.` };
        const section: TemplateNode = { kind: 'section', key: token.key, negated: token.negated, children: [] };
        current.push(section);
        open.push({ key: token.key, children: section.children });
        current = section.children;
        break;
      }
      case 'close': {
        const innermost = open.at(-1);
        if (innermost === undefined) {
          return { error: `found {{/${token.key}}}, but there is no {{#${token.key}}} or {{^${token.key}}} before it.` };
        }
        if (innermost.key !== token.key) {
          return { error: `found {{/${token.key}}}, but expected {{/${innermost.key}}}.` };
        }
        open.pop();
        current = open.at(-1)?.children ?? root;
        break;
      }
    }
  }
  const unclosed = open.at(-1);
  if (unclosed !== undefined) return { error: `missing {{/${unclosed.key}}}.` };
  return { nodes: root };
}

// ---------------------------------------------------------------------------------------------------------------
// Fields and emptiness

function fieldValues(
  notetype: ImportedNotetype,
  fields: string[],
  ord: number,
  templateName: string,
  context: AnkiCardContext,
): Map<string, string> {
  const values = new Map<string, string>();
  notetype.fields.forEach((name, i) => {
    if (!values.has(name)) values.set(name, fields[i] ?? '');
  });
  // Special fields never hide a note field of the same name (as in Anki).
  const deck = context.deck ?? '';
  const specials: [string, string][] = [
    ['Tags', escapeHtml((context.tags ?? []).join(' '))],
    ['Type', escapeHtml(notetype.name)],
    ['Deck', escapeHtml(deck)],
    ['Subdeck', escapeHtml(deck.split('::').at(-1) ?? '')],
    ['Card', escapeHtml(context.card ?? templateName)],
    // Known to Anki but not to us: empty rather than an error.
    ['CardFlag', ''],
    ['CardID', ''],
    // `{{#c2}}...{{/c2}}` shows only on card 2.
    [`c${ord + 1}`, '1'],
  ];
  for (const [name, value] of specials) if (!values.has(name)) values.set(name, value);
  return values;
}

function nonemptyNames(values: Map<string, string>): Set<string> {
  const names = new Set<string>();
  for (const [name, value] of values) if (!ankiFieldIsEmpty(value)) names.add(name);
  return names;
}

/** Anki's "renders with fields": does some non-empty field appear outside sections that are off? Text alone doesn't count. */
function rendersEmpty(nodes: TemplateNode[], nonempty: Set<string>): boolean {
  for (const node of nodes) {
    if (node.kind === 'field') {
      if (nonempty.has(node.key)) return false;
    } else if (node.kind === 'section') {
      if (nonempty.has(node.key) === node.negated) continue;
      if (!rendersEmpty(node.children, nonempty)) return false;
    }
  }
  return true;
}

/** Sorted cloze numbers found in the fields the template passes through `cloze:`. */
function clozeNumbersInUse(nodes: TemplateNode[], values: Map<string, string>): number[] {
  const names = new Set<string>();
  const visit = (list: TemplateNode[]) => {
    for (const node of list) {
      if (node.kind === 'field' && node.filters.includes('cloze')) names.add(node.key);
      else if (node.kind === 'section') visit(node.children);
    }
  };
  visit(nodes);
  const numbers = new Set<number>();
  for (const name of names) {
    const value = values.get(name);
    if (value !== undefined) for (const n of clozeNumbers(parseClozes(value))) numbers.add(n);
  }
  return [...numbers].sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering

interface RenderSide {
  values: Map<string, string>;
  nonempty: Set<string>;
  /** The card's cloze number, ord + 1. */
  clozeNumber: number;
  /** The rendered question when rendering the answer; undefined on the question side. */
  frontSide: string | undefined;
  /** Whether `{{type:...}}` leaves the box for typing (the question itself, not its copy in `{{FrontSide}}`). */
  typeBoxes: boolean;
}

function renderNodes(nodes: TemplateNode[], side: RenderSide): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') out += node.text;
    else if (node.kind === 'field') out += renderField(node.key, node.filters, side);
    else {
      const known = side.values.has(node.key) || /^c\d+$/.test(node.key);
      if (!known) out += unknownField(node.key);
      if (side.nonempty.has(node.key) !== node.negated) out += renderNodes(node.children, side);
    }
  }
  return out;
}

function renderField(key: string, filters: string[], side: RenderSide): string {
  // On the question side Anki renders {{FrontSide}} empty; a popular template relies on it.
  if (key === 'FrontSide') return side.frontSide ?? '';
  // `{{filter:}}` asks a filter for text of its own; none of ours makes any.
  if (key === '' && filters.length > 0) return '';
  const value = side.values.get(key);
  if (value === undefined) return unknownField(key);
  // `type:` as the outermost filter wins over the others; `type:cloze:` and `type:nc:` are its variants.
  if (filters.at(-1) === 'type') return typeAnswer(key, value, filters.length === 2 && filters[0] === 'cloze', side);
  let text = value;
  for (const filter of filters) text = applyFilter(filter, text, key, side);
  return text;
}

function applyFilter(filter: string, text: string, key: string, side: RenderSide): string {
  switch (filter) {
    case 'text':
      return stripHtml(text);
    case 'hint':
      return hint(text, key);
    case 'type':
      return typeAnswer(key, text, false, side);
    case 'cloze':
      return clozeFilter(text, side.clozeNumber, side.frontSide === undefined);
    case 'cloze-only':
      return clozeOnly(text, side.clozeNumber, side.frontSide === undefined);
    case 'furigana':
      return ruby(text, (base, reading) => `<ruby><rb>${base}</rb><rt>${reading}</rt></ruby>`);
    case 'kanji':
      return ruby(text, (base) => base);
    case 'kana':
      return ruby(text, (_base, reading) => reading);
    default:
      // Text-to-speech is spoken in Anki, not shown, and we have no voice: show nothing rather than the text twice.
      if (filter.startsWith('tts ')) return '';
      // Unknown filters (add-ons) and the empty name of `{{a::b}}` leave the text as it is.
      return text;
  }
}

function typeAnswer(key: string, value: string, cloze: boolean, side: RenderSide): string {
  if (side.frontSide === undefined) {
    if (!side.typeBoxes) return '';
    const clozeAttr = cloze ? ` data-cloze="${side.clozeNumber}"` : '';
    return `<span class="type-answer" data-field="${escapeHtml(key)}"${clozeAttr}></span>`;
  }
  const expected = stripHtml(cloze ? clozeTextForTyping(value, side.clozeNumber) : value).trim();
  return expected === '' ? '' : `<code class="type-answer-expected">${expected}</code>`;
}

function hint(text: string, key: string): string {
  if (text.trim() === '') return text;
  // Anki labels the link with the field's name; a <details> element needs no script to open.
  return `<details class="hint"><summary>${escapeHtml(key)}</summary>${text}</details>`;
}

// Japanese readings: `漢字[かんじ]`, a space before the base ending the previous word.
const FURIGANA = / ?([^ >]+?)\[(.+?)\]/g;

function ruby(text: string, show: (base: string, reading: string) => string): string {
  return text.replaceAll('&nbsp;', ' ').replace(FURIGANA, (whole, base: string, reading: string) =>
    reading.startsWith('sound:') ? whole : show(base, reading),
  );
}

const HTML_MARKUP = /<!--[\s\S]*?-->|<style[\s\S]*?>[\s\S]*?<\/style>|<script[\s\S]*?>[\s\S]*?<\/script>|<[\s\S]*?>/gi;

/**
 * The `text:` filter: markup removed, entities kept as they are (they display the same), and a stray `<` escaped so
 * the result can never become markup again.
 */
function stripHtml(html: string): string {
  return html.replace(HTML_MARKUP, '').replaceAll('<', '&lt;');
}

function unknownField(name: string): string {
  return `<span class="template-error">{unknown field ${escapeHtml(name)}}</span>`;
}

function errorBlock(message: string): string {
  return `<div class="template-error">${escapeHtml(message)}</div>`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

// ---------------------------------------------------------------------------------------------------------------
// Cloze deletions, nested as Anki allows: `{{c1::a {{c2::b}} c}}`, hints after `::`

type ClozeNode = string | Cloze;

interface Cloze {
  n: number;
  children: ClozeNode[];
  hint: string | undefined;
}

const CLOZE_MARKER = /\{\{c(\d+)::|\}\}/g;
/** Anki ignores cloze openings nested deeper than this. */
const MAX_CLOZE_DEPTH = 10;
/** Cloze numbers are 16-bit in Anki; a larger number is not a deletion. */
const MAX_CLOZE_NUMBER = 65535;

function parseClozes(text: string): ClozeNode[] {
  const root: ClozeNode[] = [];
  const open: { cloze: Cloze; start: number }[] = [];
  const addText = (s: string) => {
    if (s === '') return;
    const innermost = open.at(-1)?.cloze;
    if (innermost === undefined) {
      root.push(s);
      return;
    }
    // The first `::` in a run of text starts the hint.
    const sep = s.indexOf('::');
    if (sep >= 0) innermost.hint = s.slice(sep + 2);
    innermost.children.push(sep >= 0 ? s.slice(0, sep) : s);
  };
  let pos = 0;
  for (const match of text.matchAll(CLOZE_MARKER)) {
    const digits = match[1];
    if (digits !== undefined) {
      const n = Number(digits);
      if (n > MAX_CLOZE_NUMBER || open.length >= MAX_CLOZE_DEPTH) continue;
      addText(text.slice(pos, match.index));
      open.push({ cloze: { n, children: [], hint: undefined }, start: match.index });
    } else {
      addText(text.slice(pos, match.index));
      const closed = open.pop();
      if (closed === undefined) root.push('}}');
      else (open.at(-1)?.cloze.children ?? root).push(closed.cloze);
    }
    pos = match.index + match[0].length;
  }
  addText(text.slice(pos));
  // An unclosed deletion is shown as written rather than silently dropped (Anki drops it).
  const outermost = open[0];
  if (outermost !== undefined) {
    open.length = 0;
    root.push(text.slice(outermost.start));
  }
  return root;
}

function clozeNumbers(nodes: ClozeNode[], into = new Set<number>()): Set<number> {
  for (const node of nodes) {
    if (typeof node !== 'string' && node.n !== 0) {
      into.add(node.n);
      clozeNumbers(node.children, into);
    }
  }
  return into;
}

function clozedText(cloze: Cloze): string {
  return cloze.children.map((c) => (typeof c === 'string' ? c : clozedText(c))).join('');
}

/**
 * The `cloze:` filter. Question: the active deletions as `[...]` or `[hint]`; answer: their text highlighted. Other
 * deletions show their text. A field without deletion `n` renders empty (cloze overlapper templates rely on this).
 */
function clozeFilter(text: string, n: number, question: boolean): string {
  let found = false;
  const reveal = (nodes: ClozeNode[]): string =>
    nodes
      .map((node) => {
        if (typeof node === 'string') return node;
        const inner = reveal(node.children); // also finds active deletions nested in this one
        if (node.n !== n) return `<span class="cloze-inactive" data-ordinal="${node.n}">${inner}</span>`;
        found = true;
        const shown = question ? `[${node.hint ?? '...'}]` : inner;
        return `<span class="cloze" data-ordinal="${node.n}">${shown}</span>`;
      })
      .join('');
  const rendered = reveal(parseClozes(text));
  return found ? stripMarkupInMath(rendered) : '';
}

/** The `cloze-only:` filter: just the active deletions' hints (question) or texts (answer), comma-separated. */
function clozeOnly(text: string, n: number, question: boolean): string {
  return activeClozes(parseClozes(text), n)
    .map((c) => (question ? (c.hint ?? '...') : clozedText(c)))
    .join(', ');
}

/** What the user should type for cloze `n`: its text, or each distinct text comma-separated. */
function clozeTextForTyping(text: string, n: number): string {
  const texts = activeClozes(parseClozes(text), n).map(clozedText);
  return texts.every((t) => t === texts[0]) ? (texts[0] ?? '') : texts.join(', ');
}

function activeClozes(nodes: ClozeNode[], n: number, into: Cloze[] = []): Cloze[] {
  for (const node of nodes) {
    if (typeof node === 'string') continue;
    if (node.n === n) into.push(node);
    activeClozes(node.children, n, into);
  }
  return into;
}

// MathJax needs plain text between `\(...\)` or `\[...\]`; the cloze spans put there would break the formula.
const MATHJAX = /(\\[([])([\s\S]*?)(\\[\])])/g;

function stripMarkupInMath(html: string): string {
  return html.replace(
    MATHJAX,
    (_whole, opening: string, inner: string, closing: string) => opening + inner.replace(HTML_MARKUP, '') + closing,
  );
}
