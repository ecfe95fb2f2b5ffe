// The main process's security decisions, tested without Electron: 'electron' is replaced by a stub
// (requiring the real package would try to download the Electron binary).

import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  focusedWindow: { id: 'focused' } as object | null,
  showOpenDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePaths: [] as string[] })),
}));

vi.mock('electron', () => ({
  app: { getName: () => 'retain', getVersion: () => '0.1.0' },
  BrowserWindow: class {
    static getFocusedWindow = () => electron.focusedWindow;
  },
  dialog: { showOpenDialog: electron.showOpenDialog },
  Menu: { buildFromTemplate: vi.fn(), setApplicationMenu: vi.fn() },
  shell: { openExternal: vi.fn(async () => {}) },
  ipcMain: {
    handle: (channel: string, fn: (event: unknown, ...args: unknown[]) => unknown) => {
      electron.handlers.set(channel, fn);
    },
    removeHandler: (channel: string) => electron.handlers.delete(channel),
  },
}));

import { CONTENT_SECURITY_POLICY, devContentSecurityPolicy, META_CONTENT_SECURITY_POLICY } from '../../../src/core/csp';
import { EVENT_CHANNELS, IPC_CHANNELS, isMenuCommand, MENU_COMMANDS } from '../../../src/core/ipc-contract';
import {
  handle,
  isTrustedSender,
  registerIpcHandlers,
  setTrustedPage,
  UntrustedSenderError,
} from '../../../src/main/ipc';
import { menuTemplate, REVIEW_KEYS, STUDY_ACCELERATORS } from '../../../src/main/menu';
import { BackupFolder } from '../../../src/main/backups';
import { checkArguments, InvalidArgumentsError, IPC_ARGUMENTS } from '../../../src/main/ipc-schemas';
import {
  builtPaths,
  cspForPage,
  handleWindowOpen,
  isAppPageUrl,
  isExternalUrlAllowed,
  isNavigationAllowed,
  resolveAppPage,
  secureWebPreferences,
  withCspHeader,
  type AppPage,
} from '../../../src/main/window';

const ROOT = resolve(__dirname, '../../..');
const INDEX_PATH = resolve('/opt/Retain/resources/app/out/renderer/index.html');
const INDEX_URL = pathToFileURL(INDEX_PATH).href;
const filePage: AppPage = resolveAppPage({
  isPackaged: true,
  rendererUrl: undefined,
  rendererIndexPath: INDEX_PATH,
});
const devPage: AppPage = resolveAppPage({
  isPackaged: false,
  rendererUrl: 'http://localhost:5173',
  rendererIndexPath: INDEX_PATH,
});

function directive(policy: string, name: string): string[] | undefined {
  for (const part of policy.split(';')) {
    const [head, ...sources] = part.trim().split(/\s+/);
    if (head === name) return sources;
  }
  return undefined;
}

describe('the app page', () => {
  it('is the dev server only in an unpackaged app', () => {
    expect(devPage).toEqual({ kind: 'dev-server', url: 'http://localhost:5173/' });
    expect(
      resolveAppPage({ isPackaged: true, rendererUrl: 'http://evil.test', rendererIndexPath: INDEX_PATH }),
    ).toEqual({ kind: 'file', url: INDEX_URL });
  });

  it('ignores a dev server URL that is not http(s)', () => {
    expect(
      resolveAppPage({ isPackaged: false, rendererUrl: 'file:///etc/passwd', rendererIndexPath: INDEX_PATH }),
    ).toEqual({ kind: 'file', url: INDEX_URL });
    expect(
      resolveAppPage({ isPackaged: false, rendererUrl: 'not a url', rendererIndexPath: INDEX_PATH }).kind,
    ).toBe('file');
  });

  it('finds the preload and the renderer next to out/main', () => {
    const paths = builtPaths(resolve('/app/out/main'));
    expect(paths.preload).toBe(resolve('/app/out/preload/index.cjs'));
    expect(paths.rendererIndex).toBe(resolve('/app/out/renderer/index.html'));
  });
});

