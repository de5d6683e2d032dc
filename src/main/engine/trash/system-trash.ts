import { createDelegatedTrash } from './delegated-trash.js';
import { createFreedesktopTrash } from './freedesktop-trash.js';
import type { SystemTrash, SystemTrashOptions } from './trash-types.js';

export type { RestoreOutcome, SystemTrash, SystemTrashOptions, TrashedItem, TrashFailure, TrashItemFunction, TrashOutcome } from './trash-types.js';

/**
 * The OS trash, so clean-up never deletes a user's photo. Linux and other freedesktop systems: our own
 * implementation of the freedesktop.org Trash spec, which records where each file went and can put
 * it back. macOS and Windows: the OS moves the file (`trashItem`, e.g. Electron's shell.trashItem,
 * else the `trash` package) and canRestore is false. `trashItem` is ignored on freedesktop systems,
 * because restore needs the record only our implementation produces.
 */
export function createSystemTrash(options: SystemTrashOptions = {}): SystemTrash {
  const platform = options.platform ?? process.platform;
  if (platform === 'darwin' || platform === 'win32') return createDelegatedTrash(platform, options.trashItem);
  return createFreedesktopTrash({ ...options, platform });
}
