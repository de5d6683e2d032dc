// The host's native folder picker, where it has one (Electron does; a page in a browser never learns real paths,
// so there the user types the path). Used to add a library folder and to choose where exports go.
import { computed, type ComputedRef } from 'vue';
import { host, toastError } from '../state/app.js';

/** `canPick`: whether the host has a picker; `pick()`: opens it and hands the chosen folder to `chosen` (nothing
 *  when the user cancels); an error of either is shown as a toast. */
export function useFolderPicker(chosen: (path: string) => unknown): { canPick: ComputedRef<boolean>; pick: () => Promise<void> } {
  const canPick = computed(() => typeof host().pickFolder === 'function');
  async function pick(): Promise<void> {
    try {
      const path = await host().pickFolder?.();
      if (path) await chosen(path);
    } catch (error) {
      toastError(error);
    }
  }
  return { canPick, pick };
}
