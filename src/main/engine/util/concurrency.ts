/**
 * Runs `worker` over `items` with at most `limit` in flight, in order of start. If a worker throws, no new item
 * is started, the ones in flight are waited for (so nothing runs on after the caller has moved on, e.g. closed the
 * database), and the first error is rethrown.
 */
export async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  worker: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length && !failure) {
      const i = next++;
      try {
        await worker(items[i], i);
      } catch (error) {
        failure ??= { error };
      }
    }
  });
  await Promise.all(lanes);
  if (failure) throw (failure as { error: unknown }).error;
}
