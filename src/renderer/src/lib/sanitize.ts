// Card text comes from deck files and imports: it is sanitized before it reaches the page.
import DOMPurify from 'dompurify';

const ALLOWED_TAGS = [
  'b', 'i', 'em', 'strong', 'u', 's', 'sub', 'sup', 'br', 'span', 'div', 'p', 'ul', 'ol', 'li', 'code', 'pre',
  'small', 'mark', 'ruby', 'rt', 'rp', 'table', 'thead', 'tbody', 'tr', 'td', 'th', 'blockquote', 'hr',
];

export function sanitizeHtml(html: string): string {
  return DOMPurify.sanitize(html, { ALLOWED_TAGS, ALLOWED_ATTR: ['class', 'lang', 'dir'] });
}
