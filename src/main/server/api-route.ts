// POST /api/<channel>: the JSON array of arguments in, the ApiResult envelope out (the same envelope as IPC).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoupeApi } from '../../shared/api.js';
import { dispatchApiCall } from '../../shared/api-dispatch.js';
import { sendJson } from './responses.js';
import { UPLOAD_BYTES, UploadLimit } from './upload-limit.js';

/** A dropped image is at most 40 MB, i.e. ~54 MB as base64; nothing else comes close. */
export const MAX_BODY_BYTES = 60 * 1024 * 1024;

class BodyTooLargeError extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) return reject(new BodyTooLargeError());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop keeping the body but let the 413 answer go out first; the connection closes after it.
        chunks.length = 0;
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function fail(res: ServerResponse, status: number, code: 'bad-arguments' | 'unknown-channel', message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } });
}

export async function handleApiCall(
  backend: LoupeApi,
  channel: string,
  req: IncomingMessage,
  res: ServerResponse,
  uploads: UploadLimit = defaultUploads,
): Promise<void> {
  // JSON only: a cross-site HTML form cannot send this content type without a CORS preflight we never answer.
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') return fail(res, 415, 'bad-arguments', 'Send the arguments as application/json');
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared < UPLOAD_BYTES) return handleBody(backend, channel, req, res);
  const release = await uploads.acquire();
  if (!release) {
    res.setHeader('Retry-After', '5');
    res.setHeader('Connection', 'close');
    sendJson(res, 503, { ok: false, error: { code: 'engine-unavailable', message: 'Loupe is busy with other dropped images; try again in a moment' } });
    res.on('finish', () => req.destroy());
    return;
  }
  try {
    await handleBody(backend, channel, req, res);
  } finally {
    release();
  }
}

/** One limiter per process: every server of it shares the memory. */
const defaultUploads = new UploadLimit();

async function handleBody(backend: LoupeApi, channel: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let body: Buffer;
  try {
    body = await readBody(req, MAX_BODY_BYTES);
  } catch (err) {
    if (err instanceof BodyTooLargeError) {
      res.setHeader('Connection', 'close');
      fail(res, 413, 'bad-arguments', `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB`);
      res.on('finish', () => req.destroy());
      return;
    }
    throw err;
  }
  let args: unknown;
  try {
    args = JSON.parse(body.toString('utf8'));
  } catch {
    return fail(res, 400, 'bad-arguments', 'The request body is not valid JSON');
  }
  const result = await dispatchApiCall(backend, channel, args);
  sendJson(res, !result.ok && result.error.code === 'unknown-channel' ? 404 : 200, result);
}
