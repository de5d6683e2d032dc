import { describe, expect, it } from 'vitest';
import { keepShownOrder, memberFolder, pairWithKeeper } from '../../../src/renderer/state/duplicate-card.js';
import type { DuplicateGroup, DuplicateMember, PairExplanation } from '../../../src/shared/duplicate-types.js';

describe('memberFolder', () => {
  it('gives the folder from the library folder its own name on', () => {
    expect(memberFolder('/home/ann/Photos/DCIM/101CANON/IMG_1.jpg', ['/home/ann/Photos'])).toBe('Photos/DCIM/101CANON');
    expect(memberFolder('/home/ann/Photos/IMG_1.jpg', ['/home/ann/Photos/'])).toBe('Photos');
    // the innermost of nested library folders; a folder whose name only starts alike does not hold it
    expect(memberFolder('/home/ann/Photos/Trips/2019/IMG_1.jpg', ['/home/ann/Photos', '/home/ann/Photos/Trips'])).toBe('Trips/2019');
    expect(memberFolder('/home/ann/Photos2/IMG_1.jpg', ['/home/ann/Photos'])).toBe('/home/ann/Photos2');
    expect(memberFolder('C:\\Users\\ann\\Pictures\\Backup\\IMG_1.jpg', ['C:\\Users\\ann\\Pictures'])).toBe('Pictures\\Backup');
    // a library folder at the root of a drive: the whole folder
    expect(memberFolder('/IMG/x/IMG_1.jpg', ['/'])).toBe('/IMG/x');
  });
});

describe('keepShownOrder', () => {
  const member = (id: number) => ({ id, path: `/p/${id}.jpg` }) as DuplicateGroup['members'][number];
  it('keeps the members where the card showed them, new ones last', () => {
    const shown = { id: 1, keepId: 10, members: [member(10), member(11), member(12)] } as DuplicateGroup;
    const updated = { id: 1, keepId: 12, members: [member(12), member(13), member(10), member(11)] } as DuplicateGroup;
    const out = keepShownOrder(shown, updated);
    expect(out.members.map((x) => x.id)).toEqual([10, 11, 12, 13]);
    expect(out.keepId).toBe(12);
    expect(updated.members.map((x) => x.id)).toEqual([12, 13, 10, 11]);
  });
});

describe('pairWithKeeper: a copy\'s "why" speaks of the pair its label does, the copy and the kept one', () => {
  const match = (code: string, contentEqual = false) => ({ message: { code, params: {} }, text: code, contentEqual }) as unknown as PairExplanation;
  const member = (id: number, level: DuplicateMember['level'], m: PairExplanation | null) =>
    ({ id, path: `/p/${id}.jpg`, level, match: m }) as DuplicateMember;
  // 1 the representative; 2 its byte-for-byte backup; 3 a smaller export of it; 4 a crop that matched 1
  const rep = member(1, 'near', null);
  const backup = member(2, 'near', match('match.content', true));
  const exported = member(3, 'exact', match('match.hash'));
  const crop = member(4, 'near', match('match.local'));
  const group = { representativeId: 1, keepId: 3, members: [exported, rep, backup, crop] };

  it('the kept copy is the one the others are compared with', () => {
    expect(pairWithKeeper(group, exported, 3)).toEqual({ kind: 'keeper' });
  });

  it('where the representative is kept, each copy\'s own match', () => {
    const kept = { ...group, keepId: 1 };
    expect(pairWithKeeper(kept, crop, 1)).toMatchObject({ message: { code: 'match.local' } });
    expect(pairWithKeeper(kept, crop, 1)).not.toHaveProperty('through');
  });

  it('where another copy is kept: the representative and its backup say the kept copy\'s match, not "identical"', () => {
    for (const m of [rep, backup]) {
      const pair = pairWithKeeper(group, m, 3);
      expect(pair).toMatchObject({ kind: 'pair', message: { code: 'match.hash' } });
      expect(pair).not.toHaveProperty('through');
    }
  });

  it('a copy with the kept copy\'s bytes is identical to it, whatever it matched', () => {
    const twin = member(5, 'exact', match('match.hash'));
    expect(pairWithKeeper({ ...group, members: [...group.members, twin] }, twin, 3)).toMatchObject({ message: { code: 'match.content' } });
  });

  it('a copy never compared with the kept one names the photo its match is with', () => {
    expect(pairWithKeeper(group, crop, 3)).toMatchObject({ message: { code: 'match.local' }, through: { id: 1 } });
  });

  it('a keeper chosen but not yet answered by the engine: its levels are not taken as against the new keeper', () => {
    // the engine's levels are against 3 ('exact' for 3 itself); the user now chose 4
    expect(pairWithKeeper(group, exported, 4)).toMatchObject({ message: { code: 'match.hash' }, through: { id: 1 } });
  });
});
