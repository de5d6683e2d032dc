import {
  MODEL_REQUESTS_IN_FLIGHT,
  type EmbedItemResult, type InitParams, type InitResult, type TextConfirmResult, type TextLineResult, type TextLookResult,
  type WorkerRequest, type WorkerResponse, type WorkerUsage,
} from './protocol.js';
import type { CloserCrop, DetectedFace, PersonBox } from '../faces/face-types.js';
import type { WorkerPort, WorkerPortFactory } from './worker-port.js';
import type { RgbImage } from '../media/rgb-image.js';

export class WorkerCrashedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerCrashedError';
  }
}

export interface InferenceClientOptions {
  createPort: WorkerPortFactory;
  init: InitParams;
  /** the process is stopped after this long without work, and started again on demand (frees the models' memory) */
  idleUnloadMs?: number;
  log?: (level: 'info' | 'warn', message: string) => void;
  /** called each time the process has started and loaded the models */
  onReady?: (report: InitResult) => void;
  /** model requests sent to the process at once (default MODEL_REQUESTS_IN_FLIGHT); the others wait here */
  maxInFlight?: number;
}

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

/**
 * Owns the embedding process: starts it lazily, initialises the models, sends batches, restarts it if it dies
 * (a crash fails only the batch in flight), and unloads it when idle. At most `maxInFlight` model requests are at the
 * process at once; a request whose `signal` aborts is rejected at once with the signal's reason: dropped here if it
 * was waiting, skipped by the process if it had not begun there (a model run already going finishes there unheard).
 */
export class InferenceClient {
  private port: WorkerPort | null = null;
  private ready: Promise<InitResult> | null = null;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  /** requests stopped while at the process, not yet answered there: it may still be running one of them */
  private abandoned = new Set<number>();
  private idleTimer: NodeJS.Timeout | null = null;
  private lastInit: InitResult | null = null;
  private closed = false;
  /** model requests at the process now, and the calls waiting for one of its places */
  private inFlight = 0;
  private waiting: { go: () => void }[] = [];
  /** how many times the process has been started (for status and tests) */
  starts = 0;

  constructor(private readonly options: InferenceClientOptions) {}

  /** Starts the process if needed; resolves with the models and the provider in use. */
  start(): Promise<InitResult> {
    if (this.closed) return Promise.reject(new Error('the inference client is closed'));
    this.ready ??= this.spawn();
    return this.ready;
  }

  get providerReport(): InitResult | null {
    return this.lastInit;
  }

  embed(images: RgbImage[], signal?: AbortSignal): Promise<EmbedItemResult[]> {
    return this.call({ type: 'embed', images }, signal) as Promise<EmbedItemResult[]>;
  }

  /** Faces in an upright RGB image (issue #12), in its pixels; `people`: where the object detector saw persons (left
   *  out, the model process runs the detector for them); `closer`: heads too small in `image`, cut from the original. */
  faces(image: RgbImage, people?: PersonBox[], closer?: CloserCrop[], signal?: AbortSignal): Promise<DetectedFace[]> {
    return this.call({ type: 'faces', image, people, closer }, signal) as Promise<DetectedFace[]>;
  }

  /** The descriptor of a face the user drew by hand (box in the image's pixels). */
  describeFace(image: RgbImage, box: [number, number, number, number], signal?: AbortSignal): Promise<DetectedFace> {
    return this.call({ type: 'describe-face', image, box }, signal) as Promise<DetectedFace>;
  }

  /** The text detector's quick look at a small image (src/main/engine/text). */
  textLook(image: RgbImage, signal?: AbortSignal): Promise<TextLookResult> {
    return this.call({ type: 'textLook', image }, signal) as Promise<TextLookResult>;
  }

  /** Every text line of `image`, read, the detector run at `detectEdge` pixels on the long side. */
  textRead(image: RgbImage, detectEdge: number, signal?: AbortSignal): Promise<TextLineResult[]> {
    return this.call({ type: 'textRead', image, detectEdge }, signal) as Promise<TextLineResult[]>;
  }

  /** Whether the recogniser reads anything in the quick look's candidate boxes, cut from `image` (a larger copy). */
  textConfirm(image: RgbImage, candidates: [number, number][][], signal?: AbortSignal): Promise<TextConfirmResult> {
    return this.call({ type: 'textConfirm', image, candidates }, signal) as Promise<TextConfirmResult>;
  }

  /** What the running model process has cost so far (CPU, peak RSS); null when none is running. Starts nothing. */
  async usage(): Promise<WorkerUsage | null> {
    if (!this.port || !this.ready) return null;
    try {
      await this.ready;
      return (await this.request({ type: 'usage' })) as WorkerUsage;
    } catch {
      return null; // it stopped meanwhile
    }
  }

