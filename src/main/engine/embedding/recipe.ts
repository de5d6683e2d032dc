// Which recipe the stored raw features were computed with (kept apart from features.ts so the catalog can name it
// without loading onnxruntime).

/**
 * The version of what computeRawFeatures computes from a photo with the bundled models. The embed stage's version
 * derives from it, so a change makes every photo due for embedding again instead of mixing two kinds of features in
 * one library; each feature row records the recipe it was computed with (catalog migration 320), and everything that
 * reads features (find-similar, its index and whitening fit, learned tags, duplicates) sees only the current recipe's.
 *   1: FLIP_DEFAULT on both branches, centernet = backbone block 14's depthwise output. The int8 MobileNetV2
 *      (issue #15) kept 1 on purpose: its features are at cosine >= 0.999 of the float model's, and a library holding
 *      both ranks as one holding either (docs/models.md, "Libraries embedded before").
 *   2: centernet = block 13's depthwise output (issues #11, #15: find-similar and learned tags measured better).
 */
export const EMBEDDING_RECIPE_VERSION = 2;

/**
 * The suffix of every name derived from the features of one recipe (the similarity index file, the library's own
 * whitening and its settings, the learned tags' feature space): '' for recipe 1, whose names predate it, so nothing
 * of an earlier recipe is ever read as this one's.
 */
export function recipeSuffix(recipe: number = EMBEDDING_RECIPE_VERSION): string {
  return recipe === 1 ? '' : `-recipe${recipe}`;
}
