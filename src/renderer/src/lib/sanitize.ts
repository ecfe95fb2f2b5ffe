// Card text comes from deck files and imports: it is sanitized before it reaches the page. Scripts, event handlers,
// forms, frames and `javascript:` URLs never survive; images and sounds load only from blob: URLs (the collection's
// own media, see state/card-media.ts) or inline data: images, so a card can never make a network request.
import DOMPurify from 'dompurify';

const ALLOWED_TAGS = [
  'b', 'i', 'em', 'strong', 'u', 's', 'sub', 'sup', 'br', 'span', 'div', 'p', 'ul', 'ol', 'li', 'code', 'pre',
  'small', 'mark', 'ruby', 'rt', 'rp', 'table', 'thead', 'tbody', 'tr', 'td', 'th', 'blockquote', 'hr',
  'img', 'audio', 'details', 'summary', 'h1', 'h2', 'h3', 'h4', 'font', 'center', 'big', 'del', 'ins', 'kbd', 'var',
  'dl', 'dt', 'dd', 'tfoot', 'caption', 'col', 'colgroup', 'a',
];
const ALLOWED_ATTR = [
  'class', 'lang', 'dir', 'src', 'alt', 'title', 'width', 'height', 'controls', 'preload', 'colspan', 'rowspan',
  'data-ordinal', 'data-field', 'color', 'align', 'href',
];

const LOCAL_MEDIA = /^(?:blob:|data:image\/(?:png|gif|jpe?g|webp|svg\+xml);)/i;

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  const src = node.getAttribute('src');
  if (src !== null && !LOCAL_MEDIA.test(src)) node.removeAttribute('src');
  // Links inside cards lead nowhere: the app stays offline and in its own window.
  if (node.tagName === 'A') node.removeAttribute('href');
});

export function sanitizeHtml(html: string): string {
  // URLs: only blob: (DOMPurify lets data: images through on <img> by itself); the hook above checks src again.
  return DOMPurify.sanitize(inertForParser(html), { ALLOWED_TAGS, ALLOWED_ATTR, ALLOWED_URI_REGEXP: /^blob:/i });
}

// Chromium checks an event handler attribute, a style attribute or element and a <base href> against the page's
// CSP as soon as its HTML parser creates one, even in the inert document DOMPurify parses into: nothing runs, but
// the CSP reports a violation for each. So the text is changed first where that parser would create one:
// - the `n` of `on...` and the `t` of `style`, just after what can come before an attribute name (space, `/`,
//   a quote), become character references. In text and attribute values they are decoded, so the card reads the
//   same; in an attribute name they are not, so `o&#110;error` is an unknown attribute, which DOMPurify drops as
//   it would have dropped `onerror`.
// - <style> becomes <xmp>: raw text too, so its contents parse the same, and dropped with them;
// - <base> becomes an unknown element, dropped (it has no content).
// DOMPurify still decides what survives: this only keeps the CSP from having to refuse anything.
const HANDLER_N = /(?<=[\t\n\f\r "'/][oO])[nN](?=[a-zA-Z])/g;
const STYLE_T = /(?<=[\t\n\f\r "'/][sS])[tT](?=[yY][lL][eE](?:[\t\n\f\r />=]|$))/g;
const STYLE_TAG = /<(\/?)style(?=[\t\n\f\r />]|$)/gi;
const BASE_TAG = /<base(?=[\t\n\f\r />]|$)/gi;
const reference = (c: string) => `&#${c.charCodeAt(0)};`;

export function inertForParser(html: string): string {
  // Tags first: `</style>` has `style` after a `/` too.
  return html.replace(STYLE_TAG, '<$1xmp').replace(BASE_TAG, '<b&#97;se').replace(HANDLER_N, reference).replace(STYLE_T, reference);
}