describe('navigation', () => {
  it('allows the packaged index.html, with a query or fragment', () => {
    expect(isNavigationAllowed(INDEX_URL, filePage)).toBe(true);
    expect(isNavigationAllowed(`${INDEX_URL}#/review`, filePage)).toBe(true);
    expect(isNavigationAllowed(`${INDEX_URL}?deck=1`, filePage)).toBe(true);
  });

  it('blocks other files, other protocols and remote sites in the packaged app', () => {
    for (const url of [
      pathToFileURL(resolve('/opt/Retain/resources/app/out/renderer/other.html')).href,
      pathToFileURL(resolve('/etc/passwd')).href,
      'file://remote-host/opt/Retain/resources/app/out/renderer/index.html',
      'https://example.com/',
      'http://localhost:5173/',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'about:blank',
      '',
      'not a url',
    ]) {
      expect(isNavigationAllowed(url, filePage), url).toBe(false);
    }
  });

  it('allows the dev server origin only', () => {
    expect(isNavigationAllowed('http://localhost:5173/', devPage)).toBe(true);
    expect(isNavigationAllowed('http://localhost:5173/index.html#/stats', devPage)).toBe(true);
    for (const url of [
      'http://localhost:5174/',
      'https://localhost:5173/',
      'http://127.0.0.1:5173/',
      'http://localhost:5173.evil.test/',
      'https://example.com/',
      INDEX_URL,
    ]) {
      expect(isNavigationAllowed(url, devPage), url).toBe(false);
    }
  });
});

describe('external links', () => {
  it('opens only https: URLs in the browser', () => {
    expect(isExternalUrlAllowed('https://github.com/open-spaced-repetition')).toBe(true);
    for (const url of [
      'http://example.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'ms-msdt:/id',
      'mailto:someone@example.com',
      'https:',
      'not a url',
      '',
    ]) {
      expect(isExternalUrlAllowed(url), url).toBe(false);
    }
  });

  it('never lets window.open create a window; https: goes to the browser', () => {
    const opened: string[] = [];
    const open = (url: string): void => void opened.push(url);
    expect(handleWindowOpen('https://example.com/a', open)).toEqual({ action: 'deny' });
    expect(handleWindowOpen('http://example.com/b', open)).toEqual({ action: 'deny' });
    expect(handleWindowOpen(INDEX_URL, open)).toEqual({ action: 'deny' });
    expect(handleWindowOpen('file:///etc/passwd', open)).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://example.com/a']);
  });
});

