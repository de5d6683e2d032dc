// Backend failures as sentences in the user's language: a sentence key with parameters when the backend sent one,
// a translated sentence per error code where the code says it all, else the backend's message without the call
// name it starts with (an internal name such as "addFolder:" means nothing to a person).
import { API_CHANNELS, type ApiErrorCode, type ApiErrorDetail } from '../../shared/api.js';
import type { Messages } from './messages.js';

const CALL_PREFIX = new RegExp(`^(?:${API_CHANNELS.join('|')}): `);

export function errorText(m: Messages, error: { code: ApiErrorCode; message: string; detail?: ApiErrorDetail }): string {
  const d = error.detail;
  if (d) {
    const p = d.params;
    switch (d.key) {
      case 'folder-missing':
        return m.errors.folderMissing(p.path ?? '');
      case 'not-a-folder':
        return m.errors.notAFolder(p.path ?? '');
      case 'inside-home':
        return m.errors.insideHome(p.path ?? '');
      case 'already-in-library':
        return m.errors.alreadyInLibrary(p.path ?? '', p.parent ?? '');
      case 'not-library-folder':
        return m.errors.notLibraryFolder(p.path ?? '');
      case 'photo-gone':
        return m.errors.photoGone;
      case 'person-on-photo':
        return m.errors.personOnPhoto(p.name ?? '');
      case 'people-on-one-photo':
        return m.errors.peopleOnOnePhoto(p.photo ?? '');
      case 'name-taken':
        return m.errors.nameTaken(p.name ?? '');
      case 'not-full-path':
        return m.errors.notFullPath(p.path ?? '');
      case 'unknown-place':
        return m.errors.unknownPlace(p.name ?? '');
      case 'bad-date':
        return m.errors.badDate(p.text ?? '');
      case 'date-out-of-range':
        return m.errors.dateOutOfRange(p.text ?? '');
      case 'bad-shift':
        return m.errors.badShift(p.text ?? '');
      case 'no-date-to-shift':
        return m.errors.noDateToShift(p.file ?? '');
      case 'shift-out-of-range':
        return m.errors.shiftOutOfRange(p.file ?? '', p.text ?? '');
    }
  }
  if (error.code === 'engine-unavailable') return m.errors.serverUnreachable;
  if (error.code === 'forbidden') return m.errors.notAllowed;
  const text = error.message.replace(CALL_PREFIX, '');
  return text || m.errors.generic;
}

/** A file's failure in the user's language, by the engine's code (the engine's English sentence is the detail). */
export function failureReason(m: Messages, code: string | undefined): string {
  switch (code) {
    case 'empty':
      return m.reasons.empty;
    case 'unreadable':
      return m.reasons.unreadable;
    case 'not-an-image':
    case 'unsupported':
      return m.reasons.unsupported;
    case 'corrupt':
      return m.reasons.corrupt;
    case 'too-large':
      return m.reasons.tooLarge;
    default:
      return m.reasons.other;
  }
}
