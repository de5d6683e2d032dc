// A photo's capture date as the catalog keeps it: the date in effect (search, the timeline and the grid's order use
// it), where it came from, and the photo's own date underneath a date the user set or shifted by hand.

/** Where a capture date came from: the camera (EXIF), the file's name, the file's modification time, or the user. */
export const DATE_SOURCES = ['exif', 'filename', 'mtime', 'user'] as const;
export type DateSource = (typeof DATE_SOURCES)[number];
/** The source of a date the user set or shifted: the analyze stage never replaces it. */
export const USER_DATE_SOURCE: DateSource = 'user';

/** Sources that only guess the capture date: a file's modification time is reset by a copy, a download, an edit. The
 *  viewer and the timeline show such dates as guesses, so the user knows which ones to fix. */
export const GUESSED_DATE_SOURCES: readonly DateSource[] = ['mtime'];

export function isGuessedDate(source: string | null | undefined): boolean {
  return (GUESSED_DATE_SOURCES as readonly (string | null | undefined)[]).includes(source);
}

/** One photo's date ("2019-05-04T13:22:10", wall clock, a zone suffix only where the camera wrote one). */
export interface PhotoDate {
  id: number;
  path: string;
  /** the date in effect, null when the photo has none */
  takenAt: string | null;
  source: DateSource | null;
  /** the photo's own date (EXIF, name or file time), what clearing a hand-set date returns to */
  ownTakenAt: string | null;
  ownSource: DateSource | null;
  /** the date in effect is only the file's time */
  guessed: boolean;
}

/** A change of date for one photo or a selection: set one date for all, shift each by an offset ("+1h", "-2d",
 *  "+0:30"), or clear the hand-set date (back to the photo's own). */
export type DateChange = { set: string } | { shift: string } | { clear: true };

/** The longest text a date or an offset may be (an API argument's bound). */
export const MAX_DATE_INPUT_LENGTH = 40;
