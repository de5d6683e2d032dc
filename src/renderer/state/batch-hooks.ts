// Extension points for batch actions that other screens provide. The learned-tags feature connects
// "Teach a tag…" here: `onTeachTag((photoIds) => openTeachDialog(photoIds))` (e.g. from its view module or main.ts).
// Until something is connected the selection bar does not show the button: no dialog is faked.
import { shallowRef } from 'vue';

export type TeachTagHandler = (photoIds: number[]) => void;

/** The connected handler of "Teach a tag…", or null. */
export const teachTagHandler = shallowRef<TeachTagHandler | null>(null);

/** Connects "Teach a tag…" on a selection of photos; returns the function that disconnects it. */
export function onTeachTag(handler: TeachTagHandler): () => void {
  teachTagHandler.value = handler;
  return () => {
    if (teachTagHandler.value === handler) teachTagHandler.value = null;
  };
}