  /** A model request: waits for one of the process's places, (re)starts the process if needed, sends it. */
  private async call(message: DistributiveOmit<WorkerRequest, 'id'>, signal?: AbortSignal): Promise<unknown> {
    await this.place(signal);
    try {
      await this.start();
      this.cancelIdle();
      try {
        return await this.request(message, signal);
      } finally {
        this.scheduleIdle();
      }
    } finally {
      this.inFlight--;
      this.waiting.shift()?.go();
    }
  }

  /** Resolves once fewer than maxInFlight model requests are at the process (taking a place), in order of asking. */
  private place(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    if (this.inFlight < (this.options.maxInFlight ?? MODEL_REQUESTS_IN_FLIGHT)) {
      this.inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const entry = {
        go: () => {
          signal?.removeEventListener('abort', onAbort);
          this.inFlight++;
          resolve();
        },
      };
      const onAbort = () => {
        this.waiting.splice(this.waiting.indexOf(entry), 1);
        reject(signal!.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(entry);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.cancelIdle();
    await this.stopProcess();
  }

  private async spawn(): Promise<InitResult> {
    const port = this.options.createPort();
    this.port = port;
    this.starts++;
    port.onMessage((m) => this.onMessage(m));
    port.onExit((code, signal) => this.onExit(port, code, signal));
    try {
      const result = (await this.request({ type: 'init', params: this.options.init })) as InitResult;
      this.lastInit = result;
      for (const f of result.fallbacks) this.options.log?.('warn', `execution provider ${f.provider} not used: ${f.reason}`);
      this.options.log?.('info', `models run on the ${result.provider} execution provider`);
      this.options.onReady?.(result);
      this.scheduleIdle();
      return result;
    } catch (err) {
      this.ready = null;
      if (this.port === port) this.port = null;
      port.kill();
      throw err;
    }
  }

  private request(message: DistributiveOmit<WorkerRequest, 'id'>, signal?: AbortSignal): Promise<unknown> {
    const port = this.port;
    if (!port) return Promise.reject(new WorkerCrashedError('the embedding process is not running'));
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      // stopped while at the process: answered now; the process skips it if it has not begun it
      const onAbort = () => {
        this.pending.delete(id);
        if (this.port === port) {
          this.abandoned.add(id);
          port.send({ id: this.nextId++, type: 'cancel', ids: [id] });
        }
        reject(signal!.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        resolve: (v) => {
          done();
          resolve(v);
        },
        reject: (e) => {
          done();
          reject(e);
        },
      });
      port.send({ ...message, id } as WorkerRequest);
    });
  }

  private onMessage(m: WorkerResponse): void {
    if ('type' in m) {
      this.options.log?.(m.level, m.message);
      return;
    }
    this.abandoned.delete(m.id);
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.ok) p.resolve(m.result);
    else p.reject(new Error(m.error));
  }

  private onExit(port: WorkerPort, code: number | null, signal: string | null): void {
    if (port !== this.port) return; // a port already detached (stopped on purpose, or replaced)
    this.port = null;
    this.ready = null; // the next request starts a fresh process
    const why = signal ? `signal ${signal}` : `exit code ${code}`;
    if (this.pending.size > 0) this.options.log?.('warn', `the embedding process stopped (${why}); it will be restarted`);
    for (const p of this.pending.values()) p.reject(new WorkerCrashedError(`the embedding process stopped (${why})`));
    this.pending.clear();
    this.abandoned.clear();
  }

  private scheduleIdle(): void {
    const ms = this.options.idleUnloadMs;
    if (!ms || this.closed) return;
    this.cancelIdle();
    this.idleTimer = setTimeout(() => {
      if (this.pending.size === 0) void this.stopProcess();
    }, ms);
    this.idleTimer.unref();
  }

  private cancelIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private async stopProcess(): Promise<void> {
    const port = this.port;
    if (!port) return;
    // Detach first: work that arrives while this process shuts down starts a fresh one instead of reaching it.
    this.port = null;
    this.ready = null;
    // still running a request a stopped job left (Ctrl-C): its answer is wanted by no one, and a shutdown would wait
    // behind it
    if (this.abandoned.size > 0) {
      this.abandoned.clear();
      port.kill();
      return;
    }
    const exited = new Promise<void>((resolve) => port.onExit(() => resolve()));
    port.send({ id: this.nextId++, type: 'shutdown' });
    // the grace timer is cleared once the process is gone: left running, it kept the CLI alive 2 s after every run
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((r) => (grace = setTimeout(r, 2000)))]);
    clearTimeout(grace);
    port.kill();
  }
}
