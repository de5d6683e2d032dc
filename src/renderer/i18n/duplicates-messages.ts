// The duplicates screen's sentences, per language: why a copy is kept, why two photos match, the clean-up
// summary. The engine says these as a code and parameters (DupMessage); this table words them. A code the table
// does not know falls back to the engine's English text.
import type { DuplicateGroup, DupMessage, KeepRuleId } from '../../shared/duplicate-types.js';
import type { Locale } from './messages.js';
import { formatDate } from './format.js';

type Params = DupMessage['params'];

/** A file time of the older-file rule: to the minute in the user's zone where the engine gave the time (both files
 *  of one day), else the day it gave. */
const fileTime = (p: Params, side: 'keep' | 'other', locale: Locale): string => {
  const at = p[`${side}At`];
  return typeof at === 'string' ? formatDate(at, locale) : String(p[side]);
};
type Sentence = (p: Params) => string;

export interface DuplicatesMessages {
  /** the keep rules added with copy quality (the older ones are in messages.ts dup.rules) */
  rules: Record<Exclude<KeepRuleId, 'original' | 'pixels' | 'format' | 'metadata' | 'date' | 'path'> | 'user', string>;
  /** a member badge: this copy goes to the trash when the group is cleaned up */
  willTrash: string;
  identicalCopy: string;
  editedCopy: string;
  /** the kept copy's "why" line: every other copy's line compares it with this one */
  keptCopy: string;
  /** a copy's match with the reference photo, where its pair with the kept copy was never compared */
  against(photo: string, sentence: string): string;
  /** a photo named with its folder, for `against` */
  inFolder(name: string, folder: string): string;
  whyKeep: string;
  whyMatch: string;
  /** the signals behind a verdict, folded away */
  details: string;
  notDuplicates: string;
  /** resolve all */
  resolveAll: string;
  resolveAllTitle: string;
  resolveSummary(files: number, groups: number): string;
  resolveBytes(bytes: string): string;
  decidedBy: string;
  resolveConfirm(files: number): string;
  skipGroup: string;
  included: string;
  groupLine(keep: string, trash: number): string;
  cleanedUp(files: number, groups: number): string;
  chosenKeeperSaved: string;
  /** a keep step: how many copies a rule set aside */
  setAside(copies: number): string;
  /** on the exact tab: identical copies that sit in groups with edited copies (shown on the near tab) */
  identicalElsewhere(copies: number): string;
  /** the resolve-all summary: how many copies each rule set aside */
  setAsideBy: string;
  /** while photos still wait for the stages duplicates are found by (a first index): not "no duplicates" yet */
  comparing(compared: number, photos: number): string;
}

const en: DuplicatesMessages = {
  rules: {
    intact: 'a whole file, not one that ends early',
    padding: 'not rotated or framed onto a canvas',
    edited: 'not turned, mirrored, vignetted or captioned',
    quality: 'not heavily re-compressed',
    compression: 'finer JPEG compression, however slight',
    clarity: 'sharpest, least noise',
    colour: 'colour over grey',
    user: 'your choice',
  },
  willTrash: 'Will be moved to the trash',
  identicalCopy: 'Identical copy',
  editedCopy: 'Edited copy',
  keptCopy: 'The copy to keep: each other copy is compared with it.',
  against: (photo, s) => `Compared with ${photo}: ${s}`,
  inFolder: (name, folder) => `${name} in ${folder}`,
  whyKeep: 'Why keep this one',
  whyMatch: 'Why they match',
  details: 'Signals in detail',
  notDuplicates: 'Not duplicates',
  resolveAll: 'Clean up all…',
  resolveAllTitle: 'Clean up all groups',
  resolveSummary: (files, groups) => `${files.toLocaleString('en')} copies from ${groups.toLocaleString('en')} groups will be moved to the trash. Each group keeps its suggested copy.`,
  resolveBytes: (bytes) => `This frees ${bytes}.`,
  decidedBy: 'Decided by',
  resolveConfirm: (n) => `Move ${n.toLocaleString('en')} copies to the trash`,
  skipGroup: 'Skip this group',
  included: 'Included',
  groupLine: (keep, n) => `Keep ${keep}, trash ${n === 1 ? '1 copy' : `${n} copies`}`,
  cleanedUp: (files, groups) => `Moved ${files.toLocaleString('en')} copies from ${groups.toLocaleString('en')} groups to the trash.`,
  chosenKeeperSaved: 'Your choice. It is kept, also after the library is indexed again.',
  setAside: (n) => (n === 1 ? '1 copy set aside' : `${n.toLocaleString('en')} copies set aside`),
  setAsideBy: 'Copies set aside by',
  comparing: (done, photos) =>
    `Still comparing photos: ${done.toLocaleString('en')} of ${photos.toLocaleString('en')} done. More duplicates may show up here as the rest are compared.`,
  identicalElsewhere: (n) =>
    `${n === 1 ? '1 identical copy is' : `${n.toLocaleString('en')} identical copies are`} in groups that also hold edited copies: see Edited copies, where ${n === 1 ? 'it is' : 'they are'} marked “Identical copy”.`,
};

