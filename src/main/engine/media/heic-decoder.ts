// HEIC/HEIF images are decoded by libheif compiled to WebAssembly (libheif-js), in a worker thread of their own,
// which also shrinks each to its preview (heic-thread.ts):
// - off the thread that serves the app: a 12 MP photo keeps WebAssembly busy ~0.5-1 s, during which the main
//   process of the desktop app (and `loupe serve`) answered nothing;
// - WebAssembly memory only grows: one 16 MP HEIC left ~120 MiB in the process for its whole life. The thread ends
//   when no HEIC has come for IDLE_MS, and that memory with it; at once when idle if a photo grew it past
//   HEIC_THREAD_KEEP_HEAP_BYTES (the next HEIC starts a fresh thread: ~50 ms of CPU, against ~650 for such a photo).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { heicThreadScript } from '../paths.js';
import type { RgbImage } from './rgb-image.js';

export interface HeicRequest {
  id: number;
  /** the file's bytes (a copy: the caller keeps its own) */
  bytes: Uint8Array;
  /** decompression-bomb guard, checked on the size the container states before any pixel is decoded */
  maxPixels: number;
  /** long edge of the preview the thread makes (the full-size pixels never leave it) */
  previewEdge: number;
  /** format name for messages, e.g. "HEIC" */
  label: string;
}

/** `heapBytes`: the thread's WebAssembly memory after the request (it never shrinks while the thread lives) */
export type HeicReply =
  | { id: number; ok: true; width: number; height: number; preview: RgbImage; heapBytes: number }
  | {
    id: number; ok: false; reason: 'container' | 'no-image' | 'too-large' | 'decode' | 'preview'; detail: string;
    width?: number; height?: number; heapBytes?: number;
  };

/** What each thread starts with. */
export interface HeicThreadData {
  wasm: WebAssembly.Module;
}

let compiled: Promise<WebAssembly.Module> | null = null;
/**
 * libheif's WebAssembly, compiled once per process and shared by every thread it starts: a thread compiling its own
 * spent ~500 ms more CPU on its first photo (a 16 MP HEIC: ~1,200 instead of ~700 ms), compiling and then running
 * unoptimised code until V8 had optimised it again.
 */
function libheifWasm(): Promise<WebAssembly.Module> {
  compiled ??= readFile(createRequire(import.meta.url).resolve('libheif-js/libheif-wasm/libheif.wasm')).then((bytes) => WebAssembly.compile(bytes));
  compiled.catch(() => { compiled = null; }); // tried again with the next HEIC
  return compiled;
}

/** How long the thread waits for the next HEIC before it ends (a library of HEIC photos keeps it busy). */
export const HEIC_THREAD_IDLE_MS = 5_000;
/**
 * A thread whose WebAssembly memory grew past this ends as soon as it is idle, not IDLE_MS later: a 12 MP photo
 * grows it to ~70 MiB, a 16 MP one to ~120 (from 16), and those would stay while the deep pass goes on with other
 * photos (and the model process reads their text). A library of such photos keeps the thread busy: no restart there.
 */
export const HEIC_THREAD_KEEP_HEAP_BYTES = 48 * 2 ** 20;

export class HeicDecoder {
  private worker: Worker | null = null;
  private nextId = 1;
  /** requests sent and not answered, with the thread each went to */
  private readonly pending = new Map<number, { worker: Worker; resolve: (r: HeicReply) => void; reject: (e: Error) => void }>();
  private idleTimer: NodeJS.Timeout | null = null;

  /** Threads started so far (tests: when a thread is ended and another started). */
  started = 0;

  /** `idleMs`: how long the thread waits for the next HEIC before it ends; `keepHeapBytes`: the WebAssembly memory
   *  past which it ends as soon as it is idle */
  constructor(private readonly idleMs = HEIC_THREAD_IDLE_MS, private readonly keepHeapBytes = HEIC_THREAD_KEEP_HEAP_BYTES) {}

  async decode(bytes: Uint8Array, opts: { maxPixels: number; previewEdge: number; label: string }): Promise<HeicReply> {
    const wasm = await libheifWasm();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const worker = this.worker ?? this.start(wasm);
    worker.ref(); // a reply is awaited: the process waits for it
    const id = this.nextId++;
    return await new Promise((resolve, reject) => {
      this.pending.set(id, { worker, resolve, reject });
      const copy = new Uint8Array(bytes);
      worker.postMessage({ id, bytes: copy, ...opts } satisfies HeicRequest, [copy.buffer]);
    });
  }

  /** Whether the thread is running now (tests: it ends when idle). */
  get running(): boolean {
    return this.worker !== null;
  }

  private start(wasm: WebAssembly.Module): Worker {
    const worker = new Worker(heicThreadScript(), { workerData: { wasm } satisfies HeicThreadData });
    this.started++;
    worker.on('message', (reply: HeicReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      waiting?.resolve(reply);
      if (this.pending.size > 0) return;
      worker.unref(); // idle: a run that is done exits without waiting for the thread's end
      // ended in a later turn of the event loop, so that a HEIC the caller sends on at once keeps it
      this.scheduleEnd(worker, (reply.heapBytes ?? 0) > this.keepHeapBytes ? 0 : this.idleMs);
    });
    // Only this thread's requests fail with it: a thread ended when idle may report its exit after the next HEIC
    // started another one (a fresh clone's suite caught that, under load).
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const [id, request] of this.pending) {
        if (request.worker !== worker) continue;
        this.pending.delete(id);
        request.reject(err);
      }
    };
    worker.on('error', (err) => fail(err));
    worker.on('exit', (code) => fail(new Error(`the HEIC decoder stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private scheduleEnd(worker: Worker, ms: number): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.worker !== worker || this.pending.size > 0) return;
      this.worker = null;
      void worker.terminate();
    }, ms);
    this.idleTimer.unref();
  }
}

/** The process's one HEIC decoder thread (started on the first HEIC). */
export const heicDecoder = new HeicDecoder();
