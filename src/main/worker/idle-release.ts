/**
 * Releases a group of models (their sessions and the buffers their runs grew) once no request has used it for a
 * while; the group loads again on its next request. The passes use different models: the quick pass only the
 * embedding models, the deep pass only the face and text models, so each pass's models go while the other runs.
 */
export class IdleRelease {
  private timer: NodeJS.Timeout | null = null;
  /** requests for the group received and not yet answered */
  private pending = 0;
  private used = false;
  /** when the group's last request was answered (performance.now()) */
  private lastEnd = 0;

  /** `release` is called (at most once per use) `ms` after the last of the group's requests was answered. */
  constructor(private readonly ms: number, private readonly release: () => void) {}

  /** Whether the group has been used since it was last released (its models are loaded, or loading). */
  get loaded(): boolean {
    return this.used;
  }

  /** A request for the group arrived: no release until it is answered. */
  begin(): void {
    this.pending++;
    this.used = true;
    this.clear();
  }

  /** The request was answered: the group is released if nothing uses it for `ms`. */
  end(): void {
    this.pending = Math.max(0, this.pending - 1);
    this.lastEnd = performance.now();
    if (this.pending > 0 || !Number.isFinite(this.ms)) return;
    this.clear();
    this.timer = setTimeout(() => this.releaseNow(), this.ms);
    this.timer.unref(); // an idle process may still exit
  }

  /**
   * Another group's request came: this group goes now if nothing has used it for `ms` (shorter than the idle delay),
   * as the other pass has begun. Within a pass the requests of one group follow each other without such a gap.
   */
  releaseIfIdleFor(ms: number): void {
    if (this.used && this.pending === 0 && performance.now() - this.lastEnd >= ms) this.releaseNow();
  }

  /** The group was released some other way (shutdown, re-initialisation): nothing left to release. */
  reset(): void {
    this.clear();
    this.pending = 0;
    this.used = false;
  }

  private releaseNow(): void {
    this.clear();
    if (this.pending > 0 || !this.used) return;
    this.used = false;
    this.release();
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
