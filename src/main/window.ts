// The main window and its security settings. The decisions (which URL may load in the window,
// which may open in the browser, which webPreferences) are plain exported functions that need no
// Electron at runtime, so tests/unit/main/security.test.ts checks them with vitest.

import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  BrowserWindow,
  shell,
  type Session,
  type WebContents,
  type WebPreferences,
} from 'electron';
import { CONTENT_SECURITY_POLICY, devContentSecurityPolicy } from '../core/csp';

/** The one page the app consists of: the dev server in `electron-vite dev`, else the built file. */
export type AppPage =
  | { kind: 'dev-server'; url: string }
  | { kind: 'file'; url: string };

/** Where the build puts the preload and the renderer, relative to out/main/. */
export function builtPaths(mainDir: string): { preload: string; rendererIndex: string } {
  return {
    preload: join(mainDir, '..', 'preload', 'index.cjs'),
    rendererIndex: join(mainDir, '..', 'renderer', 'index.html'),
  };
}

/**
 * The app's page. The dev server URL counts only in an unpackaged app: a packaged app ignores
 * ELECTRON_RENDERER_URL, so an environment variable cannot point it at another site.
 */
export function resolveAppPage(options: {
  isPackaged: boolean;
  rendererUrl: string | undefined;
  rendererIndexPath: string;
}): AppPage {
  const { isPackaged, rendererUrl, rendererIndexPath } = options;
  if (!isPackaged && rendererUrl) {
    const url = parseUrl(rendererUrl);
    if (url && (url.protocol === 'http:' || url.protocol === 'https:')) {
      return { kind: 'dev-server', url: url.href };
    }
  }
  return { kind: 'file', url: pathToFileURL(rendererIndexPath).href };
}

/**
 * Is `candidate` the app's own page? For the dev server: any URL of the same origin. For the
 * built app: exactly the index.html file (any query or #fragment), nothing else on disk.
 */
export function isAppPageUrl(candidate: string, page: AppPage): boolean {
  const url = parseUrl(candidate);
  const own = parseUrl(page.url);
  if (!url || !own) return false;
  if (page.kind === 'dev-server') {
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === own.origin;
  }
  return (
    url.protocol === 'file:' &&
    url.host === '' &&
    url.username === '' &&
    safeDecode(url.pathname) === safeDecode(own.pathname)
  );
}

/** In-window navigation is allowed only to the app's own page. */
export function isNavigationAllowed(target: string, page: AppPage): boolean {
  return isAppPageUrl(target, page);
}

/** Only https: links may leave the app, and they go to the system browser. */
export function isExternalUrlAllowed(target: string): boolean {
  const url = parseUrl(target);
  return url !== null && url.protocol === 'https:' && url.hostname !== '';
}

/**
 * The answer to every `window.open` / target=_blank: no new Electron window, ever. An https: URL
 * is handed to the system browser instead.
 */
export function handleWindowOpen(
  target: string,
  openExternal: (url: string) => void,
): { action: 'deny' } {
  if (isExternalUrlAllowed(target)) openExternal(target);
  return { action: 'deny' };
}

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
  };
}

/** The policy the header carries: the app's CSP, plus what Vite's dev server needs in dev. */
export function cspForPage(page: AppPage): string {
  return page.kind === 'dev-server' ? devContentSecurityPolicy(page.url) : CONTENT_SECURITY_POLICY;
}

/** Response headers with any Content-Security-Policy replaced by ours. */
export function withCspHeader(
  headers: Record<string, string[]> | undefined,
  policy: string,
): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = value;
  }
  result['Content-Security-Policy'] = [policy];
  return result;
}

// ---------------------------------------------------------------------------------------------
// Electron wiring below: thin, and only calls the decisions above.

const MAIN_DIR = fileURLToPath(new URL('.', import.meta.url));
export const BUILT_PATHS = builtPaths(MAIN_DIR);

/** Deny every permission request and send the CSP header with every response of the session. */
export function hardenSession(session: Session, page: AppPage): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  const policy = cspForPage(page);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCspHeader(details.responseHeaders, policy) });
  });
}

/** Keep the window on the app's page; https: links open in the system browser. */
export function guardNavigation(contents: WebContents, page: AppPage): void {
  const openExternal = (url: string): void => {
    shell.openExternal(url).catch((error: unknown) => {
      console.error('[window] openExternal failed:', error);
    });
  };
  contents.setWindowOpenHandler(({ url }) => handleWindowOpen(url, openExternal));
  const block = (event: { url: string; preventDefault(): void }): void => {
    if (isNavigationAllowed(event.url, page)) return;
    event.preventDefault();
    if (isExternalUrlAllowed(event.url)) openExternal(event.url);
  };
  contents.on('will-navigate', (event) => block(event));
  contents.on('will-redirect', (event) => block(event));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function createMainWindow(page: AppPage): BrowserWindow {
  const window = new BrowserWindow({
    width: 1100,
    height: 760,
    minWidth: 420,
    minHeight: 480,
    show: false,
    title: 'Retain',
    webPreferences: secureWebPreferences(BUILT_PATHS.preload),
  });
  hardenSession(window.webContents.session, page);
  guardNavigation(window.webContents, page);
  window.once('ready-to-show', () => window.show());
  window.webContents.on('did-fail-load', (_event, code, description, url) => {
    console.error(`[window] failed to load ${url}: ${description} (${code})`);
  });

  const loaded =
    page.kind === 'dev-server'
      ? window.loadURL(page.url)
      : window.loadFile(fileURLToPath(page.url));
  loaded.catch((error: unknown) => console.error('[window] load failed:', error));
  return window;
}

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

function safeDecode(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}
