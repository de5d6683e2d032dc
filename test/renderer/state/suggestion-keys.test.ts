import { describe, expect, it } from 'vitest';
import { suggestionAnswerFor } from '../../../src/renderer/state/suggestion-keys.js';

const body = { tagName: 'BODY' };

describe('the keys that answer a face suggestion on the People screen', () => {
  it('answers Y, N and S with the focus anywhere on the screen, as the hint says, not only on the question', () => {
    expect(suggestionAnswerFor({ key: 'y' }, body, false)).toBe('yes');
    expect(suggestionAnswerFor({ key: 'N' }, body, false)).toBe('no');
    expect(suggestionAnswerFor({ key: 's' }, { tagName: 'DIV' }, false)).toBe('skip');
  });

  it('leaves typing alone: a name being typed, the search box, shortcuts; letters still answer on a focused button', () => {
    expect(suggestionAnswerFor({ key: 'y' }, { tagName: 'INPUT' }, false)).toBeNull();
    expect(suggestionAnswerFor({ key: 'n' }, { tagName: 'TEXTAREA' }, false)).toBeNull();
    expect(suggestionAnswerFor({ key: 'n' }, { tagName: 'DIV', isContentEditable: true }, false)).toBeNull();
    // a focused button takes Enter and Space, not letters: the People link just clicked keeps the focus
    expect(suggestionAnswerFor({ key: 'y' }, { tagName: 'BUTTON' }, false)).toBe('yes');
    expect(suggestionAnswerFor({ key: 'Enter' }, { tagName: 'BUTTON' }, false)).toBeNull();
    expect(suggestionAnswerFor({ key: 's', ctrlKey: true }, body, false)).toBeNull();
    expect(suggestionAnswerFor({ key: 'x' }, body, false)).toBeNull();
  });

  it('keeps Enter, Backspace and → for the question itself', () => {
    expect(suggestionAnswerFor({ key: 'Enter' }, body, false)).toBeNull();
    expect(suggestionAnswerFor({ key: 'Backspace' }, body, false)).toBeNull();
    expect(suggestionAnswerFor({ key: 'Enter' }, { tagName: 'SECTION' }, true)).toBe('yes');
    expect(suggestionAnswerFor({ key: 'Backspace' }, { tagName: 'SECTION' }, true)).toBe('no');
    expect(suggestionAnswerFor({ key: 'ArrowRight' }, { tagName: 'SECTION' }, true)).toBe('skip');
    // Enter on the question's No button is that button's click, not a "yes"
    expect(suggestionAnswerFor({ key: 'Enter' }, { tagName: 'BUTTON' }, true)).toBeNull();
    expect(suggestionAnswerFor({ key: 'y' }, { tagName: 'BUTTON' }, true)).toBe('yes');
  });
});
