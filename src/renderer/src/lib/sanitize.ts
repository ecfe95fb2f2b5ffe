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
  return DOMPurify.sanitize(html, { ALLOWED_TAGS, ALLOWED_ATTR, ALLOWED_URI_REGEXP: /^blob:/i });
}
