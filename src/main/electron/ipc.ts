// Serves the LoupeApi over Electron IPC: one handler for all calls, one channel for all events.
import { BrowserWindow, ipcMain } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type ApiEvent, type ApiResult, type LoupeApi, type LoupeEvents } from '../../shared/api.js';
import { dispatchApiCall } from '../../shared/api-dispatch.js';

/**
 * `isTrustedUrl` decides per call from the calling frame's URL: only Loupe's own page may use the
 * API, not a frame that somehow navigated elsewhere. Returns a function that removes the handler.
 */
export function serveApiOverIpc(backend: LoupeApi, isTrustedUrl: (url: string) => boolean): () => void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, channel: unknown, args: unknown): Promise<ApiResult<unknown>> => {
    const url = event.senderFrame?.url ?? '';
    if (!isTrustedUrl(url)) {
      return { ok: false, error: { code: 'forbidden', message: 'This page may not use the Loupe API' } };
    }
    return dispatchApiCall(backend, channel, args);
  });
  return () => ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
}

export type EmitEvent = <E extends ApiEvent>(event: E, payload: LoupeEvents[E]) => void;

/** Sends an event to every open Loupe window (the preload fans it out by name). */
export const emitToAllWindows: EmitEvent = (event, payload) => {
  for (const window of BrowserWindow.getAllWindows()) {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, event, payload);
  }
};
