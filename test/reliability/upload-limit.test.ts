// Dropped-image uploads to `loupe serve` are limited: a few at a time, a bounded queue, then "busy".
import { describe, expect, it } from 'vitest';
import { MAX_CONCURRENT_UPLOADS, MAX_WAITING_UPLOADS, UploadLimit } from '../../src/main/server/upload-limit.js';

describe('upload limit', () => {
  it('never runs more than the cap at once, queues a few, refuses the rest, and hands slots on in order', async () => {
    const limit = new UploadLimit();
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const gates: (() => void)[] = [];
    const jobs = Array.from({ length: MAX_CONCURRENT_UPLOADS + MAX_WAITING_UPLOADS + 3 }, (_, i) =>
      limit.acquire().then(async (release) => {
        if (!release) return 'busy';
        running++;
        peak = Math.max(peak, running);
        order.push(i);
        await new Promise<void>((r) => gates.push(r));
        running--;
        release();
        return 'done';
      }),
    );
    // Let everything that can start start, then open the gates one by one.
    for (let opened = 0; opened < MAX_CONCURRENT_UPLOADS + MAX_WAITING_UPLOADS; opened++) {
      while (gates.length === 0) await new Promise((r) => setTimeout(r, 1));
      gates.shift()!();
      await new Promise((r) => setTimeout(r, 1));
    }
    const results = await Promise.all(jobs);
    expect(peak).toBe(MAX_CONCURRENT_UPLOADS);
    expect(results.filter((r) => r === 'busy')).toHaveLength(3);
    expect(order).toEqual([...order].sort((a, b) => a - b)); // first come, first served
    expect(limit.inFlight).toBe(0);
  });
});
