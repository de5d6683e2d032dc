import { exists } from './move-no-replace.js';
import type { RestoreOutcome, SystemTrash, TrashedItem, TrashFailure, TrashHooks, TrashItemFunction, TrashOutcome } from './trash-types.js';
import { checkTrashInput, TrashInputError } from './validate-path.js';

const UNSUPPORTED: Partial<Record<NodeJS.Platform, string>> = {
  darwin:
    'macOS gives programs no way to put a file back from the Trash (where it lies there and under which name is not reported); use "Put Back" in the Finder',
  win32:
    'Windows does not report where a file went in the Recycle Bin, so it cannot be put back from here; use "Restore" in the Recycle Bin',
};

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The `trash` package, which runs the OS's own helper (macos-trash / windows-trash.exe); loaded only when needed. */
function packageTrashItem(platform: NodeJS.Platform): TrashItemFunction {
  return async (file) => {
    // The package picks its helper from process.platform, not from our option: refuse rather than run the wrong one.
    if (process.platform !== platform) throw new Error(`the system trash of ${platform} cannot be reached from ${process.platform}`);
    const { default: trash } = await import('trash');
    await trash(file, { glob: false });
  };
}

/**
 * macOS and Windows: the OS moves the file (Finder / shell APIs keep "Put Back" working there), and
 * only the original path and time are recorded. Restore is not possible from the app.
 */
export function createDelegatedTrash(platform: NodeJS.Platform, trashItem?: TrashItemFunction): SystemTrash {
  const moveToTrash = trashItem ?? packageTrashItem(platform);
  const restoreUnsupportedReason =
    UNSUPPORTED[platform] ?? `Restoring from the system trash is not supported on ${platform}; restore the files with the system's own tools`;

  async function trash(paths: readonly string[], hooks?: TrashHooks): Promise<TrashOutcome> {
    const trashed: TrashedItem[] = [];
    const failed: TrashFailure[] = [];
    const seen = new Set<string>();
    for (const input of paths) {
      try {
        const { path: file } = await checkTrashInput(input);
        if (seen.has(file)) throw new TrashInputError(`"${file}" is listed more than once; it was trashed once`);
        seen.add(file);
        const at = new Date();
        const item: TrashedItem = { originalPath: file, trashedPath: null, trashedAt: at.toISOString(), platform };
        hooks?.beforeMove?.(item);
        try {
          await moveToTrash(file);
        } catch (error) {
          throw new Error(`could not move "${file}" to the trash: ${message(error)}; it was left where it is`, { cause: error });
        }
        // A helper that "succeeds" without moving anything must not let the caller think the file is gone.
        if (await exists(file)) throw new Error(`the system reported "${file}" as trashed, but it is still there`);
        trashed.push(item);
      } catch (error) {
        failed.push({ path: String(input), reason: error instanceof TrashInputError ? `${error.message}; nothing was moved` : message(error) });
      }
    }
    return { trashed, failed };
  }

  async function restore(items: readonly TrashedItem[]): Promise<RestoreOutcome> {
    return { restored: [], failed: items.map((item) => ({ path: item.originalPath, reason: `"${item.originalPath}" was not restored: ${restoreUnsupportedReason}` })) };
  }

  return { trash, restore, canRestore: false, restoreUnsupportedReason };
}
