// A person's own marks on photos: albums (a photo in any number), favourite, a star rating (0-5), a colour
// label and a rotation. Stored in the catalog on the photo's row, so they follow it across moves and renames;
// merged into the kept copy when duplicates are cleaned up. JSON-safe, no Node, no DOM.

export const COLOR_LABELS = ['red', 'orange', 'yellow', 'green', 'blue', 'purple'] as const;
export type ColorLabel = (typeof COLOR_LABELS)[number];

/** Quarter turns clockwise, shown by the viewer and the grid; the file itself is never rewritten. */
export const ROTATIONS = [0, 90, 180, 270] as const;
export type Rotation = (typeof ROTATIONS)[number];

export const MAX_RATING = 5;
export const MAX_ALBUM_NAME_LENGTH = 120;

export interface PhotoMarks {
  favourite: boolean;
  /** 0 (none) to 5 stars */
  rating: number;
  label: ColorLabel | null;
  rotation: Rotation;
}

/** What a batch "mark" changes; absent fields stay as they are. */
export type MarksPatch = Partial<PhotoMarks>;

export const MARK_KEYS: readonly (keyof PhotoMarks)[] = ['favourite', 'rating', 'label', 'rotation'];

export interface Album {
  id: number;
  name: string;
  count: number;
  /** a photo of the album to show on its card, or null when empty */
  coverId: number | null;
  createdAt: number;
}

/** Copies written by an export (never a move, never an overwrite). */
export interface ExportResult {
  folder: string;
  copied: { id: number; from: string; to: string }[];
  failed: { id: number; path: string | null; reason: string }[];
}

/** A folder below a library folder that holds catalogued photos, for the folder tree. */
export interface SubFolder {
  path: string;
  name: string;
  /** photos anywhere below it */
  count: number;
}
