// The error every failed backend call turns into. Its own file so that transports can raise it too
// without importing client.ts (which imports the transports).
import type { ApiErrorCode, ApiErrorDetail } from '../../shared/api.js';

/** A call the backend refused or failed, with the stable code from the contract and, when the backend sent one,
 *  the sentence key and parameters the UI translates (state/app.ts describeError). */
export class LoupeApiError extends Error {
  constructor(readonly code: ApiErrorCode, message: string, readonly detail?: ApiErrorDetail) {
    super(message);
    this.name = 'LoupeApiError';
  }
}

/** The call failed because its photo is no longer in the library (deleted on disk while it was shown). */
export function isPhotoGone(error: unknown): boolean {
  return error instanceof LoupeApiError && error.detail?.key === 'photo-gone';
}
