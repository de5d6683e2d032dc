// What the UI is told about the library home itself (not about one photo): notices (a read-only home, a clean-up a
// crash interrupted) and, when the catalog cannot be opened, what happened and the ways out (the same as
// `loupe doctor`). Sentence keys with numbers, so the UI says them in the user's language.

/** Something the user should know about the home; `count` is the number of photos it concerns (0 where none). */
export interface HomeNotice {
  key: 'read-only' | 'cleanup-finished' | 'cleanup-rolled-back' | 'cleanup-waiting';
  count: number;
  /** the library home (for 'read-only') */
  folder?: string;
}

export const CATALOG_PROBLEMS = ['missing', 'empty', 'damaged'] as const;
export type CatalogProblem = (typeof CATALOG_PROBLEMS)[number];

/** The catalog could not be opened: Loupe runs without it until the user chooses a way out. */
export interface HomeDamage {
  problem: CatalogProblem;
  /** the catalog file */
  catalog: string;
  /** SQLite's complaint, for a 'damaged' catalog */
  detail: string;
  /** the newest backup, when there is one */
  backup: { file: string; takenAt: string } | null;
  /** the whole story in English, as the CLI prints it (logs, and a language the UI has no words for) */
  message: string;
}

/** The ways out of a damaged home: put the newest backup back, or start a new, empty catalog (the old one is kept
 *  aside, never deleted). */
export const HOME_REPAIRS = ['restore-backup', 'start-fresh'] as const;
export type HomeRepair = (typeof HOME_REPAIRS)[number];
