// Engine failures reach the API with a code chosen by their kind, in one place (api-errors.ts), never by
// their wording; a cancellation is known by its type.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { asApi, toApiError } from '../../../src/main/backend/api-errors.js';
import { LibraryError, type LibraryErrorCode } from '../../../src/main/engine/errors.js';
import { LoupeEngine } from '../../../src/main/engine/engine.js';
import { JobCancelledError } from '../../../src/main/engine/jobs/job.js';
import { ApiError } from '../../../src/shared/api-dispatch.js';
import { makeTempDir } from '../../helpers/fixtures.js';

describe('toApiError', () => {
  it.each<[LibraryErrorCode, string]>([
    ['not-found', 'not-found'], ['invalid', 'bad-arguments'], ['not-ready', 'not-ready'],
    ['conflict', 'conflict'], ['busy', 'busy'], ['cancelled', 'cancelled'],
  ])('a %s LibraryError becomes %s, its message prefixed with the call', (kind, code) => {
    const err = toApiError('findSimilar', new LibraryError(kind, 'photo 7 has no similarity vector yet'));
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code, message: 'findSimilar: photo 7 has no similarity vector yet' });
  });

  it("carries the engine's sentence key to the UI (the UI says it in the user's language)", () => {
    const detail = { key: 'person-on-photo' as const, params: { name: '李娜' } };
    const err = toApiError('nameFace', new LibraryError('invalid', 'Person 3 (李娜) already has face 9 on this photo.', { sentence: detail }));
    expect(err).toMatchObject({ code: 'bad-arguments', detail });
  });

  it('knows a cancelled job by its type, and passes bugs and ApiErrors through untouched', async () => {
    expect(new JobCancelledError()).toBeInstanceOf(LibraryError);
    expect(toApiError('startIndex', new JobCancelledError())).toMatchObject({ code: 'cancelled' });
    const bug = new TypeError('x is undefined');
    expect(toApiError('status', bug)).toBe(bug);
    const api = new ApiError('forbidden', 'no');
    expect(toApiError('status', api)).toBe(api);
    await expect(asApi('status', () => { throw bug; })).rejects.toBe(bug);
  });
});

describe('the engine says what kind of failure it met', () => {
  const tmp = makeTempDir();
  const engine = LoupeEngine.open({ home: path.join(tmp.dir, 'home'), warn: () => {} });
  afterAll(async () => {
    await engine.close();
    tmp.cleanup();
  });

  it('not-found, invalid: through the API, with the code of their kind', async () => {
    await expect(asApi('cleanUpDuplicates', () => engine.trash.cleanUp(404, 1, [2]))).rejects.toMatchObject({ code: 'not-found' });
    await expect(asApi('restorePhotos', () => engine.trash.restore('no-such-token'))).rejects.toMatchObject({ code: 'not-found' });
    await expect(asApi('addFolder', () => engine.library.addFolder(path.join(tmp.dir, 'missing')))).rejects.toMatchObject({ code: 'bad-arguments' });
    await expect(asApi('updateSettings', () => engine.settings.update({ tagThreshold: 2 }))).rejects.toMatchObject({ code: 'bad-arguments' });
  });
});
