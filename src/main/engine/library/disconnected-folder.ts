// A library folder on a drive or network share that is not connected: the folder is gone, or (a mount point left
// behind) there but empty. Its photos are then not deleted ones: the catalog keeps them, with what the user gave
// them (names, tags, albums), until the drive is back or the user removes the folder from the library.
import { readdirSync } from 'node:fs';

/** Whether `folder` is missing or holds nothing at all (not even a sub-folder or a file of another kind). */
export function folderLooksDisconnected(folder: string): boolean {
  try {
    return readdirSync(folder).length === 0;
  } catch {
    return true;
  }
}
