// The error every failed backend call turns into. Its own file so that transports can raise it too
// without importing client.ts (which imports the transports).
import type { ApiErrorCode } from '../../shared/api.js';

/** A call the backend refused or failed, with the stable code from the contract. */
export class LoupeApiError extends Error {
  constructor(readonly code: ApiErrorCode, message: string) {
    super(message);
    this.name = 'LoupeApiError';
  }
}
