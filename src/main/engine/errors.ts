/** A failure the user can act on (a bad folder, an unknown photo): reported as its message alone, exit code 1. */
export class LibraryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LibraryError';
  }
}
