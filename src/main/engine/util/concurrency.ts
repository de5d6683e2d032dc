/**
 * Runs `worker` over `items` with at most `limit` in flight, in order of start. Resolves when all are done.
 * Errors from `worker` reject the whole run: workers are expected to catch per-item failures themselves.
 */
export async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  worker: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      await worker(items[i], i);
    }
  });
  await Promise.all(lanes);
}
