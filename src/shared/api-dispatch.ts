// Server side of the API contract, shared by every transport (Electron IPC and `loupe serve` over HTTP):
// checks the call name against the contract and turns whatever the backend does into an ApiResult.
import { isApiChannel, type ApiErrorCode, type ApiErrorDetail, type ApiResult, type LoupeApi } from './api.js';

/** Throw this from a backend method to give the UI a stable `code` instead of 'internal', and (`detail`) a sentence
 *  key with parameters that the UI translates. */
export class ApiError extends Error {
  readonly detail?: ApiErrorDetail;
  constructor(readonly code: ApiErrorCode, message: string, options?: { cause?: unknown; detail?: ApiErrorDetail }) {
    super(message, options);
    this.name = 'ApiError';
    if (options?.detail) this.detail = options.detail;
  }
}

/**
 * Runs one call from an untrusted caller (a renderer, a browser tab). Never throws: a rejected or
 * unknown call becomes `{ ok: false }`, so the transport never has to serialise an Error.
 */
export async function dispatchApiCall(backend: LoupeApi, channel: unknown, args: unknown): Promise<ApiResult<unknown>> {
  if (!isApiChannel(channel)) {
    return { ok: false, error: { code: 'unknown-channel', message: `Unknown API call: ${describe(channel)}` } };
  }
  if (!Array.isArray(args)) {
    return { ok: false, error: { code: 'bad-arguments', message: `Arguments of ${channel} must be an array` } };
  }
  try {
    // The contract types every method; here the name is only known at run time, so call it untyped.
    const method = backend[channel] as (...a: unknown[]) => Promise<unknown>;
    const value = await method.apply(backend, args);
    // A void call resolves undefined, which JSON.stringify would drop from the envelope ({"ok":true}): send null.
    return { ok: true, value: value === undefined ? null : value };
  } catch (error) {
    if (error instanceof ApiError) {
      return { ok: false, error: { code: error.code, message: error.message, ...(error.detail ? { detail: error.detail } : {}) } };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: 'internal', message } };
  }
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : `a ${typeof value}`;
}
