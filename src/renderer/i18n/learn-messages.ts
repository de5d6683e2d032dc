// The learned-tags screens' words (zh + en), spread into the main table as `learn`.
import type { Locale } from './messages.js';

export interface LearnMessages {
  nav: string;
  title: string;
  intro: string;
  none: string;
  teach: string;
  teachTitle: string;
  /** the selected photos: examples, and those marked "not this" */
  selected(examples: number, counterExamples: number): string;
  /** how to mark a selected photo as a counter-example */
  notThisHint: string;
  /** the badge on a photo marked as a counter-example */
  notThis: string;
  /** a selected photo's toggle (pressed: a counter-example) */
  notThisPhoto(name: string): string;
  name: string;
  nameZh: string;
  namePlaceholder: string;
  needThree: string;
  train: string;
  training: string;
  figures(precision: number, recall: number): string;
  onExamples(count: number): string;
  f1(f1: number): string;
  fewExamples: string;
  /** the same warning on the list, where no suggestion is shown: it points to Review */
  fewExamplesReview: string;
  threshold: string;
  tagsCount(count: number): string;
  apply: string;
  suggestions: string;
  askIsThis(tag: string): string;
  yes: string;
  no: string;
  keysHint: string;
  noSuggestions: string;
  review: string;
  rename: string;
  /** the rename dialog's title */
  renameTitle(tag: string): string;
  retrain: string;
  delete: string;
  confirmDelete(tag: string, count: number): string;
  deleted(tag: string, count: number): string;
  export: string;
  import: string;
  imported(tag: string): string;
  /** an import refused, the file named: it is no learned tag Loupe exported (not JSON, another JSON, a photo) */
  importNotATag(file: string): string;
  /** an import refused, the file named: its name or Chinese name is a learned tag's already */
  importNameTaken(file: string): string;
  /** an import that failed otherwise, the file named, with the reason */
  importFailed(file: string, reason: string): string;
  trained(tag: string, count: number): string;
  confidence(score: number): string;
  /** teaching under the name of a learned tag adds the photos to it (it does not start a new one) */
  addsTo(tag: string, examples: number): string;
  /** beside a threshold the user set: answers and retrains keep it */
  thresholdYours: string;
  /** gives the threshold back to the trainer */
  thresholdAuto: string;
}

/** Figures to two decimals and percentages; anything that is not a number is shown as it is. */
const two = (x: number): string => (typeof x === 'number' ? x.toFixed(2) : String(x));
const pct = (x: number): string => (typeof x === 'number' ? `${Math.round(x * 100)}%` : String(x));

const en: LearnMessages = {
  nav: 'Learned tags',
  title: 'Learned tags',
  intro: 'Tags you taught Loupe from a few of your photos. Select photos in the library and choose “Teach a tag…”.',
  none: 'No learned tags yet.',
  teach: 'Teach a tag…',
  teachTitle: 'Teach a tag',
  selected: (n, not) =>
    (n === 1 ? '1 photo selected as an example' : `${n} photos selected as examples`) +
    (not === 0 ? '' : not === 1 ? ', 1 as a counter-example' : `, ${not} as counter-examples`),
  notThisHint: 'Click a photo that does not show the tag to teach it as a counter-example (“not this”).',
  notThis: 'Not this',
  notThisPhoto: (name) => `Not this tag: ${name}`,
  name: 'Tag name',
  nameZh: 'Chinese name (optional)',
  namePlaceholder: 'e.g. Mimi, my bike, whiteboard',
  needThree: 'Choose at least 3 example photos.',
  train: 'Teach',
  training: 'Learning…',
  figures: (p, r) => `precision ${two(p)}, recall ${two(r)}`,
  onExamples: (n) => (n === 1 ? 'on your 1 example' : `on your ${n} examples`),
  f1: (f) => `F1 ${two(f)}`,
  fewExamples: 'Few examples: these figures are rough. Answer a few suggestions below to improve the tag.',
  fewExamplesReview: 'Few examples: these figures are rough. Review the tag and answer a few suggestions to improve it.',
  threshold: 'Threshold',
  tagsCount: (n) => (n === 1 ? 'tags 1 photo' : `tags ${n} photos`),
  apply: 'Apply threshold',
  suggestions: 'Is this also the tag?',
  askIsThis: (t) => `Is this also “${t}”?`,
  yes: 'Yes',
  no: 'No',
  keysHint: 'Keys: Y yes, N no',
  noSuggestions: 'Nothing left to ask about.',
  review: 'Review',
  rename: 'Rename',
  renameTitle: (t) => `Rename “${t}”`,
  retrain: 'Retrain',
  delete: 'Delete',
  confirmDelete: (t, n) => `Delete the learned tag “${t}”? It comes off ${n} photos; tags you added by hand stay.`,
  deleted: (t, n) => `Deleted “${t}” from ${n} photos`,
  export: 'Export…',
  import: 'Import…',
  imported: (t) => `Imported “${t}”`,
  importNotATag: (f) => `“${f}” is not a learned tag exported by Loupe (Export… on this screen makes one); nothing was imported.`,
  importNameTaken: (f) => `“${f}” was not imported: a learned tag of its name is here already. Rename or delete that tag first.`,
  importFailed: (f, why) => `Could not import “${f}”: ${why}`,
  trained: (t, n) => `“${t}” is on ${n} photos`,
  confidence: (s) => pct(s),
  addsTo: (t, n) => `“${t}” is already a learned tag (${n} example${n === 1 ? '' : 's'}): these photos are added to it as examples; no new tag is made.`,
  thresholdYours: 'your threshold: answers and retrains keep it',
  thresholdAuto: 'Let Loupe choose',
};

