// The backend the window talks to. Today the shell runs without the engine: `status` answers with
// what the shell knows, and every library call reports 'engine-unavailable' so the UI can say so.
//
// TODO(engine): this is the ONE place the shell will import src/main/engine. Replace
// createShellBackend with a LoupeApi over LoupeEngine.open({ home: resolveHome() }) (see
// src/main/engine/home.ts: the same folder as app.getPath('userData'), so the app, the CLI and
// `loupe serve` share one library), pass it `emitToAllWindows` from ./ipc.js for progress events,
// and close the engine on app 'will-quit'.
import type { LibraryStatus, LoupeApi } from '../../shared/api.js';
import { ApiError } from '../../shared/api-dispatch.js';

export function createShellBackend(appVersion: string): LoupeApi {
  const unavailable = async (): Promise<never> => {
    throw new ApiError('engine-unavailable', 'The photo engine is not part of this build yet');
  };
  return {
    async status(): Promise<LibraryStatus> {
      return {
        appVersion,
        engineReady: false,
        folderCount: 0,
        photoCount: 0,
        pendingCount: 0,
        failedCount: 0,
        job: null,
      };
    },
    listFolders: unavailable,
    addFolder: unavailable,
    removeFolder: unavailable,
    startIndex: unavailable,
    cancelIndex: unavailable,
    listPhotos: unavailable,
    findSimilar: unavailable,
    listDuplicateGroups: unavailable,
    listTags: unavailable,
    trashPhotos: unavailable,
  };
}
