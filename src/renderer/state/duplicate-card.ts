// What a duplicate group's card shows of its members beyond the engine's answer: the order the user saw them in,
// and the folder that tells one copy from another.
import type { DuplicateGroup } from '../../shared/duplicate-types.js';

/**
 * `updated` with its members in the order `shown` had them, members new to the group last. The engine lists the
 * keeper first, so a copy chosen with "Keep this one" jumped to the front of its row and every card under the pointer
 * moved: the next click landed on another copy than the one the user was looking at.
 */
export function keepShownOrder(shown: DuplicateGroup, updated: DuplicateGroup): DuplicateGroup {
  const at = new Map(shown.members.map((x, i) => [x.id, i]));
  const rank = (id: number): number => at.get(id) ?? Number.MAX_SAFE_INTEGER;
  return { ...updated, members: [...updated.members].sort((a, b) => rank(a.id) - rank(b.id)) };
}

/**
 * The folder of `filePath` from its library folder's own name on ("Photos/DCIM/101CANON"): the part that tells
 * copies apart, where the whole path began with what they share and was cut off before it. The whole folder where
 * no library folder holds the file.
 */
export function memberFolder(filePath: string, libraryFolders: readonly string[]): string {
  const sep = filePath.includes('\\') && !filePath.includes('/') ? '\\' : '/';
  const folder = filePath.slice(0, Math.max(0, filePath.lastIndexOf(sep)));
  const root = libraryFolders
    .map((f) => f.replace(/[\\/]+$/, ''))
    .filter((f) => folder === f || folder.startsWith(f + sep))
    .sort((a, b) => b.length - a.length)[0];
  if (root === undefined) return folder;
  const parent = root.slice(0, Math.max(0, root.lastIndexOf(sep)));
  return parent ? folder.slice(parent.length + 1) : folder;
}
