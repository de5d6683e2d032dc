import type { FileFailure, IndexSummary } from '../../shared/library-types.js';

export function formatIndexSummary(s: IndexSummary): string {
  const seen = s.added + s.updated + s.unchanged + s.moved + s.movedChanged;
  // said only when it happened: a photo moved and edited, which kept the user's names and tags
  const movedChanged = s.movedChanged > 0 ? `${s.movedChanged} moved and changed, ` : '';
  const lines = [
    `Indexed ${seen} photo file(s) in ${s.seconds} s: ${s.added} added, ${s.updated} updated, ${s.moved} moved, ` +
      `${movedChanged}${s.removed} removed, ${s.unchanged} unchanged.`,
  ];
  if (s.failed.length > 0) lines.push(formatFailures(s.failed));
  return lines.join('\n');
}

export function formatFailures(failed: readonly FileFailure[]): string {
  return [`${failed.length} file(s) could not be indexed:`, ...failed.map((f) => `  ${f.path}: ${f.reason}`)].join('\n');
}
