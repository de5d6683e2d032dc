// Where "Find similar" draws its line: results scoring at least this are "similar photos"; the rest are folded
// away under "less similar". Chosen by measurement (bench/similar-cutoff.ts on caltech101-dev: the threshold
// with the best F0.5, i.e. precision weighted over recall, of "same category" over the app's own scores); the
// bench prints the precision and recall this value gives. Shared so the renderer and the bench read one number.
export const SIMILAR_CUTOFF = 0.63;
