import type { DamagedPhoto, FileFailure, IndexSummary } from '../../shared/library-types.js';
import { DAMAGE_TEXT } from '../../shared/photo-damage.js';

export function formatIndexSummary(s: IndexSummary): string {
  const seen = s.added + s.updated + s.unchanged + s.moved + s.movedChanged;
  // said only when it happened: a photo moved and edited, which kept the user's names and tags
  const movedChanged = s.movedChanged > 0 ? `${s.movedChanged} moved and changed, ` : '';
  const lines = [
    `Indexed ${seen} photo file(s) in ${s.seconds} s: ${s.added} added, ${s.updated} updated, ${s.moved} moved, ` +
      `${movedChanged}${s.removed} removed, ${s.unchanged} unchanged.`,
  ];
  if (s.failed.length > 0) lines.push(formatFailures(s.failed));
  // a damaged file is news once: when it is found, or its bytes change; later runs count it (the JSON lists it)
  const found = (s.damaged ?? []).filter((d) => !d.known);
  const known = (s.damaged?.length ?? 0) - found.length;
  if (found.length > 0) lines.push(formatDamaged(found));
  if (known > 0) {
    lines.push(`${known} damaged ${known === 1 ? 'file' : 'files'} found before, still indexed from the part that decodes: \`loupe status\` lists ${known === 1 ? 'it' : 'them'}.`);
  }
  return lines.join('\n');
}

/** Photos indexed from what decodes of them: the ones an index run found, and every one in `loupe status`. */
export function formatDamaged(damaged: readonly DamagedPhoto[]): string {
  const head = `${damaged.length} damaged ${damaged.length === 1 ? 'file' : 'files'} indexed from the part that decodes:`;
  return [head, ...damaged.map((d) => `  ${d.path}: ${DAMAGE_TEXT[d.damage]}`)].join('\n');
}

export function formatFailures(failed: readonly FileFailure[]): string {
  return [`${failed.length} file(s) could not be indexed:`, ...failed.map((f) => `  ${f.path}: ${f.reason}`)].join('\n');
}
