import type { Command } from '../cli-context.js';
import { UsageError } from '../cli-context.js';
import type { PhotoRecord } from '../../../shared/library-types.js';
import { DAMAGE_TEXT } from '../../../shared/photo-damage.js';
import type { PhotoPlace } from '../../../shared/place-types.js';
import { formatPlace } from './places.js';
import { DATE_FROM } from './dates.js';
import type { DateSource } from '../../../shared/date-types.js';
import { photoIdOf } from '../photo-id.js';

function placeLine(place: PhotoPlace | null, problem: string | null): string {
  if (place) return `\n${'Place'.padEnd(12)} ${formatPlace(place)}`;
  return problem ? `\n${'Place'.padEnd(12)} none: ${problem}` : '';
}

export const infoCommand: Command = {
  name: 'info',
  summary: 'show the catalog record of one photo',
  usage: 'loupe info <image> [--json]',
  async run(ctx, positionals) {
    if (positionals.length !== 1) throw new UsageError('info takes exactly one image path');
    const engine = ctx.reader();
    const id = photoIdOf(engine, positionals[0]);
    const record = engine.library.info(id)!;
    const { place, problem } = engine.places.placeOf(id);
    const placed = { ...record, place, ...(problem ? { placeProblem: problem } : {}) };
    ctx.io.out(ctx.json ? JSON.stringify(placed) : formatRecord(record) + placeLine(place, problem));
    return 0;
  },
};

function formatRecord(r: PhotoRecord): string {
  const rows: [string, string | number | null][] = [
    ['Path', r.path],
    ['State', r.state],
    ['Format', r.formatLabel ?? r.format],
    ['Damage', r.damage ? DAMAGE_TEXT[r.damage] : null],
    ['Size', r.width && r.height ? `${r.width} x ${r.height} px, ${r.size} bytes` : `${r.size} bytes`],
    ['Taken', r.takenAt ? `${r.takenAt}${r.takenAtSource ? ` (${DATE_FROM[r.takenAtSource as DateSource] ?? r.takenAtSource})` : ''}` : null],
    ['Camera', cameraName(r.camera.make, r.camera.model)],
    ['Lens', r.camera.lens],
    ['GPS', r.gps ? `${r.gps.lat.toFixed(6)}, ${r.gps.lon.toFixed(6)}${r.gps.alt !== null ? `, ${r.gps.alt} m` : ''}` : null],
    ['Orientation', r.orientation],
    ['Content', r.contentHash],
    ['Thumbnail', r.thumbnails?.small ?? null],
  ];
  const lines = rows.filter(([, v]) => v !== null && v !== '').map(([k, v]) => `${k.padEnd(12)} ${v}`);
  for (const e of r.errors) lines.push(`${'Error'.padEnd(12)} ${e.stage}: ${e.reason}`);
  return lines.join('\n');
}

/** "Canon" + "Canon EOS 20D" reads as "Canon EOS 20D": many cameras repeat the make in the model name. */
function cameraName(make: string | null, model: string | null): string | null {
  if (make && model?.toLowerCase().startsWith(make.toLowerCase())) return model;
  return [make, model].filter(Boolean).join(' ') || null;
}
