// Anki cloze syntax: `{{c1::answer}}` or `{{c1::answer::hint}}`. Several deletions may share a
// number (they are hidden together on one card). Nesting is not supported.

export interface ClozeDeletion {
  /** The N of `cN`, at least 1. */
  n: number;
  answer: string;
  hint?: string;
}

/** Plain text (kept as is) or a deletion, in text order. */
export type ClozePart = string | ClozeDeletion;

export interface ClozeParse {
  parts: ClozePart[];
  /** Sorted, unique cloze numbers of the well-formed deletions. */
  numbers: number[];
  /** One message per malformed deletion; empty when the text is valid. */
  errors: string[];
}

// Matches the opening of anything that looks like a deletion, so near-misses such as `{{c1:x}}`
// or `{{C1::x}}` are reported instead of silently showing up as plain text on the card.
const OPENING = /\{\{([cC])(\d+)(::)?/g;

export function parseCloze(text: string): ClozeParse {
  const parts: ClozePart[] = [];
  const errors: string[] = [];
  const numbers = new Set<number>();
  let cursor = 0; // end of the last deletion: text before it is plain
  let skipUntil = 0; // end of the last closed deletion, valid or not

  for (const match of text.matchAll(OPENING)) {
    const at = match.index;
    // An opening inside a deletion already reported as nested is not a new one.
    if (at < skipUntil) continue;
    const [marker, c, digits = '', separator] = match;
    const where = `"${marker}" at character ${at + 1}`;
    if (c !== 'c' || separator === undefined) {
      errors.push(`malformed cloze deletion ${where} (write {{c1::answer}})`);
      continue;
    }
    const contentStart = at + marker.length;
    const close = text.indexOf('}}', contentStart);
    if (close < 0) {
      errors.push(`unclosed cloze deletion ${where}`);
      break;
    }
    skipUntil = close + 2;
    const content = text.slice(contentStart, close);
    if (content.includes('{{')) {
      // `{{c1::a {{c2::b}} c}}` and `{{c1::a ... {{c2::b}}` look the same from here.
      errors.push(`unclosed or nested cloze deletion ${where}`);
      continue;
    }
    const n = Number(digits);
    const sep = content.indexOf('::');
    const answer = sep < 0 ? content : content.slice(0, sep);
    const hint = sep < 0 ? undefined : content.slice(sep + 2);
    if (n < 1) errors.push(`cloze number must be 1 or more in ${where}`);
    else if (!/\S/.test(answer)) errors.push(`empty answer in ${where}`);
    else if (hint !== undefined && !/\S/.test(hint)) errors.push(`empty hint in ${where}`);
    else {
      if (at > cursor) parts.push(text.slice(cursor, at));
      parts.push(hint === undefined ? { n, answer } : { n, answer, hint });
      numbers.add(n);
      cursor = skipUntil;
    }
  }
  if (cursor < text.length) parts.push(text.slice(cursor));
  return { parts, numbers: [...numbers].sort((a, b) => a - b), errors };
}

/** Sorted unique cloze numbers; throws if the text has malformed deletions. */
export function clozeNumbers(text: string): number[] {
  return parseValid(text).numbers;
}

/** The question for card `n`: deletion n hidden as `[...]` or `[hint]`, the others shown plainly. */
export function renderClozeQuestion(text: string, n: number): string {
  return render(text, n, (d) => `<span class="cloze">[${d.hint ?? '...'}]</span>`);
}

/** The answer for card `n`: deletion n's answer highlighted, the others shown plainly. */
export function renderClozeAnswer(text: string, n: number): string {
  return render(text, n, (d) => `<span class="cloze">${d.answer}</span>`);
}

function render(text: string, n: number, active: (d: ClozeDeletion) => string): string {
  const { parts, numbers } = parseValid(text);
  if (!numbers.includes(n)) throw new RangeError(`no cloze deletion c${n} in this note`);
  return parts.map((p) => (typeof p === 'string' ? p : p.n === n ? active(p) : p.answer)).join('');
}

// Rendering only ever sees validated notes; a malformed one is a bug upstream, so fail loudly
// rather than show a half-hidden card.
function parseValid(text: string): ClozeParse {
  const parsed = parseCloze(text);
  if (parsed.errors.length > 0) throw new Error(`invalid cloze text: ${parsed.errors.join('; ')}`);
  return parsed;
}
