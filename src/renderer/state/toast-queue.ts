// The rules that keep toasts readable: the same message again replaces the earlier one (a repeated failure is
// one toast, not a stack), and at most MAX_TOASTS show, the oldest without an action (Undo) leaving first.
export const MAX_TOASTS = 3;

export interface QueuedToast {
  id: number;
  text: string;
  kind: 'info' | 'error';
  action?: unknown;
}

/** Adds `toast` to `list` in place; returns the ids that left (their timers can be dropped). */
export function pushToast<T extends QueuedToast>(list: T[], toast: T, max = MAX_TOASTS): number[] {
  const gone: number[] = [];
  for (let i = list.length - 1; i >= 0; i--) {
    if (list[i].text === toast.text && list[i].kind === toast.kind) gone.push(...list.splice(i, 1).map((t) => t.id));
  }
  list.push(toast);
  while (list.length > max) {
    const i = list.findIndex((t) => !t.action);
    gone.push(...list.splice(i >= 0 && list[i] !== toast ? i : 0, 1).map((t) => t.id));
  }
  return gone;
}
