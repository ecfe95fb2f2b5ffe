// Electron main process: lifecycle only. Security settings live in ./window, IPC in ./ipc,
// the menu in ./menu.

import { app, BrowserWindow } from 'electron';
import { registerIpcHandlers } from './ipc';
import { installApplicationMenu } from './menu';
import { BUILT_PATHS, createMainWindow, resolveAppPage } from './window';

// Every renderer runs sandboxed, whatever a window's own webPreferences say.
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Another Retain is running: it focuses its window (see 'second-instance'); this one leaves.
  app.quit();
} else {
  const page = resolveAppPage({
    isPackaged: app.isPackaged,
    rendererUrl: process.env['ELECTRON_RENDERER_URL'],
    rendererIndexPath: BUILT_PATHS.rendererIndex,
  });
  let mainWindow: BrowserWindow | null = null;

  const openWindow = (): void => {
    const window = createMainWindow(page);
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    mainWindow = window;
  };

  app.on('second-instance', () => {
    if (!mainWindow) {
      if (app.isReady()) openWindow();
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (app.isReady() && BrowserWindow.getAllWindows().length === 0) openWindow();
  });

  app
    .whenReady()
    .then(() => {
      registerIpcHandlers(page);
      installApplicationMenu();
      openWindow();
    })
    .catch((error: unknown) => {
      console.error('[main] startup failed:', error);
      app.quit();
    });
}
