// Text read in photos, as the API carries it (see src/main/engine/text). JSON-safe, no Node or DOM types.

/** One line of text in a photo. `box`: [x, y, w, h] in pixels of the photo as displayed (EXIF orientation applied). */
export interface PhotoTextLine {
  text: string;
  box: [number, number, number, number];
  /** the recogniser's mean character confidence, 0..1 */
  confidence: number;
}

export interface PhotoText {
  /** false while the photo's text has not been read yet (indexing reads it in its second pass) */
  read: boolean;
  /** the photo as displayed: the space of the boxes */
  width: number | null;
  height: number | null;
  lines: PhotoTextLine[];
}

/** A line of a photo's text that holds a search term (the term as typed, the line as read, where it is). */
export interface TextHit {
  term: string;
  text: string;
  box: [number, number, number, number];
}

/** Where a search's words were found in the text of one photo. */
export interface PhotoTextMatch {
  id: number;
  matches: TextHit[];
}

/** What the text in a photo can say it is, as automatic tags the text stage decides (src/main/engine/text/
 *  receipt-rule.ts): found by search in English and Chinese ("receipt 2019", "小票"), removable by hand like any
 *  automatic tag (a removal survives every re-run). */
export const TEXT_TAGS = [{ name: 'receipt', nameZh: '收据' }] as const;
