// "Clean up all"'s summary: which rules set the copies to trash aside, not only which rule had the last word in
// each group (the stranger trial 9: "Decided by: date 12" where the file date only told an original from its byte
// copy, after the pixels, the edits and the colour had set the other copies aside).
import { describe, expect, it } from 'vitest';
import { cleanupPlan } from '../../src/shared/duplicate-plan.js';
import type { DuplicateGroup, DuplicateMember, KeepStepView } from '../../src/shared/duplicate-types.js';

const member = (id: number): DuplicateMember => ({ id, path: `/p/IMG_${id}.jpg`, score: 1, width: 100, height: 100, bytes: 1000, format: 'jpeg', takenAt: null, level: 'near', match: null });
const step = (rule: KeepStepView['rule'], ids: number[]): KeepStepView => ({ rule, ids, message: { code: 'keep.x', params: {} }, reason: '' });
const group = (id: number, keepRule: DuplicateGroup['keepRule'], ids: number[], keepSteps: KeepStepView[]): DuplicateGroup => ({
  id,
  level: 'near',
  representativeId: ids[0],
  keepId: ids[0],
  keepRule,
  reason: '',
  reasonMessage: { code: 'keep.x', params: {} },
  keepSteps,
  members: ids.map(member),
});

describe('cleanupPlan', () => {
  it('counts the copies each rule set aside, beside the groups each rule decided', () => {
    const plan = cleanupPlan([
      // pixels set two copies aside, the edits one, and the file date told the original from its byte copy
      group(1, 'date', [1, 2, 3, 4, 5], [step('pixels', [2, 3]), step('edited', [4]), step('date', [5])]),
      group(2, 'date', [11, 12, 13], [step('colour', [12]), step('date', [13])]),
      // a keeper the user chose: the rules' steps were about another copy
      group(3, 'user', [21, 22], [step('pixels', [21])]),
      group(4, 'only-choice', [31, 32], []),
    ]);
    expect(plan.byRule).toEqual([{ rule: 'date', groups: 2 }, { rule: 'only-choice', groups: 1 }, { rule: 'user', groups: 1 }]);
    expect(plan.copiesByRule).toEqual([
      { rule: 'date', copies: 2 },
      { rule: 'pixels', copies: 2 },
      { rule: 'colour', copies: 1 },
      { rule: 'edited', copies: 1 },
      { rule: 'only-choice', copies: 1 },
      { rule: 'user', copies: 1 },
    ]);
    expect(plan.copiesByRule.reduce((n, r) => n + r.copies, 0)).toBe(plan.files);
    // a skipped group counts for nothing
    expect(cleanupPlan([group(1, 'date', [1, 2, 3], [step('pixels', [2]), step('date', [3])])], new Set([1])).copiesByRule).toEqual([]);
  });
});
