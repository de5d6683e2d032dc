// The keys that answer "Is this Anna?" on the People screen. The hint under the question names them, so they work
// wherever the focus is not taking typed text, not only once the question itself has the focus.
// Enter, Backspace and → answer only on the question itself: elsewhere they do other things (a button, the browser).

export type SuggestionAnswer = 'yes' | 'no' | 'skip';

/** What a key does: `onQuestion` when the question has the focus; `target` the element the key went to. */
export function suggestionAnswerFor(
  event: { key: string; ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean },
  target: { tagName?: string; isContentEditable?: boolean } | null,
  onQuestion: boolean,
): SuggestionAnswer | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  const key = event.key.toLowerCase();
  const tag = (target?.tagName ?? '').toUpperCase();
  if (onQuestion) {
    // Enter on the question's own No or Skip button presses that button, not "yes"
    if (key === 'enter' && tag === 'BUTTON') return null;
    if (key === 'y' || key === 'enter') return 'yes';
    if (key === 'n' || key === 'backspace') return 'no';
    if (key === 's' || key === 'arrowright') return 'skip';
    return null;
  }
  // a focused button (the People link just clicked, say) does nothing with letters: they still answer
  if (target?.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(tag)) return null;
  if (key === 'y') return 'yes';
  if (key === 'n') return 'no';
  if (key === 's') return 'skip';
  return null;
}
