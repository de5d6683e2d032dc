import fs from 'node:fs/promises';

/** Thrown when the destination of a move is already taken; nothing was moved. */
export class DestinationExistsError extends Error {
  constructor(readonly destination: string) {
    super(`"${destination}" already exists`);
    this.name = 'DestinationExistsError';
  }
}

/** link(2) errors meaning "hard links are not possible here" (FAT/exFAT, some network shares, protected_hardlinks): fall back to rename. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK']);

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

/**
 * Moves a file within one file system without ever replacing an existing `dst`. rename(2) silently
 * overwrites, so the move is link(2) (which fails with EEXIST atomically) then unlink of `src`; a crash
 * in between leaves two names for the file, never none. Where hard links are unsupported it falls back
 * to check-then-rename (a tiny race window, but still no copy and no delete).
 * Never copies: across file systems it fails with the EXDEV error, leaving `src` untouched.
 */
export async function moveNoReplace(src: string, dst: string): Promise<void> {
  try {
    await fs.link(src, dst);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST') throw new DestinationExistsError(dst);
    if (!code || !NO_HARD_LINKS.has(code)) throw error;
    if (await exists(dst)) throw new DestinationExistsError(dst);
    await fs.rename(src, dst);
    return;
  }
  try {
    await fs.unlink(src);
  } catch (error) {
    // Could not remove the original name: undo the link so the file is exactly where it was.
    await fs.unlink(dst).catch(() => undefined);
    throw error;
  }
}

/** Whether anything (even a dangling symlink) is at `p`. */
export async function exists(p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw error;
  }
}
