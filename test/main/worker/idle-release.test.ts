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

describe('IdleRelease.releaseIfIdleFor', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("releases a group at once when another pass's request comes after a short gap, not during its own use", () => {
    const release = vi.fn();
    const idle = new IdleRelease(5000, release);
    idle.releaseIfIdleFor(1000);
    expect(release).not.toHaveBeenCalled(); // never used: nothing to release
    idle.begin();
    idle.releaseIfIdleFor(0);
    expect(release).not.toHaveBeenCalled(); // a request is pending
    idle.end();
    vi.advanceTimersByTime(500);
    idle.releaseIfIdleFor(1000);
    expect(release).not.toHaveBeenCalled(); // used half a second ago: still this pass
    vi.advanceTimersByTime(500);
    idle.releaseIfIdleFor(1000);
    expect(release).toHaveBeenCalledTimes(1);
    expect(idle.loaded).toBe(false);
    vi.advanceTimersByTime(10_000);
    expect(release).toHaveBeenCalledTimes(1); // the idle timer does not release it a second time
  });
});
