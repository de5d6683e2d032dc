// Where the benchmarks and quality evaluations find the project's evaluation data: ../shared/data beside
// the repository, on the project's own machines (see its README). A clone elsewhere has none; the tests
// carry their own photos (test/fixtures/photos) and never need it, but a benchmark cannot run without
// it, so it says so and stops instead of failing on a missing file halfway.
import fs from 'node:fs';
import path from 'node:path';

// LOUPE_EVALUATION_DATA names it elsewhere: a git worktree of the repository has no ../shared beside it.
export const EVALUATION_DATA = process.env.LOUPE_EVALUATION_DATA ?? path.resolve(import.meta.dirname, '..', '..', 'shared', 'data');

/** Exit status of a benchmark that had no evaluation data to run on. */
export const NO_EVALUATION_DATA_EXIT = 3;

/** The path of `parts` inside the evaluation data; prints why and exits when it is not there. */
export function evaluationData(...parts: string[]): string {
  const target = path.join(EVALUATION_DATA, ...parts);
  if (!fs.existsSync(target)) {
    console.error(
      `This benchmark measures on the project's evaluation data, and ${target} is not there.\n` +
      `The evaluation data (../shared/data beside the repository) exists only on the project's own machines; ` +
      `the tests do not need it (npm test uses test/fixtures/photos). Pass your own folder where the benchmark takes one.`,
    );
    process.exit(NO_EVALUATION_DATA_EXIT);
  }
  return target;
}
