// The one place where the engine's failures become the API's error codes. The engine says what kind of failure
// it met (LibraryError.code); this table says what the UI is told. Anything else is a bug: it reaches the
// dispatcher as it is and goes out as 'internal'.
import type { ApiErrorCode } from '../../shared/api.js';
import { ApiError } from '../../shared/api-dispatch.js';
import { LibraryError, type LibraryErrorCode } from '../engine/errors.js';

const API_CODE: { readonly [K in LibraryErrorCode]: ApiErrorCode } = {
  'not-found': 'not-found',
  invalid: 'bad-arguments',
  'not-ready': 'not-ready',
  conflict: 'conflict',
  busy: 'busy',
  cancelled: 'cancelled',
};

/** The ApiError a failure of `call` becomes; errors that are not the engine's user-facing kind pass unchanged. */
export function toApiError(call: string, err: unknown): unknown {
  if (err instanceof ApiError) return err;
  if (err instanceof LibraryError) return new ApiError(API_CODE[err.code], `${call}: ${err.message}`, { cause: err, detail: err.sentence });
  return err;
}

/** The photo `id` is not (or no longer) in the catalog: deleted on disk while the app showed it, or a stale id. The
 *  UI says it in its language ('photo-gone') for every call, not the engine's English sentence. */
export function photoGone(call: string, id: number): ApiError {
  return new ApiError('not-found', `${call}: there is no photo ${id}`, { detail: { key: 'photo-gone', params: { id: String(id) } } });
}

/** Runs one engine call of the API method `call`, its failures mapped by toApiError. */
export async function asApi<T>(call: string, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toApiError(call, err);
  }
}
