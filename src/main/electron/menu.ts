// The native application menu: File/Edit/View/Window/Help (plus the app menu on macOS).
import { app, Menu, shell, type MenuItemConstructorOptions } from 'electron';
import { menuLabels } from './menu-labels.js';

export function installAppMenu(): void {
  const labels = menuLabels(app.getLocale());
  const isMac = process.platform === 'darwin';
  // Reload and DevTools are for development only: in a shipped app they would let anyone poke at the
  // renderer's bridge from the keyboard.
  const devItems: MenuItemConstructorOptions[] = app.isPackaged
    ? []
    : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }];

  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    {
      label: labels.file,
      submenu: [isMac ? { role: 'close' } : { role: 'quit' }],
    },
    {
      label: labels.edit,
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: labels.view,
      submenu: [
        ...devItems,
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: labels.window,
      submenu: isMac
        ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }]
        : [{ role: 'minimize' }, { role: 'close' }],
    },
    {
      label: labels.help,
      role: 'help',
      submenu: [
        ...(isMac ? [] : [{ role: 'about' } as MenuItemConstructorOptions]),
        {
          label: labels.showDataFolder,
          // Where the library database and caches live: what a user needs to back up or report a bug.
          click: () => void shell.openPath(app.getPath('userData')),
        },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
