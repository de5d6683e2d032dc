import type { JobProgress } from '../../shared/library-types.js';
import { stageLabel } from '../../shared/stage-labels.js';

const WIDTH = 24;
const PHASE_NAMES: Record<JobProgress['phase'], string> = { scan: 'reading', analyze: 'analysing', deep: 'deep pass:' };

/** Renders job progress as one self-overwriting terminal line on stderr. */
export class ProgressBar {
  private lastLength = 0;

  constructor(private readonly write: (s: string) => void, private readonly columns = 100) {}

  update(p: JobProgress): void {
    const fraction = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
    const filled = Math.round(fraction * WIDTH);
    const bar = '█'.repeat(filled) + '░'.repeat(WIDTH - filled);
    const eta = p.etaSeconds !== null ? ` ETA ${formatDuration(p.etaSeconds)}` : '';
    const paused = p.state === 'paused' ? ' (paused)' : '';
    const failed = p.failed > 0 ? ` ${p.failed} failed` : '';
    const numbers = ` ${bar} ${p.done}/${p.total} ${p.rate.toFixed(1)}/s${eta}${paused}${failed}`;
    // On a narrow terminal the deep pass's list of stages gives way, not the counts and the time left after it
    const room = this.columns - 1 - numbers.length;
    let name = `${PHASE_NAMES[p.phase]}${p.stages.length > 0 ? ` ${p.stages.map(stageLabel).join(', ')}` : ''}`;
    if (name.length > room) name = room > 1 ? `${name.slice(0, room - 1)}…` : '';
    const line = `${name}${numbers}`.slice(0, this.columns - 1);
    this.write(`\r${line.padEnd(this.lastLength)}`);
    this.lastLength = line.length;
  }

  clear(): void {
    if (this.lastLength > 0) this.write(`\r${' '.repeat(this.lastLength)}\r`);
    this.lastLength = 0;
  }
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
