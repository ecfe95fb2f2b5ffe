// Confines an Anki note type's CSS to the element that shows its cards, so it can neither restyle the app nor fetch
// anything (the app is offline). In Anki the card is the whole page: the note type styles `.card`, `html`, `body` and
// `:root`, and Anki puts classes such as `card1` or `nightMode` on <body>; here all of them are the scope element.
//
// A small tolerant parser, not a validator: comments go, every rule is rewritten or dropped, broken input yields its
// well-formed part. Each character is looked at a bounded number of times, so the cost is linear in the input.

/**
 * `css` with every selector inside `.scope` (`scope` is a class name; a leading dot is accepted), `@media`/`@supports`
 * contents scoped too, and whatever could reach the network (`@import`, remote `url(...)`, remote `@font-face`)
 * removed. Never throws.
 */
export function scopeCss(css: string, scope: string): string {
  const className = scope.startsWith('.') ? scope.slice(1) : scope;
  if (className === '') return '';
  const text = withoutComments(css);
  const parser: Parser = { text, closing: matchBraces(text), scope: `.${escapeIdent(className)}` };
  // `<` is never needed outside strings and urls, where `\3c ` means the same; this keeps `</style>` in a string
  // from ending the <style> element the result is put in.
  return rules(parser, 0, text.length, 0).join('\n').replaceAll('<', '\\3c ');
}

interface Parser {
  /** The CSS without its comments. */
  text: string;
  /** For each `{`, the index of its `}` (-1 when unclosed); braces inside strings are not counted. */
  closing: Int32Array;
  /** The scope as a selector: `.anki-nt-1`. */
  scope: string;
}

/** Beyond this nesting, blocks are dropped: no stylesheet needs it, and it bounds recursion on hostile input. */
const MAX_DEPTH = 32;

// Group rules whose contents are ordinary rules, scoped like the top level.
const GROUP_AT_RULES = new Set(['media', 'supports', 'container', 'layer', 'starting-style']);
// Definitions that style nothing by themselves: kept, minus remote urls.
const DEFINITION_AT_RULES = new Set(['property', 'counter-style', 'font-feature-values', 'font-palette-values']);

// ---------------------------------------------------------------------------------------------------------------
// Lexical helpers

function isQuote(c: string | undefined): boolean {
  return c === '"' || c === "'";
}

/** Index just after the string starting at `i` (a newline ends an unterminated string, as in CSS). */
function skipString(text: string, i: number): number {
  const quote = text[i];
  let j = i + 1;
  while (j < text.length) {
    const c = text[j];
    if (c === '\\') j += 2;
    else if (c === quote) return j + 1;
    else if (c === '\n') return j;
    else j++;
  }
  return text.length;
}

function withoutComments(css: string): string {
  let out = '';
  let from = 0;
  let i = 0;
  while (i < css.length) {
    const c = css[i];
    if (isQuote(c)) i = skipString(css, i);
    else if (c === '\\') i += 2;
    else if (c === '/' && css[i + 1] === '*') {
      const end = css.indexOf('*/', i + 2);
      // A comment separates tokens, so it becomes a space rather than gluing its neighbours together.
      out += `${css.slice(from, i)} `;
      i = end < 0 ? css.length : end + 2;
      from = i;
    } else i++;
  }
  return out + css.slice(from);
}

function matchBraces(text: string): Int32Array {
  const closing = new Int32Array(text.length).fill(-1);
  const open: number[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (isQuote(c)) {
      i = skipString(text, i);
      continue;
    }
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '{') open.push(i);
    else if (c === '}') {
      const start = open.pop();
      if (start !== undefined) closing[start] = i;
    }
    i++;
  }
  return closing;
}

/**
 * From `i`, the index of the first `{`, `}` or top-level `;` before `end` (or `end`): where a prelude or a
 * declaration stops.
 */
