import fs from 'node:fs';

/** The path with every symlink resolved, or the path itself when it cannot be resolved (gone, unreadable). */
export function realPathOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}
