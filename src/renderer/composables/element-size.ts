// Layout helpers for the screens that place things by hand (the map's canvas and markers, the timeline's rows,
// the grid's cells): an element's size kept in refs, and work coalesced to one run per animation frame.
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

/**
 * The content-box size of `target`, followed by a ResizeObserver from mount to unmount (0 until its first
 * report). `onResize` runs after each report, once the refs hold the new size.
 */
export function useElementSize(target: Ref<HTMLElement | null>, onResize?: () => void): { width: Ref<number>; height: Ref<number> } {
  const width = ref(0);
  const height = ref(0);
  let observer: ResizeObserver | null = null;
  onMounted(() => {
    observer = new ResizeObserver(([entry]) => {
      width.value = entry.contentRect.width;
      height.value = entry.contentRect.height;
      onResize?.();
    });
    if (target.value) observer.observe(target.value);
  });
  onBeforeUnmount(() => observer?.disconnect());
  return { width, height };
}

/**
 * A function that runs `fn` on the next animation frame, once however often it is called before then (a redraw
 * asked by every pointer move, a scroll position read on every scroll event). A pending run is dropped at unmount.
 */
export function useFrameCoalesced(fn: () => void): () => void {
  let frame = 0;
  onBeforeUnmount(() => {
    if (frame) cancelAnimationFrame(frame);
  });
  return () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      fn();
    });
  };
}