function statementEnd(text: string, i: number, end: number): number {
  let parens = 0;
  let j = i;
  while (j < end) {
    const c = text[j];
    if (isQuote(c)) {
      j = skipString(text, j);
      continue;
    }
    if (c === '\\') j++;
    else if (c === '(') parens++;
    else if (c === ')') parens = Math.max(0, parens - 1);
    // `url(data:image/png;base64,...)` holds a `;` that ends nothing.
    else if (c === '{' || c === '}' || (c === ';' && parens === 0)) return j;
    j++;
  }
  return end;
}

function atRuleName(prelude: string): string {
  return /^@(-?[\w-]+)/.exec(prelude)?.[1]?.toLowerCase() ?? '';
}

// ---------------------------------------------------------------------------------------------------------------
// Rules

/** The rules between `start` and `end`, rewritten. */
function rules(parser: Parser, start: number, end: number, depth: number): string[] {
  const { text, closing } = parser;
  const out: string[] = [];
  let i = start;
  while (i < end) {
    const stop = statementEnd(text, i, end);
    const prelude = text.slice(i, stop).trim();
    const c = text[stop];
    if (stop >= end) break; // trailing text with no block: not a rule
    if (c === ';' || c === '}') {
      // A statement at-rule (`@import`, `@charset`...) or a stray brace. Only `@layer a, b;` is worth keeping.
      if (c === ';' && atRuleName(prelude) === 'layer') out.push(`${prelude};`);
      i = stop + 1;
      continue;
    }
    const close = closing[stop] ?? -1;
    if (close < 0) break; // an unclosed block runs to the end: nothing after it is well formed
    const rule = depth < MAX_DEPTH ? rewriteRule(parser, prelude, stop + 1, close, depth) : undefined;
    if (rule !== undefined) out.push(rule);
    i = close + 1;
  }
  return out;
}

function rewriteRule(parser: Parser, prelude: string, start: number, end: number, depth: number): string | undefined {
  if (!prelude.startsWith('@')) {
    const selectors = scopeSelectorList(prelude, parser.scope);
    return selectors === '' ? undefined : `${selectors} {${declarations(parser, start, end, depth + 1)}}`;
  }
  const name = atRuleName(prelude);
  if (GROUP_AT_RULES.has(name)) {
    const inner = rules(parser, start, end, depth + 1);
    return inner.length === 0 ? undefined : `${prelude} {\n${inner.join('\n')}\n}`;
  }
  // Animation names are global in CSS either way; the frames inside need no scoping.
  if (/^(-[a-z]+-)?keyframes$/.test(name) || DEFINITION_AT_RULES.has(name)) {
    return `${prelude} {${declarations(parser, start, end, depth + 1)}}`;
  }
  if (name === 'font-face') {
    // Fonts are media files in the package; one fetched from the web is dropped whole, not kept half-working.
    if (hasRemoteReference(parser.text.slice(start, end))) return undefined;
    return `${prelude} {${declarations(parser, start, end, depth + 1)}}`;
  }
  // @page, @scope, @document, @import with a block, unknown rules: nothing a card needs.
  return undefined;
}

/**
 * A block's declarations with remote references removed; nested blocks (CSS nesting, keyframe steps) are kept with
 * their own declarations cleaned, since nested selectors are relative to the already scoped parent.
 */
function declarations(parser: Parser, start: number, end: number, depth: number): string {
  const { text, closing } = parser;
  const kept: string[] = [];
  let i = start;
  while (i < end) {
    const stop = statementEnd(text, i, end);
    const piece = text.slice(i, stop).trim();
    if (stop < end && text[stop] === '{') {
      const close = closing[stop] ?? -1;
      if (close < 0 || close > end) break;
      if (depth < MAX_DEPTH && !piece.startsWith('@import') && !hasRemoteReference(piece)) {
        kept.push(`${piece} {${declarations(parser, stop + 1, close, depth + 1)}}`);
      }
      i = close + 1;
      continue;
    }
    if (piece !== '' && !piece.startsWith('@') && !hasRemoteReference(piece)) kept.push(`${piece};`);
    i = stop + 1;
  }
  return kept.length === 0 ? '' : ` ${kept.join(' ')} `;
}