const zhCN: DuplicatesMessages = {
  rules: {
    intact: '文件完整，而不是缺了结尾的文件',
    padding: '没有被旋转或加边框',
    edited: '没有被转向、镜像、加暗角或加上文字标记',
    quality: '没有被重度压缩',
    compression: 'JPEG 压缩更轻（哪怕只差一点）',
    clarity: '最清晰、噪点最少',
    colour: '彩色优先于黑白',
    user: '你的选择',
  },
  willTrash: '将移到回收站',
  identicalCopy: '完全相同的副本',
  editedCopy: '编辑过的副本',
  keptCopy: '要保留的一份：其他各份都与它比较。',
  against: (photo, s) => `与 ${photo} 比较：${s}`,
  inFolder: (name, folder) => `${folder} 中的 ${name}`,
  whyKeep: '为什么保留这份',
  whyMatch: '为什么是重复',
  details: '详细信号',
  notDuplicates: '不是重复照片',
  resolveAll: '全部清理…',
  resolveAllTitle: '清理所有组',
  resolveSummary: (files, groups) => `将把 ${groups.toLocaleString('zh-CN')} 组中的 ${files.toLocaleString('zh-CN')} 个副本移到回收站。每组保留推荐的那一份。`,
  resolveBytes: (bytes) => `可腾出 ${bytes}。`,
  decidedBy: '决定规则',
  resolveConfirm: (n) => `把 ${n.toLocaleString('zh-CN')} 个副本移到回收站`,
  skipGroup: '跳过这一组',
  included: '包括在内',
  groupLine: (keep, n) => `保留 ${keep}，移走 ${n} 个副本`,
  cleanedUp: (files, groups) => `已把 ${groups.toLocaleString('zh-CN')} 组中的 ${files.toLocaleString('zh-CN')} 个副本移到回收站。`,
  chosenKeeperSaved: '你的选择。它会被记住，重新索引后也不会改变。',
  setAside: (n) => `排除了 ${n.toLocaleString('zh-CN')} 份`,
  setAsideBy: '各规则排除的副本',
  comparing: (done, photos) =>
    `仍在比对照片：已比对 ${done.toLocaleString('zh-CN')} / ${photos.toLocaleString('zh-CN')} 张。其余照片比对后，这里可能还会出现更多重复照片。`,
  identicalElsewhere: (n) => `另有 ${n.toLocaleString('zh-CN')} 个完全相同的副本与编辑过的副本在同一组：见“编辑过的副本”，标为“完全相同的副本”。`,
};

