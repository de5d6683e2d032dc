import { describe, expect, it } from 'vitest';
import { DEFAULT_KEEP_RULES } from '../../../src/shared/duplicate-types.js';
import { moveRule } from '../../../src/renderer/state/keep-rules.js';
import { resolveTheme } from '../../../src/renderer/state/theme.js';

describe('moveRule', () => {
  it('moves a rule up or down one place without touching the input', () => {
    const rules = [...DEFAULT_KEEP_RULES];
    const [first, second] = DEFAULT_KEEP_RULES;
    const [beforeLast, last] = DEFAULT_KEEP_RULES.slice(-2);
    const rest = DEFAULT_KEEP_RULES.slice(2, -2);
    expect(moveRule(rules, 1, -1)).toEqual([second, first, ...rest, beforeLast, last]);
    expect(moveRule(rules, 0, 1)).toEqual([second, first, ...rest, beforeLast, last]);
    expect(moveRule(rules, rules.length - 2, 1)).toEqual([first, second, ...rest, last, beforeLast]);
    expect(rules).toEqual([...DEFAULT_KEEP_RULES]);
  });

  it('clamps at the ends and never loses or duplicates a rule', () => {
    expect(moveRule(DEFAULT_KEEP_RULES, 0, -1)).toEqual([...DEFAULT_KEEP_RULES]);
    expect(moveRule(DEFAULT_KEEP_RULES, DEFAULT_KEEP_RULES.length - 1, 1)).toEqual([...DEFAULT_KEEP_RULES]);
    expect(moveRule(DEFAULT_KEEP_RULES, DEFAULT_KEEP_RULES.length + 3, 1)).toEqual([...DEFAULT_KEEP_RULES]);
    let rules = [...DEFAULT_KEEP_RULES];
    for (let i = 0; i < 50; i++) rules = moveRule(rules, (i * 7) % rules.length, i % 2 ? 1 : -3);
    expect([...rules].sort()).toEqual([...DEFAULT_KEEP_RULES].sort());
  });
});

describe('resolveTheme', () => {
  it('uses the saved choice, or the system preference for "system"', () => {
    expect(resolveTheme('dark', false)).toBe('dark');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
  });
});
