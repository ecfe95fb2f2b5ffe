import { describe, expect, it } from 'vitest';
import { scopeCss } from '../../../../src/core/anki/css';

// Written after Anki's stock note type styling: Basic's `.card` rule, and Cloze's extra `.cloze` rules.
const BASIC_CSS = `.card {
    font-family: arial;
    font-size: 20px;
    line-height: 1.5;
    text-align: center;
    color: black;
    background-color: white;
}
`;
const CLOZE_CSS = `${BASIC_CSS}
.cloze {
    font-weight: bold;
    color: blue;
}
.nightMode .cloze {
    color: lightblue;
}
`;

const scope = (css: string) => scopeCss(css, 'anki-nt-1');
/** The rules, one per line, without formatting differences. */
const lines = (css: string) => scope(css).split('\n');

describe('scopeCss: selectors', () => {
  it("makes Basic's .card rule style the scope element itself", () => {
    expect(scope(BASIC_CSS)).toBe(
      '.anki-nt-1 { font-family: arial; font-size: 20px; line-height: 1.5; text-align: center; color: black; background-color: white; }',
    );
  });

  it("puts Cloze's rules inside the scope, night mode applying to the scope element", () => {
    expect(lines(CLOZE_CSS).slice(1)).toEqual([
      '.anki-nt-1 .cloze { font-weight: bold; color: blue; }',
      '.anki-nt-1.nightMode .cloze { color: lightblue; }',
    ]);
  });

  it('accepts the scope with or without its leading dot, and escapes what cannot be in a class name', () => {
    expect(scopeCss('p { x: 1 }', '.nt')).toBe('.nt p { x: 1; }');
    expect(scopeCss('p { x: 1 }', '1 {a}')).toBe('.\\31 \\20 \\7b a\\7d  p { x: 1; }');
    expect(scopeCss('p { x: 1 }', '')).toBe('');
  });

  it('turns .card, html, body and :root into the scope, keeping what narrows them', () => {
    expect(lines('.card.night_mode { a: 1 } html body #qa > p { b: 2 } :root { --c: 3 } .card1 .front { d: 4 } body:hover { e: 5 }')).toEqual([
      '.anki-nt-1.night_mode { a: 1; }',
      '.anki-nt-1 #qa > p { b: 2; }',
      '.anki-nt-1 { --c: 3; }',
      '.anki-nt-1.card1 .front { d: 4; }',
      '.anki-nt-1:hover { e: 5; }',
    ]);
  });

  it('gives every other selector the scope as ancestor, including * and leading combinators', () => {
    expect(lines('* { a: 1 } img, .x ~ .card { b: 2 } > li { c: 3 }')).toEqual([
      '.anki-nt-1 * { a: 1; }',
      '.anki-nt-1 img, .anki-nt-1 .x ~ .card { b: 2; }',
      '.anki-nt-1 > li { c: 3; }',
    ]);
  });

  it('splits selector lists on top-level commas only, and merges selectors that became the same', () => {
    expect(lines(':is(.a, .b) .c, a[title="x, y"], html, body { d: 1 }')).toEqual([
      '.anki-nt-1 :is(.a, .b) .c, .anki-nt-1 a[title="x, y"], .anki-nt-1 { d: 1; }',
    ]);
  });
});

describe('scopeCss: at-rules', () => {
  it('scopes rules inside @media and @supports', () => {
    expect(scope('@media (max-width: 600px) { .card { font-size: 16px } .cloze { color: red } } @supports (display: grid) { .g { display: grid } }')).toBe(
      '@media (max-width: 600px) {\n.anki-nt-1 { font-size: 16px; }\n.anki-nt-1 .cloze { color: red; }\n}\n' +
        '@supports (display: grid) {\n.anki-nt-1 .g { display: grid; }\n}',
    );
  });

  it('keeps @keyframes with its name and unscoped frames', () => {
    expect(scope('@keyframes fade { from { opacity: 0 } 50% { opacity: .5 } to { opacity: 1 } } .x { animation: fade 1s }')).toBe(
      '@keyframes fade { from { opacity: 0; } 50% { opacity: .5; } to { opacity: 1; } }\n.anki-nt-1 .x { animation: fade 1s; }',
    );
  });

  it('keeps @font-face from the package and drops one that downloads', () => {
    expect(lines('@font-face { font-family: Noto; src: url("_NotoSans.woff2") format("woff2"), local(Arial) } ' +
      '@font-face { font-family: Web; src: local(Web), url(https://fonts.example/web.woff2) }')).toEqual([
      '@font-face { font-family: Noto; src: url("_NotoSans.woff2") format("woff2"), local(Arial); }',
    ]);
  });

  it('drops @import in every form, @charset and @page', () => {
    expect(scope('@charset "utf-8"; @import "_base.css"; @import url(https://x.example/a.css) screen; @page { margin: 1cm } p { a: 1 }')).toBe(
      '.anki-nt-1 p { a: 1; }',
    );
  });
});

