// The application menu: the platform's standard roles, plus File > Import… and a Study menu whose items
// send `menu:command` to the renderer. The template is built by a plain function so tests can read it.

import { BrowserWindow, Menu, type MenuItemConstructorOptions } from 'electron';
import { IPC_CHANNELS, type MenuCommand } from '../core/ipc-contract';
import { sendEvent } from './ipc';

/**
 * Keys the review screen handles itself (rate 1-4, Space/Enter show the answer, U and Ctrl+Z
 * undo). No menu accelerator may take them, or the menu would swallow them.
 */
export const REVIEW_KEYS: readonly string[] = [
  '1',
  '2',
  '3',
  '4',
  'Space',
  'Enter',
  'Return',
  'U',
  'CmdOrCtrl+Z',
  'Ctrl+Z',
  'Cmd+Z',
];

export const STUDY_ACCELERATORS = {
  'study-all': 'CmdOrCtrl+S',
  'open-decks': 'CmdOrCtrl+D',
  'open-settings': 'CmdOrCtrl+,',
} as const satisfies Partial<Record<MenuCommand, string>>;

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Delivers a command to the renderer of the focused window. */
  send: (command: MenuCommand) => void;
}

/** Items that send a command carry the command as their `id` (`Menu.getMenuItemById('study-all')`). */
export function menuTemplate({ platform, send }: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const command = (
    label: string,
    cmd: MenuCommand,
    extra: MenuItemConstructorOptions = {},
  ): MenuItemConstructorOptions => ({ id: cmd, label, click: () => send(cmd), ...extra });

  const settings = command('Settings…', 'open-settings', {
    accelerator: STUDY_ACCELERATORS['open-settings'],
  });

  const template: MenuItemConstructorOptions[] = [];
  if (isMac) template.push({ role: 'appMenu' });
  template.push(
    {
      label: 'File',
      submenu: [
        // No accelerator: the keys it could take are the review screen's.
        command('Import…', 'import'),
        { type: 'separator' },
        settings,
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        // Not the 'undo' role: Ctrl/Cmd+Z must undo the last review on the review screen, where no text field has
        // focus. The renderer gets the command and undoes text in a focused field, or the last review otherwise.
        command('Undo', 'undo', { accelerator: 'CmdOrCtrl+Z' }),
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'Study',
      submenu: [
        command('Study all', 'study-all', { accelerator: STUDY_ACCELERATORS['study-all'] }),
        command('Decks', 'open-decks', { accelerator: STUDY_ACCELERATORS['open-decks'] }),
        { type: 'separator' },
        // The review screen handles U itself. On Windows and Linux the key is shown here but not
        // registered; macOS cannot show an unregistered key, and a registered plain U would
        // swallow the letter in text fields, so there the item has no accelerator.
        command('Undo last review', 'undo', {
          id: 'undo-review',
          ...(isMac ? {} : { accelerator: 'U', registerAccelerator: false }),
        }),
      ],
    },
    {
      label: 'Tools',
      submenu: [command('Check Database', 'check-database')],
    },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ role: 'about' }] },
  );
  return template;
}

/** Set the application menu; commands go to the focused window, else the first one. */
export function installApplicationMenu(platform: NodeJS.Platform = process.platform): void {
  const send = (command: MenuCommand): void => {
    const target = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
    if (target) sendEvent(target.webContents, IPC_CHANNELS.menuCommand, command);
  };
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({ platform, send })));
}
