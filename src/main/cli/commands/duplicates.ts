import path from 'node:path';
import type { DuplicateGroup, DuplicateLevel, PairExplanation } from '../../../shared/duplicate-types.js';
import { DUPLICATE_LEVELS } from '../../../shared/duplicate-types.js';
import { LibraryError } from '../../engine/errors.js';
import type { LoupeEngine } from '../../engine/engine.js';
import type { Command } from '../cli-context.js';
import { UsageError } from '../cli-context.js';

function idOf(engine: LoupeEngine, file: string): number {
  const id = engine.library.info(file)?.id;
  if (id === undefined) throw new LibraryError('not-found', `${path.resolve(file)} is not in the library.`);
  return id;
}

function formatBytes(n: number): string {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

export function describeMatch(m: PairExplanation): string {
  const parts = [m.rule];
  if (m.hashDistance !== null) parts.push(`hash ${m.hashDistance}/64${m.transform && m.transform !== 'identity' ? ` after ${m.transform}` : ''}`);
  if (m.cosine !== null) parts.push(`cosine ${m.cosine.toFixed(3)}`);
  if (m.takenAtDeltaS !== null) parts.push(`${m.takenAtDeltaS} s apart`);
  if (m.distanceM !== null) parts.push(`${m.distanceM} m apart`);
  if (m.nearUniform) parts.push('flat picture');
  return parts.join(', ');
}

function formatGroup(g: DuplicateGroup): string[] {
  const lines = [`${g.level} group ${g.id}: keep ${g.members.find((m) => m.id === g.keepId)?.path} (${g.keepRule}: ${g.reason})`];
  for (const m of g.members) {
    const mark = m.id === g.keepId ? 'keep ' : g.level === 'similar' ? '     ' : 'trash';
    const size = m.width && m.height ? `${m.width}x${m.height}` : '?';
    lines.push(`  ${mark} ${m.score.toFixed(3)}  ${size.padEnd(9)} ${formatBytes(m.bytes).padStart(8)}  ${m.path}${m.match ? `  [${describeMatch(m.match)}]` : ''}`);
  }
  return lines;
}

export const duplicatesCommand: Command = {
  name: 'duplicates',
  summary: 'list exact and near-duplicate groups and similar-shot stacks, with the copy to keep; or explain a pair',
  usage: 'loupe duplicates [--level exact|near|similar] [--explain A B] [--json]',
  options: { level: { type: 'string' }, explain: { type: 'boolean' } },
  async run(ctx, positionals, values) {
    const engine = ctx.engine();
    if (values.explain) {
      if (positionals.length !== 2) throw new UsageError('--explain takes two photo paths');
      const e = engine.duplicates.explain(idOf(engine, positionals[0]), idOf(engine, positionals[1]));
      ctx.io.out(ctx.json ? JSON.stringify(e) : `${e.level === 'none' ? 'not duplicates' : e.level} (score ${e.score.toFixed(3)}): ${describeMatch(e)}`);
      return 0;
    }
    if (positionals.length) throw new UsageError('duplicates takes no paths (use --explain A B to compare two photos)');
    const level = values.level as string | undefined;
    if (level !== undefined && !(DUPLICATE_LEVELS as readonly string[]).includes(level)) throw new UsageError(`--level must be one of ${DUPLICATE_LEVELS.join(', ')}`);
    const groups = await engine.duplicates.groups(level as DuplicateLevel | undefined);
    if (ctx.json) {
      ctx.io.out(JSON.stringify({
        groups: groups.map((g) => ({
          id: g.id,
          level: g.level,
          keep: g.members.find((m) => m.id === g.keepId)?.path ?? null,
          keepRule: g.keepRule,
          reason: g.reason,
          members: g.members.map((m) => ({ path: m.path, score: m.score, width: m.width, height: m.height, bytes: m.bytes, format: m.format, match: m.match })),
        })),
      }));
    } else if (groups.length === 0) {
      ctx.io.out(level ? `No ${level} groups.` : 'No duplicates or similar shots found (is the library indexed?).');
    } else {
      for (const g of groups) ctx.io.out(formatGroup(g).join('\n'));
    }
    return 0;
  },
};
