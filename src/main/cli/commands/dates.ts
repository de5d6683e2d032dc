// `loupe date FILE...`: a photo's capture date and where it came from; --set, --shift and --clear correct it by hand
// (the user's decision: re-indexing, editing or moving the file keeps it; the file itself is never written).
import type { DateChange, DateSource, PhotoDate } from '../../../shared/date-types.js';
import type { Command } from '../cli-context.js';
import { UsageError } from '../cli-context.js';
import { photoIdOf } from '../photo-id.js';

/** Where a date came from, in the CLI's words (loupe date, loupe info). */
export const DATE_FROM: Record<DateSource, string> = {
  exif: 'from the camera',
  filename: 'from the file name',
  mtime: "from the file's time: a guess, as a copy resets it",
  user: 'set by you',
};

const shown = (iso: string | null): string => (iso === null ? 'no date' : iso.replace('T', ' '));

/** "/p/a.jpg  2019-05-12 14:30:00  (set by you; its own: 2019-05-12 13:30:00 from the camera)" */
export function formatPhotoDate(d: PhotoDate): string {
  const from = d.source ? DATE_FROM[d.source] : '';
  const own = d.source === 'user' ? `; its own: ${shown(d.ownTakenAt)}${d.ownSource ? ` ${DATE_FROM[d.ownSource]}` : ''}` : '';
  return `${d.path}  ${shown(d.takenAt)}${from || own ? `  (${from}${own})` : ''}`;
}

export const dateCommand: Command = {
  name: 'date',
  summary: 'show the capture date of photos and where it came from; set, shift or clear it by hand (kept through re-indexing)',
  usage: 'loupe date <image>... [--set "YYYY-MM-DD[ HH:MM]" | --shift +1h|-2d|+0:30 | --clear] [--json]',
  options: { set: { type: 'string' }, shift: { type: 'string' }, clear: { type: 'boolean' } },
  async run(ctx, positionals, values) {
    if (positionals.length === 0) throw new UsageError('date takes at least one image path');
    const set = values.set as string | undefined;
    const shift = values.shift as string | undefined;
    const modes = [set !== undefined, shift !== undefined, Boolean(values.clear)].filter(Boolean).length;
    if (modes > 1) throw new UsageError('give one of --set DATE, --shift OFFSET or --clear');
    if (set !== undefined && set.trim() === '') throw new UsageError('--set needs a date, e.g. --set "2019-05-12 14:30"');
    if (shift !== undefined && shift.trim() === '') throw new UsageError('--shift needs an offset, e.g. --shift +1h');
    // showing only reads; a change writes
    const engine = modes ? ctx.engine() : ctx.reader();
    // every path is resolved before anything changes: one not in the library leaves all the others as they were
    const ids = positionals.map((f) => photoIdOf(engine, f));
    const change: DateChange | null = set !== undefined ? { set } : shift !== undefined ? { shift } : values.clear ? { clear: true } : null;
    const dates = change ? engine.dates.change(ids, change) : [...new Set(ids)].map((id) => engine.dates.dateOf(id));
    ctx.io.out(ctx.json ? JSON.stringify({ dates }) : dates.map(formatPhotoDate).join('\n'));
    return 0;
  },
};
