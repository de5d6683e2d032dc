// Server-Sent Events carrying LoupeEvents to every open page. One-way is all the UI needs (calls go over POST),
// and SSE needs no dependency and reconnects by itself in the browser.
import type { ServerResponse } from 'node:http';
import type { ApiEvent, LoupeEvents } from '../../shared/api.js';

const KEEPALIVE_MS = 25_000;
/** A page that stopped reading (a frozen background tab) is dropped rather than buffered for without end; the
 *  browser's EventSource reconnects when it wakes, and the UI then asks again. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export class EventHub {
  private readonly clients = new Set<ServerResponse>();
  private keepalive: NodeJS.Timeout | null = null;

  /** Bound, so it can be handed to createEngineBackend as `emit`. */
  readonly emit = <E extends ApiEvent>(event: E, payload: LoupeEvents[E]): void => {
    // JSON never contains a raw newline, so one `data:` line carries the whole payload.
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const res of this.clients) this.send(res, frame);
  };

  private send(res: ServerResponse, frame: string): void {
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      this.clients.delete(res);
      res.destroy();
      return;
    }
    res.write(frame);
  }

  get size(): number {
    return this.clients.size;
  }

  /** Turns a response into an event stream until the client goes away. */
  attach(res: ServerResponse): void {
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Connection', 'keep-alive');
    res.flushHeaders();
    // A comment line: lets the client see the stream is open before the first event.
    res.write(': connected\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
    // Proxies and idle timers drop silent connections; a comment every 25 s keeps it open.
    this.keepalive ??= setInterval(() => {
      for (const c of this.clients) this.send(c, ': keepalive\n\n');
    }, KEEPALIVE_MS).unref();
  }

  close(): void {
    if (this.keepalive) clearInterval(this.keepalive);
    this.keepalive = null;
    for (const res of this.clients) res.end();
    this.clients.clear();
  }
}
