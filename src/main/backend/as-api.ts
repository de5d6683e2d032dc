import { ApiError } from '../../shared/api-dispatch.js';
import type { ApiErrorCode } from '../../shared/api.js';
import { LibraryError } from '../engine/errors.js';

/** Runs `fn`, turning the engine's user-facing LibraryError into an ApiError with `code`. */
export async function asApi<T>(call: string, code: ApiErrorCode, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof LibraryError) throw new ApiError(code, `${call}: ${err.message}`, { cause: err });
    throw err;
  }
}