/** A copy's edits (copy-edits.ts), a few words each, for a sentence naming several. */
const EDITS_EN: Record<string, string> = { turned: 'turned', mirrored: 'mirrored', tilted: 'tilted', overlay: 'captioned', vignette: 'vignetted' };
const EDITS_ZH: Record<string, string> = { turned: '被转了方向', mirrored: '被镜像', tilted: '被转了几度', overlay: '加了文字标记', vignette: '加了暗角' };
/** Why the keeper and not a copy set aside for one edit. */
const NOT_EDITED_EN: Record<string, string> = {
  turned: 'The other is turned (a quarter or half turn) against the rest of the copies.',
  mirrored: 'The other is a mirror image of the rest of the copies.',
  tilted: 'The other was turned by a few degrees against the rest of the copies.',
  overlay: 'The other carries a caption or mark the rest of the copies do not have.',
  vignette: 'The other has darkened edges (a vignette) the rest of the copies do not have.',
};
const NOT_EDITED_ZH: Record<string, string> = {
  turned: '另一份相对其他副本被转了方向（90 度或 180 度）。',
  mirrored: '另一份是其他副本的镜像。',
  tilted: '另一份相对其他副本被旋转了几度。',
  overlay: '另一份带有其他副本没有的文字或标记。',
  vignette: '另一份四周被压暗（加了暗角），其他副本没有。',
};
/** A hash match's turn or mirror (the engine's `turn` code; `transform` is its English words), in Chinese. */
const TURN_ZH: Record<string, string> = {
  rot90: '旋转 90 度',
  rot180: '旋转 180 度',
  rot270: '反向旋转 90 度',
  flipH: '左右镜像',
  flipV: '上下翻转',
  transpose: '镜像并旋转',
  antiTranspose: '镜像并旋转',
};
/** "a, b or c" from the comma-separated `list`, each worded by `table`, with the language's separators. */
function words(list: string, table: Record<string, string>, sep: string, or: string): string {
  const w = list.split(',').map((e) => table[e] ?? e);
  return w.length < 2 ? w.join('') : `${w.slice(0, -1).join(sep)}${or}${w[w.length - 1]}`;
}

/**
 * Keep reasons and pair verdicts by the engine's code (DupMessage), per language: apart from the Messages table
 * because each takes the engine's named parameters.
 */
