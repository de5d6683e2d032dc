// Capture dates the user corrects: one date set on a photo or a selection, a selection shifted by an offset (the
// camera's clock was an hour or a day wrong), or the hand-set date cleared (back to the photo's own). A hand-set date
// is the user's decision: the analyze stage keeps it through a re-index, an edit of the file and a move
// (FileRepository.completeStage); the file itself is never written.
import path from 'node:path';
import { LibraryError } from '../errors.js';
import type { CatalogDb } from '../catalog/database.js';
import { DATE_SOURCES, isGuessedDate, type DateChange, type DateSource, type PhotoDate } from '../../../shared/date-types.js';
import { parseDateInput, parseShiftInput, shiftIso } from '../../../shared/date-input.js';
import { DateRepository, type DateRow } from './date-repository.js';

const asSource = (s: string | null): DateSource | null => ((DATE_SOURCES as readonly string[]).includes(s ?? '') ? (s as DateSource) : null);

function toPhotoDate(r: DateRow): PhotoDate {
  return {
    id: r.id, path: r.path, takenAt: r.taken_at, source: asSource(r.taken_at_source),
    ownTakenAt: r.own_taken_at, ownSource: asSource(r.own_taken_at_source), guessed: isGuessedDate(r.taken_at_source),
  };
}

export class DateService {
  readonly repo: DateRepository;

  constructor(deps: { db: CatalogDb }) {
    this.repo = new DateRepository(deps.db);
  }

  dateOf(fileId: number): PhotoDate {
    return toPhotoDate(this.row(fileId));
  }

  /** Applies one change to every photo, or to none: a bad date, an offset that would take any photo out of the
   *  plausible range (1826 to tomorrow) or a photo without a date to shift refuses the whole change. */
  change(fileIds: readonly number[], change: DateChange, nowMs = Date.now()): PhotoDate[] {
    const ids = [...new Set(fileIds)];
    if (ids.length === 0) throw new LibraryError('invalid', 'No photo to change the date of.');
    const rows = ids.map((id) => this.row(id));
    if ('clear' in change) {
      this.repo.clearUser(ids);
    } else if ('set' in change) {
      const parsed = parseDateInput(change.set, nowMs);
      if ('problem' in parsed) {
        const why = parsed.problem === 'bad-date' ? 'is not a date (write it as 2019-05-12 or 2019-05-12 14:30)' : 'is before 1826 or in the future';
        throw new LibraryError('invalid', `Cannot set the date: "${change.set}" ${why}.`, {
          sentence: { key: parsed.problem, params: { text: change.set } },
        });
      }
      this.repo.setUser(rows.map((r) => ({ id: r.id, takenAt: parsed.iso })));
    } else {
      const shift = parseShiftInput(change.shift);
      if (!shift) {
        throw new LibraryError('invalid', `Cannot shift the dates: "${change.shift}" is not an offset (write it as +1h, -2d, +1d 3h, +0:30 or -1y).`, {
          sentence: { key: 'bad-shift', params: { text: change.shift } },
        });
      }
      const shifted = rows.map((r) => {
        if (r.taken_at === null) {
          throw new LibraryError('invalid', `Cannot shift the dates: ${r.path} has no date to shift (set one instead). Nothing was changed.`, {
            sentence: { key: 'no-date-to-shift', params: { file: path.basename(r.path) } },
          });
        }
        const takenAt = shiftIso(r.taken_at, shift, nowMs);
        if (takenAt === null) {
          throw new LibraryError('invalid', `Cannot shift the dates: ${change.shift} would put ${r.path} (${r.taken_at}) before 1826 or in the future. Nothing was changed.`, {
            sentence: { key: 'shift-out-of-range', params: { file: path.basename(r.path), text: change.shift } },
          });
        }
        return { id: r.id, takenAt };
      });
      this.repo.setUser(shifted);
    }
    return ids.map((id) => this.dateOf(id));
  }

  private row(fileId: number): DateRow {
    const r = this.repo.of(fileId);
    if (!r) throw new LibraryError('not-found', `Photo ${fileId} is not in the library.`, { sentence: { key: 'photo-gone', params: {} } });
    return r;
  }
}
