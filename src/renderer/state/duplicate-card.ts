// What a duplicate group's card shows of its members beyond the engine's answer: the order the user saw them in,
// and the folder that tells one copy from another.
import type { DuplicateGroup, DuplicateMember, DupMessage } from '../../shared/duplicate-types.js';

/**
 * `updated` with its members in the order `shown` had them, members new to the group last. The engine lists the
 * keeper first, so a copy chosen with "Keep this one" jumped to the front of its row and every card under the pointer
 * moved: the next click landed on another copy than the one the user was looking at.
 */
export function keepShownOrder(shown: DuplicateGroup, updated: DuplicateGroup): DuplicateGroup {
  const at = new Map(shown.members.map((x, i) => [x.id, i]));
  const rank = (id: number): number => at.get(id) ?? Number.MAX_SAFE_INTEGER;
  return { ...updated, members: [...updated.members].sort((a, b) => rank(a.id) - rank(b.id)) };
}

/**
 * The folder of `filePath` from its library folder's own name on ("Photos/DCIM/101CANON"): the part that tells
 * copies apart, where the whole path began with what they share and was cut off before it. The whole folder where
 * no library folder holds the file.
 */
export function memberFolder(filePath: string, libraryFolders: readonly string[]): string {
  const sep = filePath.includes('\\') && !filePath.includes('/') ? '\\' : '/';
  const folder = filePath.slice(0, Math.max(0, filePath.lastIndexOf(sep)));
  const root = libraryFolders
    .map((f) => f.replace(/[\\/]+$/, ''))
    .filter((f) => folder === f || folder.startsWith(f + sep))
    .sort((a, b) => b.length - a.length)[0];
  if (root === undefined) return folder;
  const parent = root.slice(0, Math.max(0, root.lastIndexOf(sep)));
  return parent ? folder.slice(parent.length + 1) : folder;
}

/**
 * What a member's "why" line says, about the same pair as its label ("Identical copy", "Edited copy"): the member
 * against the copy kept, since that is the pair a user trashing copies decides on. The engine stores each member's
 * match with the group's representative, which is the kept copy in most groups; where it is not (another keeper by
 * the rules, or the user's choice):
 * - a copy with the kept copy's bytes is identical to it, whatever it matched;
 * - the representative's pair with the kept copy is the kept copy's own match (a pair reads the same both ways), and
 *   so is that of a copy with the representative's bytes;
 * - any other copy's pair with the kept copy was never compared: its match is shown as what it is, against the
 *   representative (`through`), which the card names.
 * `keeper`: the kept copy itself.
 */
export type KeeperPair =
  | { kind: 'keeper' }
  | { kind: 'pair'; message: DupMessage | null; text: string; through?: DuplicateMember };

export function pairWithKeeper(group: Pick<DuplicateGroup, 'keepId' | 'representativeId' | 'members'>, member: DuplicateMember, keepId: number): KeeperPair {
  if (member.id === keepId) return { kind: 'keeper' };
  const keeper = group.members.find((x) => x.id === keepId);
  // the engine's levels are against its own keeper: a choice not yet answered is not what they compare with
  if (keepId === group.keepId && member.level === 'exact') return { kind: 'pair', message: { code: 'match.content', params: {} }, text: 'The two files are identical, byte for byte.' };
  if (keepId === group.representativeId) return { kind: 'pair', message: member.match?.message ?? null, text: member.match?.text ?? '' };
  const asRepresentative = member.id === group.representativeId || member.match?.contentEqual === true;
  if (asRepresentative && keeper?.match) return { kind: 'pair', message: keeper.match.message, text: keeper.match.text };
  const rep = group.members.find((x) => x.id === group.representativeId);
  return { kind: 'pair', message: member.match?.message ?? null, text: member.match?.text ?? '', ...(rep && { through: rep }) };
}