export const DUPLICATE_SENTENCES: Record<'en' | 'zh-CN', Record<string, Sentence>> = {
  en: {
    'keep.only': () => 'The only copy.',
    'keep.user': () => 'You chose to keep this copy.',
    'keep.alike': () => 'The copies are alike on every rule; the first catalogued is kept.',
    'keep.intact': (p) => `${p.other} is damaged: ${p.damage === 'incomplete' ? 'its end is missing, the picture shows less detail' : 'the lower part of its picture is missing'}.`,
    'keep.original': (p) => `${p.other} looks like a copy by its name.`,
    'keep.more-pixels': (p) => `More pixels: ${p.keep} against ${p.other}; the other is smaller or cropped.`,
    'keep.more-picture': (p) => `More of the picture: ${p.keep} against ${p.other} once the other's padding is trimmed.`,
    'keep.not-rotated': (p) => `The other was rotated or framed onto a padded canvas (${p.share}% padding).`,
    'keep.not-edited': (p) =>
      String(p.edit).includes(',') ? `The others are ${words(String(p.edit), EDITS_EN, ', ', ' or ')} against the rest of the copies.` : (NOT_EDITED_EN[String(p.edit)] ?? NOT_EDITED_EN.turned),
    'keep.finer-jpeg': (p) => `The other was re-saved with heavy compression (quality ${p.other} against ${p.keep}).`,
    'keep.less-noise': (p) => `Cleaner: noise ${p.keep} against ${p.other} grey levels; the other looks scanned or degraded.`,
    'keep.sharper': (p) => `Sharper at the same scale (${p.keep} against ${p.other}); the other is blurred.`,
    'keep.colour': () => 'In colour; the other is a grey copy.',
    'keep.format': (p) => `Better format: ${p.keep} over ${p.other}.`,
    'keep.metadata': (p) => `More camera metadata: ${p.keep} of camera, lens, place and date against ${p.other}.`,
    'keep.older-capture': (p) => `Taken earlier: ${p.keep} against ${p.other}.`,
    'keep.older-file': (p) => `Alike in every other way; its file is older (${fileTime(p, 'keep', 'en')} against ${fileTime(p, 'other', 'en')}).`,
    'keep.finer-compression': (p) => `Alike in every other way; it is less compressed (JPEG quality ${p.keep} against ${p.other}): the other was re-saved.`,
    'keep.shorter-path': () => 'Alike in every other way; it has the shorter path.',
    'match.content': () => 'The two files are identical, byte for byte.',
    'match.same-file': () => 'Both paths lead to one file on disk (a link): nothing to clean up.',
    'match.hash': (p) => `The two pictures look the same${p.transform ? ` once one is ${p.transform}` : ''}: their fingerprints differ in ${p.distance} of 64 points.`,
    'match.embedding': (p) => `The image model sees the same picture (similarity ${p.percent}%).`,
    'match.hash+embedding': (p) => `The fingerprints are close (${p.distance} of 64) and the image model agrees (${p.percent}%).`,
    'match.local': (p) => `${p.inliers} details of one picture line up with the other${p.how ? ` (${p.how})` : ''}: one is a crop, rotation or edit of the other.`,
    'match.burst': (p) => `Taken ${p.seconds} s apart with the same camera, and the pictures are alike.`,
    'match.flat': () => 'Too plain to compare by picture (sky, a wall): only identical files are grouped.',
    'match.capture-time': (p) => `Taken ${p.seconds} s apart: different shots.`,
    'match.other-camera': () => 'Taken with different cameras.',
    'match.far-apart': (p) => `Taken ${p.metres} m apart.`,
    'match.raw+jpeg': () => 'A RAW file and the JPEG the camera wrote beside it: one shot in two forms, kept together.',
    'match.no-match': () => 'The pictures differ.',
    'match.look-alike': (p) => `Alike at a glance, but their details do not line up (${p.inliers} of ${p.needed} needed): different pictures.`,
    'match.few-features': () => 'Too few details to check point by point (a plain or tiny picture); decided by the other signals.',
    'match.vignette': () => 'One of the two has darkened edges (a vignette), taken out before the pixels were compared.',
    'match.reshot': (p) => `Their details line up, but the pictures differ in ${p.differ} of ${p.areas} areas: another shot of the same scene, not a copy.`,
  },
  'zh-CN': {
    'keep.only': () => '唯一的一份。',
    'keep.user': () => '你选择保留这一份。',
    'keep.alike': () => '各份在所有规则上都一样，保留最先编目的一份。',
    'keep.intact': (p) => `${p.other} 文件已损坏：${p.damage === 'incomplete' ? '文件结尾缺失，画面细节不全' : '画面下半部分缺失'}。`,
    'keep.original': (p) => `从文件名看，${p.other} 是副本。`,
    'keep.more-pixels': (p) => `像素更多：${p.keep} 对 ${p.other}；另一份被缩小或裁剪过。`,
    'keep.more-picture': (p) => `去掉另一份的边框后，这份的画面更多：${p.keep} 对 ${p.other}。`,
    'keep.not-rotated': (p) => `另一份被旋转过或放在加边的画布上（${p.share}% 是边框）。`,
    'keep.not-edited': (p) =>
      String(p.edit).includes(',') ? `其他几份相对其余副本${words(String(p.edit), EDITS_ZH, '、', '或')}。` : (NOT_EDITED_ZH[String(p.edit)] ?? NOT_EDITED_ZH.turned),
    'keep.finer-jpeg': (p) => `另一份被重新高度压缩过（质量 ${p.other} 对 ${p.keep}）。`,
    'keep.less-noise': (p) => `更干净：噪点 ${p.keep} 对 ${p.other} 个灰阶；另一份像是扫描件或降质的副本。`,
    'keep.sharper': (p) => `同一尺度下更清晰（${p.keep} 对 ${p.other}）；另一份是模糊的。`,
    'keep.colour': () => '这份是彩色的，另一份是黑白副本。',
    'keep.format': (p) => `格式更好：${p.keep} 优于 ${p.other}。`,
    'keep.metadata': (p) => `相机信息更多：相机、镜头、地点、日期中有 ${p.keep} 项，另一份 ${p.other} 项。`,
    'keep.older-capture': (p) => `拍摄更早：${p.keep} 对 ${p.other}。`,
    'keep.older-file': (p) => `其他方面都一样；这份文件更早（${fileTime(p, 'keep', 'zh-CN')} 对 ${fileTime(p, 'other', 'zh-CN')}）。`,
    'keep.finer-compression': (p) => `其他方面都一样；这份压缩更轻（JPEG 质量 ${p.keep} 对 ${p.other}）：另一份是重新保存的。`,
    'keep.shorter-path': () => '其他方面都一样；这份的路径更短。',
    'match.content': () => '两个文件逐字节完全相同。',
    'match.same-file': () => '两个路径指向磁盘上的同一个文件（链接），无需清理。',
    'match.hash': (p) => `两张照片看起来相同${p.transform ? `（其中一张经过${TURN_ZH[String(p.turn)] ?? '旋转或镜像'}）` : ''}：指纹 64 位中只有 ${p.distance} 位不同。`,
    'match.embedding': (p) => `图像模型认为是同一张照片（相似度 ${p.percent}%）。`,
    'match.hash+embedding': (p) => `指纹接近（64 位中 ${p.distance} 位不同），图像模型也同意（${p.percent}%）。`,
    'match.local': (p) => `一张照片的 ${p.inliers} 处细节与另一张对得上${p.how ? `（${p.how}）` : ''}：一张是另一张的裁剪、旋转或编辑。`,
    'match.burst': (p) => `同一台相机相隔 ${p.seconds} 秒拍摄，画面相似。`,
    'match.flat': () => '画面太单调（天空、墙面），无法按画面比较：只把完全相同的文件归为一组。',
    'match.capture-time': (p) => `拍摄时间相隔 ${p.seconds} 秒：是不同的照片。`,
    'match.other-camera': () => '用不同的相机拍摄。',
    'match.far-apart': (p) => `拍摄地点相距 ${p.metres} 米。`,
    'match.raw+jpeg': () => 'RAW 文件和相机同时写下的 JPEG：同一次拍摄的两种格式，一起保留。',
    'match.no-match': () => '两张照片不同。',
    'match.look-alike': (p) => `乍看相似，但细节对不上（${p.inliers} 处，需要 ${p.needed} 处）：是不同的照片。`,
    'match.few-features': () => '细节太少，无法逐点核对（画面单调或太小）；由其他信号决定。',
    'match.vignette': () => '其中一张四周被压暗（暗角），比较画面前已先去掉。',
    'match.reshot': (p) => `细节对得上，但 ${p.areas} 个区域中有 ${p.differ} 个画面不同：是同一场景的另一次拍摄，不是副本。`,
  },
};

