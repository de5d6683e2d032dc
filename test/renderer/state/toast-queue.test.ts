import { describe, expect, it } from 'vitest';
import { MAX_TOASTS, pushToast, type QueuedToast } from '../../../src/renderer/state/toast-queue.js';

describe('pushToast', () => {
  it('replaces an identical message instead of stacking it', () => {
    const list: QueuedToast[] = [];
    pushToast(list, { id: 1, text: 'Paused', kind: 'info' });
    pushToast(list, { id: 2, text: 'Paused', kind: 'info' });
    expect(list.map((t) => t.id)).toEqual([2]);
  });

  it(`keeps at most ${MAX_TOASTS}, dropping the oldest without an action first`, () => {
    const list: QueuedToast[] = [];
    pushToast(list, { id: 1, text: 'trashed', kind: 'info', action: { label: 'Undo' } });
    for (let i = 2; i <= 6; i++) pushToast(list, { id: i, text: `t${i}`, kind: 'error' });
    expect(list).toHaveLength(MAX_TOASTS);
    expect(list.map((t) => t.id)).toEqual([1, 5, 6]);
  });
});
