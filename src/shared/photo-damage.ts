// A photo indexed from the part of its file that decodes (a card pulled out mid-write, a half-copied download).
// No Node, no DOM: the engine records the code, the CLI and the UI word it.

/**
 * truncated: the file ends early and the lower part of the picture is missing (grey where a viewer shows nothing);
 * incomplete: the file ends early but the whole picture shows, less detailed (a progressive JPEG's first passes).
 */
export type PhotoDamage = 'truncated' | 'incomplete';

export const PHOTO_DAMAGES: readonly PhotoDamage[] = ['truncated', 'incomplete'];

/** The English sentence the CLI prints (the UI has its own in each language). */
export const DAMAGE_TEXT: Record<PhotoDamage, string> = {
  truncated: 'damaged file: the lower part is missing (indexed from the part that decodes)',
  incomplete: 'damaged file: its end is missing, the picture shows less detail (indexed from the part that decodes)',
};

export const isPhotoDamage = (x: unknown): x is PhotoDamage => typeof x === 'string' && (PHOTO_DAMAGES as readonly string[]).includes(x);
