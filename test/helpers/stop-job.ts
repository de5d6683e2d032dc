import { Job } from '../../src/main/engine/jobs/job.js';

/** A job cancelled (as by Ctrl-C) once `photo` is through the quick pass; `early` says whether other photos were
 *  still to go then, so that the run stopped inside the quick pass, before the comparison, whatever the code after. */
export class StopAfterQuickPassOf extends Job {
  early: boolean | null = null;
  constructor(private readonly photo: string) {
    super('index');
  }
  override itemDone(current: string | null, ok = true): void {
    super.itemDone(current, ok);
    const { phase, done, total } = this.progress();
    if (phase === 'analyze' && current === this.photo && this.early === null) {
      this.early = done < total;
      this.cancel();
    }
  }
}

/** A job cancelled (as by Ctrl-C) as its deep pass (faces, text...) finishes its first photo: the quick pass and the
 *  comparison with the photos that went are through, the run not. */
export class StopInDeepPass extends Job {
  stopped = false;
  constructor() {
    super('index');
  }
  override itemDone(current: string | null, ok = true): void {
    super.itemDone(current, ok);
    if (this.progress().phase === 'deep' && !this.stopped) {
      this.stopped = true;
      this.cancel();
    }
  }
}