// ---------------------------------------------------------------------------------------------------------------
// Remote references

const CSS_ESCAPE = /\\([0-9a-fA-F]{1,6})[ \t\n\r\f]?|\\([\s\S])/g;

/** CSS escapes decoded, so `\75rl(` or `\2f\2f` cannot disguise a url. */
function unescapeCss(text: string): string {
  return text.replace(CSS_ESCAPE, (_whole, hex: string | undefined, char: string | undefined) => {
    if (hex === undefined) return char === '\n' ? '' : (char ?? '');
    const code = parseInt(hex, 16);
    return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\ufffd' : String.fromCodePoint(code);
  });
}

const URL_FUNCTION = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*))/gi;
const STRING_LITERAL = /"([^"]*)"|'([^']*)'/g;

/**
 * Whether the text refers to something outside the package: a url with a scheme other than `data:` (http, https,
 * file...) or a protocol-relative `//host`. `image-set()` and `src()` also take urls as plain strings.
 */
function hasRemoteReference(text: string): boolean {
  const plain = unescapeCss(text);
  for (const m of plain.matchAll(URL_FUNCTION)) if (isRemoteUrl(m[1] ?? m[2] ?? m[3] ?? '')) return true;
  if (/image-set\(|(?:^|[^\w-])src\(/i.test(plain)) {
    for (const m of plain.matchAll(STRING_LITERAL)) if (isRemoteUrl(m[1] ?? m[2] ?? '')) return true;
  }
  return false;
}

function isRemoteUrl(url: string): boolean {
  // As a browser's URL parser does: tabs and newlines vanish, leading controls and spaces are trimmed, and `\`
  // counts as `/`.
  const target = url
    .replace(/[\t\n\r]/g, '')
    .replace(/^[\u0000-\u0020]+/, '')
    .replaceAll('\\', '/');
  return target.startsWith('//') || (/^[a-z][a-z0-9+.-]*:/i.test(target) && !/^data:/i.test(target));
}

// ---------------------------------------------------------------------------------------------------------------
// Selectors

/** Splits at commas outside parentheses, brackets and strings, scopes each selector, drops duplicates. */
function scopeSelectorList(prelude: string, scope: string): string {
  const scoped = new Set<string>();
  let depth = 0;
  let from = 0;
  const flush = (to: number) => {
    const selector = prelude.slice(from, to).trim();
    if (selector !== '') scoped.add(scopeSelector(selector, scope));
  };
  let i = 0;
  while (i < prelude.length) {
    const c = prelude[i];
    if (isQuote(c)) {
      i = skipString(prelude, i);
      continue;
    }
    if (c === '\\') i++;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      flush(i);
      from = i + 1;
    }
    i++;
  }
  flush(prelude.length);
  return [...scoped].join(', ');
}

const WHITESPACE = /[ \t\n\r\f]/;

/** Start and end of each compound selector, with the combinator that follows it. */
function compounds(selector: string): { start: number; end: number; combinator: string }[] {
  const list: { start: number; end: number; combinator: string }[] = [];
  let i = 0;
  while (i < selector.length) {
    const start = i;
    let depth = 0;
    while (i < selector.length) {
      const c = selector[i] ?? '';
      if (isQuote(c)) {
        i = skipString(selector, i);
        continue;
      }
      if (c === '\\') i++;
      else if (c === '(' || c === '[') depth++;
      else if (c === ')' || c === ']') depth = Math.max(0, depth - 1);
      else if (depth === 0 && (WHITESPACE.test(c) || c === '>' || c === '+' || c === '~')) break;
      i++;
    }
    const end = Math.min(i, selector.length);
    let combinator = ' ';
    while (i < selector.length && WHITESPACE.test(selector[i] ?? '')) i++;
    const c = selector[i];
    if (c === '>' || c === '+' || c === '~') {
      combinator = c;
      i++;
      while (i < selector.length && WHITESPACE.test(selector[i] ?? '')) i++;
    }
    list.push({ start, end, combinator });
  }
  return list;
}

// What Anki's page has on <html>/<body>, the elements the scope stands for: `.card`, `.card1`..., the night mode
// classes and the platform ones.
const PAGE_CLASSES = /^(?:card\d*|nightMode|night_mode|isMac|isWin|isLin|mobile)$/;
const PAGE_TYPES = /^(?:html|body)$/i;

/** The simple selectors of a compound: `div`, `.a`, `#b`, `[c="d"]`, `:hover`, `::before`, `:is(...)`. */
function simpleSelectors(compound: string): string[] {
  const parts: string[] = [];
  let i = 0;
  while (i < compound.length) {
    const start = i;
    const c = compound[i];
    if (c === '[') {
      while (i < compound.length && compound[i] !== ']') i = isQuote(compound[i]) ? skipString(compound, i) : i + 1;
      i++;
    } else {
      if (c === '.' || c === '#') i++;
      else if (c === ':') i += compound[i + 1] === ':' ? 2 : 1;
      else if (c === '*' || c === '&') i++;
      // The name: anything up to the next simple selector (escapes included).
      while (i < compound.length && !'.#[:('.includes(compound[i] ?? '')) i += compound[i] === '\\' ? 2 : 1;
      if (compound[i] === '(') {
        let depth = 0;
        while (i < compound.length) {
          const d = compound[i];
          if (isQuote(d)) {
            i = skipString(compound, i);
            continue;
          }
          if (d === '(') depth++;
          else if (d === ')' && --depth === 0) break;
          i++;
        }
        i++;
      }
    }
    parts.push(compound.slice(start, Math.min(i, compound.length)));
    if (i <= start) break;
  }
  return parts;
}

function isPageSelector(simple: string): boolean {
  return PAGE_TYPES.test(simple) || simple === ':root' || (simple.startsWith('.') && PAGE_CLASSES.test(simple.slice(1)));
}

/**
 * `.cloze` -> `.scope .cloze`; `.card` -> `.scope`; `.card.night_mode` -> `.scope.night_mode`;
 * `html body .x` and `.nightMode .x` -> `.scope .x` / `.scope.nightMode .x`: the leading compounds that stand for
 * Anki's page merge into the scope element.
 */
function scopeSelector(selector: string, scope: string): string {
  const list = compounds(selector);
  let last = -1;
  for (let k = 0; k < list.length; k++) {
    const part = list[k];
    if (part === undefined) break;
    if (simpleSelectors(selector.slice(part.start, part.end)).some(isPageSelector)) last = k;
    // The page has no siblings: past `+` or `~`, nothing can be it.
    if (part.combinator === '+' || part.combinator === '~') break;
  }
  const merged = list[last];
  if (merged === undefined) return `${scope} ${selector}`;
  // Keep what narrows the page (`.night_mode`, `:hover`); drop what names it (`.card`, `html`, `:root`), and the
  // element types, since the scope element is whatever element the app uses.
  const kept = list
    .slice(0, last + 1)
    .flatMap((part) => simpleSelectors(selector.slice(part.start, part.end)))
    .filter((s) => !/^(?:\.card|:root|\*|[a-zA-Z][\w-]*|\w*\|[\w*]+)$/.test(s) && s !== '');
  return scope + kept.join('') + selector.slice(merged.end);
}

/** A class name as a CSS identifier: characters outside `[\w-]` and a leading digit escaped. */
function escapeIdent(name: string): string {
  let out = '';
  for (const [i, ch] of [...name].entries()) {
    const code = ch.codePointAt(0) ?? 0;
    const safe = /[\w-]/.test(ch) || code >= 0x80;
    out += safe && !(i === 0 && /\d/.test(ch)) ? ch : `\\${code.toString(16)} `;
  }
  return out;
}
