import type {
  EmbedItemResult, InitParams, InitResult, TextConfirmResult, TextLineResult, TextLookResult, WorkerRequest, WorkerResponse, WorkerUsage,
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
}

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

/**
 * Owns the embedding process: starts it lazily, initialises the models, sends batches, restarts it if it dies
 * (a crash fails only the batch in flight), and unloads it when idle.
 */
export class InferenceClient {
  private port: WorkerPort | null = null;
  private ready: Promise<InitResult> | null = null;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private idleTimer: NodeJS.Timeout | null = null;
  private lastInit: InitResult | null = null;
  private closed = false;
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

  async embed(images: RgbImage[]): Promise<EmbedItemResult[]> {
    await this.start();
    this.cancelIdle();
    try {
      return (await this.request({ type: 'embed', images })) as EmbedItemResult[];
    } finally {
      this.scheduleIdle();
    }
  }

  /** Faces in an upright RGB image (issue #12), in its pixels; `people`: where the object detector saw persons (left
   *  out, the model process runs the detector for them); `closer`: heads too small in `image`, cut from the original. */
  faces(image: RgbImage, people?: PersonBox[], closer?: CloserCrop[]): Promise<DetectedFace[]> {
    return this.call({ type: 'faces', image, people, closer }) as Promise<DetectedFace[]>;
  }

  /** The descriptor of a face the user drew by hand (box in the image's pixels). */
  describeFace(image: RgbImage, box: [number, number, number, number]): Promise<DetectedFace> {
    return this.call({ type: 'describe-face', image, box }) as Promise<DetectedFace>;
  }

  /** The text detector's quick look at a small image (src/main/engine/text). */
  textLook(image: RgbImage): Promise<TextLookResult> {
    return this.call({ type: 'textLook', image }) as Promise<TextLookResult>;
  }

  /** Every text line of `image`, read, the detector run at `detectEdge` pixels on the long side. */
  textRead(image: RgbImage, detectEdge: number): Promise<TextLineResult[]> {
    return this.call({ type: 'textRead', image, detectEdge }) as Promise<TextLineResult[]>;
  }

  /** Whether the recogniser reads anything in the quick look's candidate boxes, cut from `image` (a larger copy). */
  textConfirm(image: RgbImage, candidates: [number, number][][]): Promise<TextConfirmResult> {
    return this.call({ type: 'textConfirm', image, candidates }) as Promise<TextConfirmResult>;
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

  private async call(message: DistributiveOmit<WorkerRequest, 'id'>): Promise<unknown> {
    await this.start();
    this.cancelIdle();
    try {
      return await this.request(message);
    } finally {
      this.scheduleIdle();
    }
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

  private request(message: DistributiveOmit<WorkerRequest, 'id'>): Promise<unknown> {
    const port = this.port;
    if (!port) return Promise.reject(new WorkerCrashedError('the embedding process is not running'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      port.send({ ...message, id } as WorkerRequest);
    });
  }

  private onMessage(m: WorkerResponse): void {
    if ('type' in m) {
      this.options.log?.(m.level, m.message);
      return;
    }
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
    const exited = new Promise<void>((resolve) => port.onExit(() => resolve()));
    port.send({ id: this.nextId++, type: 'shutdown' });
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    port.kill();
  }
}
