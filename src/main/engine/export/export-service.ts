// "Export copies": the chosen photos copied, byte for byte, into a folder the user picked (inside or outside the
// library). Never a move, never an overwrite: a name already taken becomes "name (1).jpg", "name (2).jpg", ...
import fs from 'node:fs/promises';
import { constants } from 'node:fs';
import path from 'node:path';
import type { ExportResult } from '../../../shared/marks-types.js';
import type { FileRepository } from '../catalog/file-repository.js';
import { LibraryError } from '../errors.js';

/** How many "(n)" names are tried before a file is reported as failed. */
const MAX_NAME_TRIES = 1000;

export class ExportService {
  constructor(private readonly deps: { files: FileRepository }) {}

  async exportCopies(fileIds: readonly number[], folder: string): Promise<ExportResult> {
    if (!path.isAbsolute(folder)) throw new LibraryError('invalid', `Choose an absolute folder to export to (got ${folder}).`);
    const target = path.resolve(folder);
    try {
      await fs.mkdir(target, { recursive: true });
    } catch (err) {
      throw new LibraryError('invalid', `Cannot create the folder ${target}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    const result: ExportResult = { folder: target, copied: [], failed: [] };
    for (const id of fileIds) {
      const row = this.deps.files.byId(id);
      if (!row) {
        result.failed.push({ id, path: null, reason: `photo ${id} is not in the catalog (any more)` });
        continue;
      }
      try {
        const to = await copyWithoutOverwrite(row.path, target);
        result.copied.push({ id, from: row.path, to });
      } catch (err) {
        result.failed.push({ id, path: row.path, reason: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file is no longer there' : (err as Error).message });
      }
    }
    return result;
  }
}

async function copyWithoutOverwrite(from: string, folder: string): Promise<string> {
  const ext = path.extname(from);
  const stem = path.basename(from, ext);
  for (let n = 0; n < MAX_NAME_TRIES; n++) {
    const to = path.join(folder, n === 0 ? `${stem}${ext}` : `${stem} (${n})${ext}`);
    if (to === from) continue; // exporting into the photo's own folder: never the same path
    try {
      await fs.copyFile(from, to, constants.COPYFILE_EXCL);
      return to;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  throw new Error(`no free name for ${path.basename(from)} in ${folder}`);
}
