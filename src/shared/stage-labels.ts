/**
 * The deep pass's stages as a user reads them (English): the CLI's progress and `loupe status`, and the UI's English
 * messages; the catalog's stage ids (copyquality, texttags) mean nothing to a user. An id not listed shows as it is.
 */
const STAGE_LABELS: Readonly<Record<string, string>> = {
  faces: 'faces',
  text: 'text in photos',
  places: 'places',
  preview: 'viewer images',
  copyquality: 'copy details (duplicates)',
  texttags: 'receipts (from the text)',
};

export function stageLabel(stage: string): string {
  return STAGE_LABELS[stage] ?? stage;
}
