// HEIC/HEIF images are decoded by libheif compiled to WebAssembly (heic-decode), in a worker thread of their own:
// - off the thread that serves the app: a 12 MP photo keeps WebAssembly busy ~0.5-1 s, during which the main
//   process of the desktop app (and `loupe serve`) answered nothing;
// - WebAssembly memory only grows: one 16 MP HEIC left ~140 MiB in the process for its whole life. The thread ends
//   when no HEIC has come for IDLE_MS, and that memory with it.
import { Worker } from 'node:worker_threads';
import { heicThreadScript } from '../paths.js';

export interface HeicRequest {
  id: number;
  /** the file's bytes (a copy: the caller keeps its own) */
  bytes: Uint8Array;
  /** decompression-bomb guard, checked on the size the container states before any pixel is decoded */
  maxPixels: number;
}

export type HeicReply =
  | { id: number; ok: true; width: number; height: number; /** interleaved RGBA */ rgba: Uint8Array }
  | { id: number; ok: false; reason: 'container' | 'no-image' | 'too-large' | 'decode'; detail: string; width?: number; height?: number };

/** How long the thread waits for the next HEIC before it ends (a library of HEIC photos keeps it busy). */
export const HEIC_THREAD_IDLE_MS = 5_000;

export class HeicDecoder {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: HeicReply) => void; reject: (e: Error) => void }>();
  private idleTimer: NodeJS.Timeout | null = null;

  /** `idleMs`: how long the thread waits for the next HEIC before it ends */
  constructor(private readonly idleMs = HEIC_THREAD_IDLE_MS) {}

  decode(bytes: Uint8Array, maxPixels: number): Promise<HeicReply> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const worker = this.worker ?? this.start();
    worker.ref(); // a reply is awaited: the process waits for it
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const copy = new Uint8Array(bytes);
      worker.postMessage({ id, bytes: copy, maxPixels } satisfies HeicRequest, [copy.buffer]);
    });
  }

  /** Whether the thread is running now (tests: it ends when idle). */
  get running(): boolean {
    return this.worker !== null;
  }

  private start(): Worker {
    const worker = new Worker(heicThreadScript());
    worker.on('message', (reply: HeicReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      waiting?.resolve(reply);
      if (this.pending.size > 0) return;
      worker.unref(); // idle: a run that is done exits without waiting for the thread's end
      this.scheduleEnd(worker);
    });
    const fail = (err: Error) => {
      // A thread ended when idle exits (code 1) after a new one may have taken the next photo: what is waiting
      // belongs to that one, not to this (trial 17: that photo failed with "the HEIC decoder stopped").
      if (this.worker !== worker) return;
      this.worker = null;
      for (const { reject } of this.pending.values()) reject(err);
      this.pending.clear();
    };
    worker.on('error', (err) => fail(err));
    worker.on('exit', (code) => fail(new Error(`the HEIC decoder stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private scheduleEnd(worker: Worker): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.worker !== worker || this.pending.size > 0) return;
      this.worker = null;
      void worker.terminate();
    }, this.idleMs);
    this.idleTimer.unref();
  }
}

/** The process's one HEIC decoder thread (started on the first HEIC). */
export const heicDecoder = new HeicDecoder();
