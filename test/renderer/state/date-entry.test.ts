import { describe, expect, it } from 'vitest';
import { readDateEntry } from '../../../src/renderer/state/date-entry.js';

describe('a date field\'s text', () => {
  const now = Date.UTC(2026, 11, 6);
  it('is a date to set, or with a sign an offset to shift by', () => {
    expect(readDateEntry(' 2019-05-12 14:30 ', now)).toEqual({ kind: 'set', change: { set: '2019-05-12 14:30' }, iso: '2019-05-12T14:30:00' });
    expect(readDateEntry('-2d', now)).toEqual({ kind: 'shift', change: { shift: '-2d' }, offset: '-2d' });
    expect(readDateEntry('+0:30', now)).toMatchObject({ kind: 'shift' });
  });
  it('is nothing yet, or not understood', () => {
    expect(readDateEntry('  ', now)).toEqual({ kind: 'empty' });
    for (const t of ['+soon', '2019-02-30', '1700-01-01', 'tomorrow']) expect(readDateEntry(t, now)).toEqual({ kind: 'invalid' });
  });
});