describe('scopeCss: nothing reaches the network', () => {
  it('removes declarations with http, https or protocol-relative urls, keeping local and data: ones', () => {
    expect(scope(`.a {
      background: url(http://x.example/a.png);
      background-image: url( 'https://x.example/b.png' );
      cursor: url(//x.example/c.cur), auto;
      list-style-image: url(_bullet.png);
      mask: url(data:image/svg+xml;base64,PHN2Zz4=);
      color: red;
    }`)).toBe('.anki-nt-1 .a { list-style-image: url(_bullet.png); mask: url(data:image/svg+xml;base64,PHN2Zz4=); color: red; }');
  });

  it('sees through CSS escapes, backslashes and image-set() strings', () => {
    expect(scope('.a { background: \\75rl(http://x.example/a.png); b: url("\\2f\\2f x.example/b"); c: url("/\\\\x.example/c"); k: url(/\\k.png); d: image-set("https://x.example/d.png" 1x); e: 1 }')).toBe(
      '.anki-nt-1 .a { k: url(/\\k.png); e: 1; }',
    );
  });

  it('removes remote urls inside nested blocks too', () => {
    expect(scope('.a { & .b { background: url(https://x.example/b.png); color: red } }')).toBe('.anki-nt-1 .a { & .b { color: red; } }');
  });
});

describe('scopeCss: broken CSS and comments', () => {
  it('removes comments, even ones holding braces, but not comment-like text in strings', () => {
    expect(scope('/* .x { } */ .a /* } */ { content: "/* kept */" } /* unterminated')).toBe('.anki-nt-1 .a { content: "/* kept */"; }');
  });

  it('keeps the well-formed part of CSS with unbalanced braces', () => {
    expect(scope('.a { color: red } } .b { color: blue } .c { color: green')).toBe(
      '.anki-nt-1 .a { color: red; }\n.anki-nt-1 .b { color: blue; }',
    );
    expect(scope('@media print { .a { color: red }')).toBe('');
    expect(scope('.a { color: red } garbage without block')).toBe('.anki-nt-1 .a { color: red; }');
  });

  it('treats braces inside strings as text', () => {
    expect(scope('.a::after { content: "}" } .b { c: 1 }')).toBe('.anki-nt-1 .a::after { content: "}"; }\n.anki-nt-1 .b { c: 1; }');
  });

  it('cannot close the <style> element it is put in', () => {
    expect(scope('.a::after { content: "</style><script>alert(1)</script>" }')).not.toContain('<');
  });

  it('never throws on hostile input and stays fast on large input', () => {
    for (const nasty of ['{'.repeat(100_000), '}'.repeat(100_000), '@media{'.repeat(20_000) + '}'.repeat(20_000), '"'.repeat(9), '\\', '@', ':is((((']) {
      expect(() => scopeCss(nasty, 'x')).not.toThrow();
    }
    const large = '.card .a:hover, .b > .c { color: red; background: url(_x.png) } @media (x) { .d { e: f } }\n'.repeat(20_000);
    const started = performance.now();
    const out = scopeCss(large, 'x');
    expect(performance.now() - started).toBeLessThan(3000);
    expect(out.split('\n').filter((l) => l.startsWith('.x.')).length).toBe(0);
    expect(out.match(/\.x \.a:hover/g)?.length).toBe(20_000);
  });
});
