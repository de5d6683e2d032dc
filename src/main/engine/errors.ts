import type { ApiErrorDetail } from '../../shared/api.js';

/**
 * What kind of failure a LibraryError is. The kind, never the wording, decides how a caller answers: the API's
 * error code (src/main/backend/api-errors.ts maps them, in one place), the CLI's exit code.
 */
export type LibraryErrorCode =
  /** a photo, folder, group, tag or undo token that does not exist (any more) */
  | 'not-found'
  /** a request that cannot succeed as asked: not a folder, a bad tag name, keeping what is being trashed */
  | 'invalid'
  /** the photo exists but is not indexed far enough yet (no similarity vector) */
  | 'not-ready'
  /** the library changed since the user looked (a group or the copy to keep changed on disk) */
  | 'conflict'
  /** another run holds what this one needs */
  | 'busy'
  /** the user stopped it */
  | 'cancelled';

/** A failure the user can act on (a bad folder, an unknown photo): reported as its message alone, exit code 1.
 *  `sentence`: a sentence key the UI says in the user's language (the message is the CLI's English, with ids). */
export class LibraryError extends Error {
  readonly sentence?: ApiErrorDetail;
  constructor(readonly code: LibraryErrorCode, message: string, options?: { cause?: unknown; sentence?: ApiErrorDetail }) {
    super(message, options);
    this.name = 'LibraryError';
    this.sentence = options?.sentence;
  }
}
