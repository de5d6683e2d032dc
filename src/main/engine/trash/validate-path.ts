import fs from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { errorCode } from './move-no-replace.js';

/** An input the trash refuses; the message names the file and says why. */
export class TrashInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrashInputError';
  }
}

/**
 * Checks that `input` is an absolute path to an existing regular file and returns its normalised
 * form and lstat. Symlinks are refused: trashing one would free nothing and leave the photo behind,
 * while the caller believes it was cleaned up.
 */
export async function checkTrashInput(input: unknown): Promise<{ path: string; stats: Stats }> {
  if (typeof input !== 'string' || input === '') throw new TrashInputError(`${JSON.stringify(input)} is not a file path`);
  if (input.includes('\0')) throw new TrashInputError(`${JSON.stringify(input)} contains a NUL character`);
  if (!path.isAbsolute(input)) throw new TrashInputError(`"${input}" is not an absolute path; nothing was moved`);
  const normalised = path.resolve(input);
  let stats: Stats;
  try {
    stats = await fs.lstat(normalised);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new TrashInputError(`"${normalised}" does not exist`);
    throw new TrashInputError(`"${normalised}" cannot be read (${code ?? (error as Error).message})`);
  }
  if (stats.isSymbolicLink()) throw new TrashInputError(`"${normalised}" is a symbolic link; only regular files are moved to the trash`);
  if (stats.isDirectory()) throw new TrashInputError(`"${normalised}" is a folder; only files are moved to the trash`);
  if (!stats.isFile()) throw new TrashInputError(`"${normalised}" is not a regular file`);
  return { path: normalised, stats };
}
