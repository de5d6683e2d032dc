// Reordering the keep-best rules in Settings. The first rule that tells copies apart decides, so
// order is the whole setting; a move never loses or duplicates a rule.
import type { KeepRuleId } from '../../shared/duplicate-types.js';

/** A copy of `rules` with the rule at `index` moved by `delta` places (clamped at both ends). */
export function moveRule(rules: readonly KeepRuleId[], index: number, delta: number): KeepRuleId[] {
  const next = [...rules];
  if (index < 0 || index >= next.length) return next;
  const target = Math.min(next.length - 1, Math.max(0, index + delta));
  const [rule] = next.splice(index, 1);
  next.splice(target, 0, rule);
  return next;
}