describe('webPreferences', () => {
  it('sandboxes the renderer and isolates the preload', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

describe('Content-Security-Policy', () => {
  it('is the documented strict policy', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; " +
        "media-src 'self' blob:; font-src 'self'; connect-src 'self'; object-src 'none'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it("has default-src 'self' and never unsafe script sources, in production and in dev", () => {
    for (const policy of [CONTENT_SECURITY_POLICY, cspForPage(filePage), cspForPage(devPage)]) {
      expect(directive(policy, 'default-src')).toEqual(["'self'"]);
      // WebAssembly may compile (sql.js); JavaScript may never be evaluated from strings.
      expect(directive(policy, 'script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
      expect(directive(policy, 'object-src')).toEqual(["'none'"]);
      expect(policy).not.toMatch(/'unsafe-eval'/);
    }
    expect(cspForPage(filePage)).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
  });

  it("adds only Vite's needs in dev: inline styles and the HMR websocket", () => {
    const dev = devContentSecurityPolicy('http://localhost:5173/');
    expect(directive(dev, 'style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(directive(dev, 'connect-src')).toEqual(["'self'", 'ws://localhost:5173']);
  });

  it('replaces any CSP header of a response with ours', () => {
    const headers = withCspHeader(
      { 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'] },
      CONTENT_SECURITY_POLICY,
    );
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
    expect(withCspHeader(undefined, 'x')).toEqual({ 'Content-Security-Policy': ['x'] });
  });

  // The meta tag is injected from src/core/csp.ts by the renderer build (electron.vite.config.ts);
  // whichever way the page gets it, the policy must be this one.
  const cspMetas = (html: string): string[] =>
    [...html.matchAll(/<meta\b[^>]*http-equiv=["']Content-Security-Policy["'][^>]*>/gi)].map(
      ([tag]) =>
        (/content=(["'])(.*?)\1/i.exec(tag)?.[2] ?? '')
          .replace(/&#39;|&apos;/g, "'")
          .replace(/&quot;/g, '"')
          .replace(/&amp;/g, '&')
          .replace(/;\s*$/, ''),
    );

  const sourceHtml = resolve(ROOT, 'src/renderer/index.html');
  it.skipIf(!existsSync(sourceHtml))('is not contradicted by a meta tag in src/renderer/index.html', () => {
    for (const policy of cspMetas(readFileSync(sourceHtml, 'utf8'))) {
      expect(policy).toBe(META_CONTENT_SECURITY_POLICY);
    }
  });

  const builtHtml = resolve(ROOT, 'out/renderer/index.html');
  it.skipIf(!existsSync(builtHtml))('is the one meta tag of the built out/renderer/index.html', () => {
    expect(cspMetas(readFileSync(builtHtml, 'utf8'))).toEqual([META_CONTENT_SECURITY_POLICY]);
    expect(META_CONTENT_SECURITY_POLICY).toBe(CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", ''));
  });
});

describe('IPC sender validation', () => {
  const top = (url: string) => ({ url, parent: null });

  it('trusts the top frame of the app page only', () => {
    expect(isTrustedSender(top(INDEX_URL), filePage)).toBe(true);
    expect(isTrustedSender(top(`${INDEX_URL}#/review`), filePage)).toBe(true);
    expect(isTrustedSender(top('http://localhost:5173/'), devPage)).toBe(true);
  });

  it('refuses other pages, subframes and missing frames', () => {
    expect(isTrustedSender(top('https://example.com/'), filePage)).toBe(false);
    expect(isTrustedSender(top('http://localhost:5173/'), filePage)).toBe(false);
    expect(isTrustedSender(top(INDEX_URL), devPage)).toBe(false);
    expect(isTrustedSender(top('about:blank'), filePage)).toBe(false);
    expect(isTrustedSender({ url: INDEX_URL, parent: top(INDEX_URL) }, filePage)).toBe(false);
    expect(isTrustedSender(null, filePage)).toBe(false);
    expect(isTrustedSender(undefined, filePage)).toBe(false);
  });

  describe('handle()', () => {
    beforeEach(() => electron.handlers.clear());
    const event = (url: string | null) => ({ senderFrame: url === null ? null : top(url) });

    it('answers the app page', async () => {
      registerIpcHandlers(filePage, new BackupFolder(join(tmpdir(), `retain-ipc-${process.pid}`)));
      const appInfo = electron.handlers.get(IPC_CHANNELS.appInfo);
      expect(appInfo).toBeDefined();
      await expect(Promise.resolve(appInfo?.(event(INDEX_URL)))).resolves.toMatchObject({
        name: 'retain',
        version: '0.1.0',
        platform: process.platform,
      });
    });

    it('answers File > Import… with the open dialog on the focused window', async () => {
      registerIpcHandlers(filePage, new BackupFolder(join(tmpdir(), `retain-ipc-${process.pid}`)));
      const choose = electron.handlers.get(IPC_CHANNELS.chooseImportFile);
      expect(choose).toBeDefined();
      electron.showOpenDialog.mockClear();
      await expect(Promise.resolve(choose?.(event(INDEX_URL)))).resolves.toBeNull();
      expect(electron.showOpenDialog).toHaveBeenCalledTimes(1);
      expect(electron.showOpenDialog.mock.calls[0]?.[0]).toBe(electron.focusedWindow);
    });

    it('rejects a foreign sender and never calls the handler', () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      setTrustedPage(filePage);
      const fn = vi.fn(() => ({ name: 'x', version: '0', platform: 'linux', electron: null }));
      handle(IPC_CHANNELS.appInfo, fn);
      const listener = electron.handlers.get(IPC_CHANNELS.appInfo);
      expect(() => listener?.(event('https://example.com/'))).toThrow(UntrustedSenderError);
      expect(() => listener?.(event(null))).toThrow(UntrustedSenderError);
      expect(() => listener?.({ senderFrame: { url: INDEX_URL, parent: {} } })).toThrow(
        UntrustedSenderError,
      );
      expect(fn).not.toHaveBeenCalled();
      expect(warn).toHaveBeenCalledTimes(3);
      warn.mockRestore();
    });

    it('checks every argument against the channel schema before the handler runs', () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      setTrustedPage(filePage);
      const calls: unknown[][] = [];
      const record = (...args: unknown[]) => void calls.push(args) as never;
      handle(IPC_CHANNELS.backupSave, record);
      handle(IPC_CHANNELS.backupRead, record);
      handle(IPC_CHANNELS.appInfo, record);
      const call = (channel: string, ...args: unknown[]) => electron.handlers.get(channel)?.(event(INDEX_URL), ...args);
      const bytes = new Uint8Array([0x50, 0x4b, 3, 4]);
      for (const [channel, args] of [
        [IPC_CHANNELS.backupSave, ['not bytes', 'manual']],
        [IPC_CHANNELS.backupSave, [bytes, 'because']],
        [IPC_CHANNELS.backupSave, [bytes]],
        [IPC_CHANNELS.backupSave, [bytes, 'manual', 'extra']],
        [IPC_CHANNELS.backupSave, [new Uint8Array(0), 'manual']],
        [IPC_CHANNELS.backupSave, [{ length: 4, 0: 1 }, 'manual']],
        [IPC_CHANNELS.backupRead, ['../../../etc/passwd']],
        [IPC_CHANNELS.backupRead, ['/home/me/retain-2026-01-01-000000.retain-backup']],
        [IPC_CHANNELS.backupRead, [42]],
        [IPC_CHANNELS.appInfo, ['unexpected']],
      ] as const) {
        expect(() => call(channel, ...args), `${channel} ${String(args[0])}`).toThrow(InvalidArgumentsError);
      }
      expect(calls).toEqual([]);
      call(IPC_CHANNELS.backupSave, bytes, 'manual');
      call(IPC_CHANNELS.backupRead, 'retain-2026-01-01-000000.retain-backup');
      expect(calls).toEqual([[bytes, 'manual'], ['retain-2026-01-01-000000.retain-backup']]);
      warn.mockRestore();
    });

    it('checks a training set for the optimizer before native code reads it', () => {
      const set = { ratings: Uint8Array.of(3, 3), deltas: Uint32Array.of(0, 2), starts: Uint32Array.of(0), ends: Uint32Array.of(2), reviews: 2, cards: 1 };
      const w = Array.from({ length: 21 }, () => 0.5);
      expect(() => checkArguments(IPC_CHANNELS.fsrsOptimize, [set, w, 1])).not.toThrow();
      expect(() => checkArguments(IPC_CHANNELS.fsrsOptimize, [{ ...set, ends: Uint32Array.of(9) }, w, 1])).toThrow(/item 0 runs from 0 to 9 of 2 answers/);
      expect(() => checkArguments(IPC_CHANNELS.fsrsOptimize, [{ ...set, ratings: [3, 3] }, w, 1])).toThrow(InvalidArgumentsError);
      expect(() => checkArguments(IPC_CHANNELS.fsrsOptimize, [set, w.slice(3), 1])).toThrow(/17, 19 or 21 FSRS parameters/);
      expect(() => checkArguments(IPC_CHANNELS.fsrsOptimize, [set, w, 99])).toThrow(InvalidArgumentsError);
      expect(() => checkArguments(IPC_CHANNELS.fsrsOptimize, [set, [...w.slice(1), Number.NaN], 1])).toThrow(InvalidArgumentsError);
    });

    it('has a schema for every invoke channel, and registers a handler for each', () => {
      registerIpcHandlers(filePage, new BackupFolder(join(tmpdir(), `retain-ipc-${process.pid}`)));
      const invoke = Object.values(IPC_CHANNELS).filter((c) => !(EVENT_CHANNELS as readonly string[]).includes(c));
      expect(Object.keys(IPC_ARGUMENTS).sort()).toEqual([...invoke].sort());
      expect([...electron.handlers.keys()].sort()).toEqual([...invoke].sort());
    });
  });
});

describe('the application menu', () => {
  const flatten = (items: ReturnType<typeof menuTemplate>): ReturnType<typeof menuTemplate> =>
    items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);

  for (const platform of ['darwin', 'linux', 'win32'] as const) {
    it(`registers no accelerator that takes a review key (${platform})`, () => {
      const items = flatten(menuTemplate({ platform, send: () => {} }));
      // Edit > Undo (Ctrl/Cmd+Z) is the one exception, on purpose: it sends 'undo', and the renderer undoes the
      // last review, or the text of a focused field.
      const custom = items.filter(
        (item) => item.click && item.accelerator && item.registerAccelerator !== false && item.id !== 'undo',
      );
      const review = new Set(REVIEW_KEYS.map((key) => key.toLowerCase()));
      for (const item of custom) {
        expect(review.has(String(item.accelerator).toLowerCase()), item.label).toBe(false);
      }
      expect(custom.map((item) => item.accelerator).sort()).toEqual(
        Object.values(STUDY_ACCELERATORS).sort(),
      );
      const undo = items.find((item) => item.id === 'undo');
      expect(undo?.accelerator).toBe('CmdOrCtrl+Z');
      expect(undo?.role).toBeUndefined();
    });
  }

  for (const platform of ['darwin', 'linux', 'win32'] as const) {
    it(`has File > Import…, which sends 'import' and takes no key (${platform})`, () => {
      const sent: string[] = [];
      const template = menuTemplate({ platform, send: (command) => void sent.push(command) });
      const file = template.find((item) => item.label === 'File');
      const items = Array.isArray(file?.submenu) ? file.submenu : [];
      const importItem = items.find((item) => item.id === 'import');
      expect(importItem?.label).toBe('Import…');
      expect(importItem?.accelerator).toBeUndefined();
      (importItem?.click as (() => void) | undefined)?.();
      expect(sent).toEqual(['import']);
      expect(flatten(template).filter((item) => item.id === 'import')).toHaveLength(1);
    });
  }

  it("has Tools > Check Database, which sends 'check-database'", () => {
    const sent: string[] = [];
    const template = menuTemplate({ platform: 'linux', send: (command) => void sent.push(command) });
    const tools = template.find((item) => item.label === 'Tools');
    const items = Array.isArray(tools?.submenu) ? tools.submenu : [];
    expect(items.map((item) => item.label)).toEqual(['Check Database']);
    (items[0]?.click as (() => void) | undefined)?.();
    expect(sent).toEqual(['check-database']);
  });

  it('has the standard roles and sends a menu command per Study item', () => {
    const sent: string[] = [];
    const template = menuTemplate({ platform: 'linux', send: (command) => void sent.push(command) });
    const roles = flatten(template).map((item) => item.role).filter(Boolean);
    for (const role of ['quit', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'reload',
      'toggleDevTools', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen', 'windowMenu', 'help']) {
      expect(roles, role).toContain(role);
    }
    expect(roles).not.toContain('appMenu');
    expect(flatten(menuTemplate({ platform: 'darwin', send: () => {} })).map((i) => i.role)).toContain('appMenu');

    for (const item of flatten(template)) {
      (item.click as (() => void) | undefined)?.();
    }
    expect([...new Set(sent)].sort()).toEqual([...MENU_COMMANDS].sort());
    expect(sent.filter((c) => c === 'undo')).toHaveLength(2); // Edit > Undo and Study > Undo last review
    expect(sent.every(isMenuCommand)).toBe(true);
  });
});

describe('the preload', () => {
  const source = readFileSync(resolve(ROOT, 'src/preload/index.ts'), 'utf8');

  it("imports only 'electron' at runtime; everything else is type-only", () => {
    const imports = [...source.matchAll(/^\s*import\s+([\s\S]*?)\s+from\s+['"]([^'"]+)['"]/gm)];
    expect(imports.length).toBeGreaterThan(0);
    for (const [, clause = '', from] of imports) {
      if (from === 'electron') continue;
      expect(clause.startsWith('type '), `import from '${from}' must be \`import type\``).toBe(true);
    }
    // No side-effect imports, dynamic imports or require of anything.
    expect(source).not.toMatch(/^\s*import\s+['"]/m);
    expect(source).not.toMatch(/\bimport\s*\(/);
    expect(source).not.toMatch(/\brequire\s*\(/);
  });

  it('exposes one api object and never ipcRenderer itself', () => {
    const exposed = [...source.matchAll(/exposeInMainWorld\(\s*['"](\w+)['"]\s*,\s*(\w+)\s*\)/g)];
    expect(exposed.map((m) => [m[1], m[2]])).toEqual([['api', 'api']]);
    expect(source).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
    expect(source).not.toMatch(/:\s*ipcRenderer\b/);
  });

  it('uses every channel of the contract', () => {
    for (const channel of Object.values(IPC_CHANNELS)) expect(source).toContain(`'${channel}'`);
  });

  const built = resolve(ROOT, 'out/preload/index.cjs');
  it.skipIf(!existsSync(built))("built as CommonJS that requires only 'electron'", () => {
    const code = readFileSync(built, 'utf8');
    const required = [...code.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]);
    expect(required.length).toBeGreaterThan(0);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
  });
});
