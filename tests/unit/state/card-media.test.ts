// Media references in imported cards are rewritten in real attributes and text only: `src=` or `[sound:]` written
// inside an attribute value, a comment or a <style> stays as it is, so the rewrite never turns text into markup or
// splits an attribute (the sanitizer would clean the result, but the card would read differently).
import { describe, expect, it } from 'vitest';
import { mediaNames, withMediaUrls } from '../../../src/renderer/src/state/card-media';

const urls = new Map([['a.png', 'blob:a'], ['s.mp3', 'blob:s']]);

describe('withMediaUrls', () => {
  it('rewrites src attributes however they are quoted, and any tag’s', () => {
    expect(withMediaUrls(`<img src="a.png"><IMG SRC='a.png' alt=x><img/src=a.png><audio src = gone.mp3 controls>`, urls)).toBe(
      `<img src="blob:a"><IMG SRC="blob:a" alt=x><img/src="blob:a"><audio src = "missing:gone.mp3" controls>`,
    );
  });

  it('leaves src= alone in attribute values, escaped text, comments and raw text', () => {
    const html =
      '<img title="src=x onerror=alert(1)//"> &lt;img src=x onerror=alert(2)&gt; <!-- <img src=a.png> -->' +
      '<style>b { content: "<img src=a.png>" }</style><textarea><img src=a.png></textarea><a data-src="a.png">';
    expect(withMediaUrls(html, urls)).toBe(html);
    expect(mediaNames(html)).toEqual([]);
  });

  it('turns [sound:] into a player in text only', () => {
    expect(withMediaUrls('<span title="[sound:s.mp3]">[sound:s.mp3]</span>', urls)).toBe(
      '<span title="[sound:s.mp3]"><audio class="card-sound" controls preload="none" src="blob:s"></audio></span>',
    );
  });

  it('keeps a quoted > inside a tag, and an unfinished tag as it is', () => {
    expect(withMediaUrls('<img alt="a > b" src=a.png>text', urls)).toBe('<img alt="a > b" src="blob:a">text');
    expect(withMediaUrls('x <img src="a.png', urls)).toBe('x <img src="a.png');
  });
});

describe('mediaNames', () => {
  it('names the files of real src attributes, then the sounds', () => {
    expect(mediaNames('<img title="src=no.png" src=\'a b.png\'> [sound:s.mp3] <img src="https://x/y.png"> <img src=c%20d.gif>')).toEqual([
      'a b.png',
      'c d.gif',
      's.mp3',
    ]);
  });
});
