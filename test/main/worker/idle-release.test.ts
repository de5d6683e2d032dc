import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IdleRelease } from '../../../src/main/worker/idle-release.js';

describe('IdleRelease', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('releases a group once it has been idle for the delay, never while a request is pending', () => {
    const release = vi.fn();
    const idle = new IdleRelease(1000, release);
    expect(idle.loaded).toBe(false);
    idle.begin();
    idle.begin(); // a second request queued behind the first
    expect(idle.loaded).toBe(true);
    idle.end();
    vi.advanceTimersByTime(5000);
    expect(release).not.toHaveBeenCalled(); // one is still pending
    idle.end();
    vi.advanceTimersByTime(999);
    expect(release).not.toHaveBeenCalled();
    idle.begin(); // used again just in time: the delay starts over after it
    idle.end();
    vi.advanceTimersByTime(999);
    expect(release).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(release).toHaveBeenCalledTimes(1);
    expect(idle.loaded).toBe(false);
    vi.advanceTimersByTime(10_000);
    expect(release).toHaveBeenCalledTimes(1); // once per use
  });

  it('releases nothing after a reset (the group was released another way)', () => {
    const release = vi.fn();
    const idle = new IdleRelease(1000, release);
    idle.begin();
    idle.end();
    idle.reset();
    vi.advanceTimersByTime(5000);
    expect(release).not.toHaveBeenCalled();
    expect(idle.loaded).toBe(false);
  });
});
