import path from 'node:path';

/** True when `child` is `parent` or lies below it (plain path logic, no disk access). */
export function isInsideOrEqual(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The library folder that holds `filePath`, the deepest one if folders nest. */
export function owningFolder<T extends { path: string }>(filePath: string, folders: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const f of folders) {
    if (isInsideOrEqual(filePath, f.path) && (!best || f.path.length > best.path.length)) best = f;
  }
  return best;
}
