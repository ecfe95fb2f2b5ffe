// @vitest-environment happy-dom
// What the card sanitizer hands DOMPurify's parser. Chromium checks an event handler, a style attribute or element
// and a <base> against the page's CSP the moment its HTML parser creates one, even in DOMPurify's inert document,
// and reports a violation for each; inertForParser keeps the parser from creating any. (DOMPurify itself is
// exercised in Chromium by tests/e2e/xss.spec.ts: happy-dom's parser does not read names as Chromium does.)
import { describe, expect, it } from 'vitest';
import { inertForParser } from '../../../src/renderer/src/lib/sanitize';
import { CLOZE_VECTORS, HTML_VECTORS, TEMPLATE_VECTORS } from '../../fixtures/xss/vectors';

// In the HTML tokenizer an attribute name starts only after whitespace, a `/` or a closing quote; a tag name right
// after `<` or `</`.
const CHECKED_ATTRIBUTE = /[\t\n\f\r "'/](?:on[a-z]|style(?:[\t\n\f\r />=]|$))/i;
const CHECKED_TAG = /<\/?(?:style|base)(?:[\t\n\f\r />]|$)/i;
const checked = (html: string) => CHECKED_ATTRIBUTE.test(html) || CHECKED_TAG.test(html);

const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');

describe('inertForParser', () => {
  it('leaves no handler, style or <base> name in any vector of the corpus', () => {
    const corpus = [
      ...HTML_VECTORS.map((v) => v.html),
      ...CLOZE_VECTORS.map((v) => v.text),
      ...TEMPLATE_VECTORS.flatMap((v) => [v.front, v.back, ...Object.values(v.fields)]),
    ];
    // Worth checking only if the corpus holds them to begin with.
    expect(corpus.filter(checked).length).toBeGreaterThan(50);
    expect(corpus.map(inertForParser).filter(checked)).toEqual([]);
  });

  it('reads the same, as text and in attribute values', () => {
    const html = 'Turn it on once, <b title="style onload=x">style</b> it: onclick= "online" \'Only\' /ONCE';
    const inert = inertForParser(html);
    expect(checked(html)).toBe(true);
    expect(checked(inert)).toBe(false);
    expect(parse(inert).body.textContent).toBe(parse(html).body.textContent);
    expect(parse(inert).querySelector('b')?.getAttribute('title')).toBe('style onload=x');
  });

  it('ends a <style> where it ended (its end tag has `style` after a slash too)', () => {
    expect(inertForParser('<STYLE>.a{}</style >after <base href=x>')).toBe('<xmp>.a{}</xmp >after <b&#97;se href=x>');
  });
});
