import { describe, expect, it } from 'vitest';
import { API_CHANNELS } from '../../../src/shared/api.js';
import { errorText, failureReason } from '../../../src/renderer/i18n/error-text.js';
import { messagesFor } from '../../../src/renderer/i18n/messages.js';

const en = messagesFor('en');
const zh = messagesFor('zh-CN');

describe("backend errors in the user's language", () => {
  it('says a missing folder as a sentence in each language, without the internal call name', () => {
    const error = { code: 'not-found' as const, message: 'addFolder: /p/x does not exist', detail: { key: 'folder-missing' as const, params: { path: '/p/x' } } };
    expect(errorText(en, error)).toBe('The folder /p/x does not exist.');
    expect(errorText(zh, error)).toBe('文件夹 /p/x 不存在。');
  });

  it('says a name is taken with the name, not the engine\'s ids, in each language', () => {
    const error = { code: 'bad-arguments' as const, message: 'namePerson: Person 3 is already named Maria: ...', detail: { key: 'name-taken' as const, params: { name: 'Maria' } } };
    expect(errorText(en, error)).toMatch(/^Someone else is already named Maria\./);
    expect(errorText(zh, error)).toMatch(/^已有另一个人叫“Maria”/);
  });

  it('says "already on this photo" with the person\'s name, not the engine\'s ids, in each language', () => {
    const error = { code: 'bad-arguments' as const, message: 'nameFace: Person 21 (Kasper) already has face 77 on this photo.', detail: { key: 'person-on-photo' as const, params: { name: 'Kasper' } } };
    expect(errorText(en, error)).toMatch(/^Kasper is already on this photo/);
    expect(errorText(zh, error)).toMatch(/^Kasper已在这张照片中/);
    expect(errorText(zh, { ...error, detail: { key: 'person-on-photo' as const, params: { name: '' } } })).toMatch(/^此人/);
  });

  it('says why people on one photo together are not merged, in each language', () => {
    const error = { code: 'bad-arguments' as const, message: 'mergePeople: People 2 and 17 are on one photo together (/p/IMG_4099.jpg)', detail: { key: 'people-on-one-photo' as const, params: { photo: 'IMG_4099.jpg' } } };
    expect(errorText(en, error)).toMatch(/^Not merged: these people are on IMG_4099\.jpg together/);
    expect(errorText(zh, error)).toMatch(/^未合并：这些人同时出现在 IMG_4099\.jpg 中/);
  });

  it('says a relative folder path is not a full path in each language, not the check\'s English', () => {
    const error = { code: 'bad-arguments' as const, message: 'addFolder: path must be an absolute path, got "Photos"', detail: { key: 'not-full-path' as const, params: { path: 'Photos' } } };
    expect(errorText(en, error)).toMatch(/^“Photos” is not a folder's full path\./);
    expect(errorText(zh, error)).toMatch(/^“Photos”不是文件夹的完整路径。/);
    expect(errorText(zh, error)).not.toMatch(/absolute/);
  });

  it('strips any call name from a message it has no sentence for', () => {
    for (const call of API_CHANNELS) expect(errorText(en, { code: 'internal', message: `${call}: disk full` })).toBe('disk full');
  });

  it('translates transport failures by code', () => {
    expect(errorText(zh, { code: 'engine-unavailable', message: 'Cannot reach the Loupe server: ECONNREFUSED' })).toMatch(/[\u4e00-\u9fff]/);
  });

  it('names a file failure by its code in Chinese', () => {
    expect(failureReason(zh, 'corrupt')).toBe('文件已损坏或不完整');
    expect(failureReason(zh, 'not-an-image')).toBe(failureReason(zh, 'unsupported'));
    expect(failureReason(zh, undefined)).toBe(zh.reasons.other);
  });
});