const zhCN: LearnMessages = {
  nav: '自学标签',
  title: '自学标签',
  intro: '用你自己的几张照片教会 Loupe 的标签。在图库中选中照片，然后选择“教一个标签…”。',
  none: '还没有自学标签。',
  teach: '教一个标签…',
  teachTitle: '教一个标签',
  selected: (n, not) => `已选 ${n} 张照片作为示例` + (not === 0 ? '' : `，${not} 张作为反例`),
  notThisHint: '点击不属于这个标签的照片，把它作为反例（“不是这个”）来教。',
  notThis: '不是这个',
  notThisPhoto: (name) => `不是这个标签：${name}`,
  name: '标签名',
  nameZh: '中文名（可选）',
  namePlaceholder: '例如：咪咪、我的自行车、白板',
  needThree: '请至少选择 3 张示例照片。',
  train: '学习',
  training: '正在学习…',
  figures: (p, r) => `精确率 ${two(p)}，召回率 ${two(r)}`,
  onExamples: (n) => `（基于你的 ${n} 个示例）`,
  f1: (f) => `F1 ${two(f)}`,
  fewExamples: '示例较少，这些数字只是粗略估计。回答下面的几个问题可以改进这个标签。',
  fewExamplesReview: '示例较少，这些数字只是粗略估计。点“检查”回答几个问题可以改进这个标签。',
  threshold: '阈值',
  tagsCount: (n) => `标记 ${n} 张照片`,
  apply: '应用阈值',
  suggestions: '这也是这个标签吗？',
  askIsThis: (t) => `这也是“${t}”吗？`,
  yes: '是',
  no: '不是',
  keysHint: '按键：Y 是，N 不是',
  noSuggestions: '没有需要询问的照片了。',
  review: '检查',
  rename: '重命名',
  renameTitle: (t) => `重命名“${t}”`,
  retrain: '重新学习',
  delete: '删除',
  confirmDelete: (t, n) => `删除自学标签“${t}”？它将从 ${n} 张照片上移除；你手动添加的标签会保留。`,
  deleted: (t, n) => `已从 ${n} 张照片上删除“${t}”`,
  export: '导出…',
  import: '导入…',
  imported: (t) => `已导入“${t}”`,
  importNotATag: (f) => `“${f}”不是 Loupe 导出的自学标签文件（可用本页的“导出…”生成）；未导入任何内容。`,
  importNameTaken: (f) => `未导入“${f}”：已有同名的自学标签。请先重命名或删除那个标签。`,
  importFailed: (f, why) => `无法导入“${f}”：${why}`,
  trained: (t, n) => `“${t}”已标记 ${n} 张照片`,
  confidence: (s) => pct(s),
  addsTo: (t, n) => `“${t}”已是自学标签（${n} 个示例）：这些照片会作为示例加入它，而不是另建一个标签。`,
  thresholdYours: '你设定的阈值：回答和重新学习会保留它',
  thresholdAuto: '由 Loupe 选择',
};

export const learnMessages: Record<Locale, LearnMessages> = { en, 'zh-CN': zhCN };

/** A learned tag as the user reads it: its Chinese name in the Chinese UI, where it has one (as tags are shown elsewhere). */
export function learnedTagName(t: { tag: string; tagZh: string | null }, locale: Locale): string {
  return locale === 'zh-CN' && t.tagZh ? t.tagZh : t.tag;
}
