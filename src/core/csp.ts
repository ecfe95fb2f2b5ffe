// The one Content-Security-Policy of the app. The main process sends it as a response header
// (src/main/window.ts) and the renderer's index.html carries the same string in a <meta> tag;
// tests/unit/main/security.test.ts checks that the two agree.

export type CspDirectives = Readonly<Record<string, readonly string[]>>;

export const CSP_DIRECTIVES: CspDirectives = {
  'default-src': ["'self'"],
  // 'wasm-unsafe-eval' lets WebAssembly compile (sql.js reads Anki collections); it allows no JavaScript eval.
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'media-src': ["'self'", 'blob:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

export function serializeCsp(directives: CspDirectives): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}

/** The production policy, as it appears in the header and in index.html's meta tag. */
export const CONTENT_SECURITY_POLICY: string = serializeCsp(CSP_DIRECTIVES);

/**
 * The policy for `electron-vite dev`: Vite injects component CSS as <style> elements and keeps a
 * websocket to its dev server for hot reload. Scripts stay 'self' only, in dev as in production.
 */
export function devContentSecurityPolicy(devServerUrl: string): string {
  // Parsed by hand: the core has no URL class (no DOM or Node types here).
  const match = /^(https?):\/\/([^/?#]+)/i.exec(devServerUrl);
  if (!match) throw new Error(`not an http(s) URL: ${devServerUrl}`);
  const ws = `${match[1]!.toLowerCase() === 'https' ? 'wss:' : 'ws:'}//${match[2]!}`;
  return serializeCsp({
    ...CSP_DIRECTIVES,
    'style-src': [...(CSP_DIRECTIVES['style-src'] ?? []), "'unsafe-inline'"],
    'connect-src': [...(CSP_DIRECTIVES['connect-src'] ?? []), ws],
  });
}

/**
 * The policy as a <meta> tag carries it. Chromium ignores `frame-ancestors` there (and logs an error), so it is
 * left out: the header sends it where there is one. Under file:// there are no headers, so this is the policy.
 */
export const META_CONTENT_SECURITY_POLICY: string = serializeCsp(
  Object.fromEntries(Object.entries(CSP_DIRECTIVES).filter(([name]) => name !== 'frame-ancestors')),
);
