// Electron main process: lifecycle only. Security settings live in ./window, IPC in ./ipc,
// the menu in ./menu.

import { join } from 'node:path';
import { app, BrowserWindow } from 'electron';
import { BackupFolder } from './backups';
import { registerIpcHandlers, requestQuitBackup } from './ipc';
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
  // Backups go to <app data>/backups: at quit (below), every 30 minutes and on request (the renderer's BackupTimer
  // and Settings), thinned out by BackupFolder.
  const backups = new BackupFolder(join(app.getPath('userData'), 'backups'));
  let quitting = false;

  const openWindow = (): void => {
    const window = createMainWindow(page);
    // Closing the window (or quitting, which closes it) waits for its backup, if anything changed since the last one;
    // then closes it for real, or quits if that is what was asked.
    let backedUp = false;
    window.on('close', (event) => {
      if (backedUp) return;
      event.preventDefault();
      backedUp = true;
      void requestQuitBackup(window.webContents, backups).finally(() => (quitting ? app.quit() : window.close()));
    });
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

  app.on('before-quit', () => {
    quitting = true;
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
      registerIpcHandlers(page, backups);
      installApplicationMenu();
      openWindow();
    })
    .catch((error: unknown) => {
      console.error('[main] startup failed:', error);
      app.quit();
    });
}
