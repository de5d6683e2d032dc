import { describe, expect, it } from 'vitest';
import { keepShownOrder, memberFolder } from '../../../src/renderer/state/duplicate-card.js';
import type { DuplicateGroup } from '../../../src/shared/duplicate-types.js';

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
