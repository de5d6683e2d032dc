// Listeners per event name, as both UI transports need them: the preload bridge (Electron IPC) and the
// HTTP transport (one EventSource) each receive one stream of events and fan it out to the UI's listeners.

type Listener = (payload: unknown) => void;

export class EventListeners<E extends string> {
  private readonly byEvent = new Map<E, Set<Listener>>();

  /** How many events have at least one listener. */
  get size(): number {
    return this.byEvent.size;
  }

  events(): IterableIterator<E> {
    return this.byEvent.keys();
  }

  /**
   * Adds a listener; returns the function that removes it, which is idempotent (a second call must not remove a
   * newer subscription). The same function added twice gets two independent subscriptions. `afterRemove` runs
   * after each effective removal (transports close their stream when nothing listens any more).
   */
  add(event: E, listener: Listener, afterRemove?: () => void): () => void {
    const entry: Listener = (payload) => listener(payload);
    let set = this.byEvent.get(event);
    if (!set) this.byEvent.set(event, (set = new Set()));
    set.add(entry);
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      set.delete(entry);
      if (set.size === 0) this.byEvent.delete(event);
      afterRemove?.();
    };
  }

  /** Calls every listener of `event`. One faulty listener must not starve the others; its error still surfaces
   *  (as an uncaught error in the console). */
  deliver(event: E, payload: unknown): void {
    for (const listener of [...(this.byEvent.get(event) ?? [])]) {
      try {
        listener(payload);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