export const DUPLICATES_MESSAGES: Record<'en' | 'zh-CN', DuplicatesMessages> = { en, 'zh-CN': zhCN };

/** Words a DupMessage in the user's language (the engine's English `fallback` when the code is unknown). */
/**
 * The rules that set copies aside before the one the group's reason names (all of them when the copies left tied on
 * every rule), one line each: why this copy and not each of the others.
 */
export function earlierKeepSteps(locale: 'en' | 'zh-CN', group: Pick<DuplicateGroup, 'keepRule' | 'keepSteps'>, ruleName: (rule: KeepRuleId) => string): string[] {
  const steps = group.keepSteps ?? [];
  const shown = group.keepRule === 'only-choice' ? steps : steps.slice(0, -1);
  return shown.map((s) => `${ruleName(s.rule)} (${DUPLICATES_MESSAGES[locale].setAside(s.ids.length)}): ${sentence(locale, s.message, s.reason)}`);
}

/** Notes the engine appends to a verdict's code (duplicate-signals.ts pairSentence), in its order. */
const VERDICT_NOTES = ['few-features', 'vignette'] as const;

export function sentence(locale: 'en' | 'zh-CN', msg: DupMessage | null | undefined, fallback = ''): string {
  if (!msg) return fallback;
  const t = DUPLICATE_SENTENCES[locale];
  // "<verdict>+few-features+vignette": the verdict, then a note for each suffix (its own sentence, `match.<note>`)
  let code = msg.code;
  const notes: string[] = [];
  for (const note of VERDICT_NOTES) {
    if (!code.endsWith(`+${note}`) && !code.includes(`+${note}+`)) continue;
    code = code.replace(`+${note}`, '');
    notes.push(t[`match.${note}`]({}));
  }
  const f = t[code];
  if (!f) return fallback;
  return [f(msg.params), ...notes].join(' ');
}
