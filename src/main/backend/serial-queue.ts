/**
 * Runs async tasks one after another. The full index and the watcher's batches both reconcile the catalog with
 * the disk and process due files; run side by side they would hash and embed the same files twice and race on
 * moves, so every piece of library work goes through one queue.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    // The next task waits for this one to settle, whether it failed or not.
    this.tail = result.catch(() => {});
    return result;
  }

  /** Resolves once everything queued so far has settled. */
  async idle(): Promise<void> {
    let last;
    do {
      last = this.tail;
      await last;
    } while (last !== this.tail);
  }
}
