// The desktop-only bridge members: the folder picker and "show in folder". Same trust rule as the API: only
// calls from the app's own page are answered.
import { BrowserWindow, dialog, ipcMain, shell } from 'electron';
import { IPC_PICK_FOLDER_CHANNEL, IPC_SHOW_ITEM_CHANNEL } from '../../shared/api.js';
import type { EngineBackend } from '../backend/engine-backend.js';

export function serveDesktopIpc(getBackend: () => EngineBackend | null, isTrustedUrl: (url: string) => boolean): () => void {
  ipcMain.handle(IPC_PICK_FOLDER_CHANNEL, async (event): Promise<string | null> => {
    if (!isTrustedUrl(event.senderFrame?.url ?? '')) return null;
    const window = BrowserWindow.fromWebContents(event.sender);
    const options = { properties: ['openDirectory' as const, 'createDirectory' as const] };
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0];
  });
  ipcMain.handle(IPC_SHOW_ITEM_CHANNEL, async (event, path: unknown): Promise<boolean> => {
    if (!isTrustedUrl(event.senderFrame?.url ?? '') || typeof path !== 'string') return false;
    // Only photos in the catalog: the page must not be able to probe or open arbitrary paths.
    const catalogued = getBackend()?.catalogedPath(path) ?? null;
    if (!catalogued) return false;
    shell.showItemInFolder(catalogued);
    return true;
  });
  return () => {
    ipcMain.removeHandler(IPC_PICK_FOLDER_CHANNEL);
    ipcMain.removeHandler(IPC_SHOW_ITEM_CHANNEL);
  };
}
